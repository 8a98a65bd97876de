"""Backup and restore round trip (runs on SQLite and, with DATABASE_URL, on PostgreSQL)."""

import datetime
import gzip
import hashlib
import json
import os
import stat
import tarfile
import uuid
import zipfile
from decimal import Decimal

import pyrage
import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from kmut import backups, roles
from kmut.models import Language
from tests.factories import (
    FieldOfActionFactory,
    LanguageFactory,
    MunicipalityFactory,
    OfferFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.reporting import annual_factories as annual
from tests.roundtable import factories as rt
from tests.volunteers import factories as vol

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("backup_key")]

RECEIPT_BYTES = b"%PDF-1.4 Beleg Fahrtkosten"


def _office_data():
    call_command("sync_roles", verbosity=0)
    user = UserFactory(username="miriam", role=roles.COORDINATION)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    offer = OfferFactory()
    offer.title = "Sprachcafé am Dienstag"
    offer.save()  # a second history row
    rt.AgendaItemFactory()
    annual.AnnualReportFactory()
    from volunteers.models import Receipt

    return Receipt.objects.create(
        claim=vol.ExpenseClaimFactory(),
        file=SimpleUploadedFile("beleg.pdf", RECEIPT_BYTES),
        original_name="beleg.pdf",
        content_type="application/pdf",
        size=len(RECEIPT_BYTES),
    )


def _open_archive(archive, identity):
    """The tar inside an encrypted backup (decrypted in the test with pyrage directly)."""
    text = identity.read_text().splitlines()
    key = pyrage.x25519.Identity.from_str(next(line for line in text if line.startswith("AGE-")))
    plain = archive.with_name("plain.tar.gz")
    plain.write_bytes(pyrage.decrypt(archive.read_bytes(), [key]))
    return tarfile.open(plain)


def _write_archive(archive, identity, members):
    """Encrypt a tar with these (name, bytes) members to the key of the identity file."""
    plain = archive.with_name("rebuilt.tar.gz")
    with tarfile.open(plain, "w:gz") as tar:
        for name, content in members:
            backups._add_bytes(tar, name, content)
    text = identity.read_text().splitlines()
    key = pyrage.x25519.Identity.from_str(next(line for line in text if line.startswith("AGE-")))
    archive.write_bytes(pyrage.encrypt(plain.read_bytes(), [key.to_public()]))


def _empty_instance():
    call_command("flush", interactive=False, verbosity=0)
    for name in list(backups._media_files()):
        default_storage.delete(name)


def test_backup_and_restore_round_trip_keeps_rows_history_and_files(tmp_path, backup_key):
    receipt = _office_data()
    organisation = OrganisationFactory()
    organisation.fields_of_action.add(FieldOfActionFactory(), FieldOfActionFactory())
    organisation.municipalities.add(MunicipalityFactory())  # many-to-many history rows
    receipt_name = receipt.file.name
    counts = backups.row_counts()
    assert counts["volunteers.receipt"] == 1
    assert counts["actors.historicaloffer"] >= 2
    assert counts["otp_totp.totpdevice"] >= 1
    assert counts["actors.historicalorganisation_fields_of_action"] >= 2
    archive = tmp_path / "kmut.tar.gz.age"

    call_command("backup", str(archive), verbosity=0)

    with _open_archive(archive, backup_key) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert {"data.json", "manifest.json", f"media/{receipt_name}"} <= set(tar.getnames())
    assert manifest["row_counts"] == counts
    assert manifest["media"][receipt_name] == hashlib.sha256(RECEIPT_BYTES).hexdigest()
    assert "private/receipts/" in receipt_name

    _empty_instance()
    assert backups.row_counts()["volunteers.receipt"] == 0
    # Like the rows the data migrations put into every new database (no history rows).
    Language.objects.bulk_create([LanguageFactory.build()])

    call_command("restore", str(archive), verbosity=0)

    assert backups.row_counts() == counts
    from volunteers.models import Receipt

    restored = Receipt.objects.get(pk=receipt.pk)
    assert restored.file.read() == RECEIPT_BYTES
    assert restored.claim.history.exists()
    assert TOTPDevice.objects.get(user__username="miriam").confirmed


def test_restore_refuses_an_instance_with_data_unless_forced(tmp_path):
    _office_data()
    archive = tmp_path / "kmut.tar.gz.age"
    call_command("backup", str(archive), verbosity=0)
    counts = backups.row_counts()
    UserFactory(username="extra")

    with pytest.raises(CommandError, match="Die Zielinstanz ist nicht leer"):
        call_command("restore", str(archive), verbosity=0)

    call_command("restore", str(archive), force=True, verbosity=0)
    assert backups.row_counts() == counts


def _tampered_copy(archive, identity, change_manifest=None, change_data=None):
    with _open_archive(archive, identity) as source:
        members = {m.name: source.extractfile(m).read() for m in source.getmembers()}
    manifest = json.loads(members["manifest.json"])
    if change_manifest:
        change_manifest(manifest)
    members["manifest.json"] = json.dumps(manifest).encode()
    if change_data:
        members["data.json"] = json.dumps(change_data(json.loads(members["data.json"]))).encode()
    tampered = archive.with_name("tampered.tar.gz.age")
    _write_archive(tampered, identity, members.items())
    return tampered


def test_restore_detects_a_tampered_file(tmp_path, backup_key):
    _office_data()
    archive = tmp_path / "kmut.tar.gz.age"
    manifest = backups.create_backup(archive)
    name = next(iter(manifest["media"]))
    tampered = _tampered_copy(
        archive, backup_key, change_manifest=lambda m: m["media"].update({name: "0" * 64})
    )
    _empty_instance()

    with pytest.raises(CommandError, match=f"Datei {name} hat eine andere Prüfsumme"):
        call_command("restore", str(tampered), verbosity=0)


def test_restore_names_each_table_whose_content_differs(tmp_path, backup_key):
    _office_data()
    archive = tmp_path / "kmut.tar.gz.age"
    backups.create_backup(archive)

    def rename_offer(data):
        offer = next(row for row in data if row["model"] == "actors.offer")
        offer["fields"]["title"] = "Sprachcafé am Mittwoch"
        return data

    tampered = _tampered_copy(archive, backup_key, change_data=rename_offer)
    _empty_instance()

    with pytest.raises(CommandError) as raised:
        call_command("restore", str(tampered), verbosity=0)
    message = str(raised.value)
    assert "Die Wiederherstellung stimmt nicht mit der Sicherung überein" in message
    assert "Tabelle actors_offer: Der Inhalt weicht von der Sicherung ab (Zeilen: 1," in message
    assert "actors_historicaloffer" not in message  # same rows, same content


def test_restore_rebuilds_the_last_contact_an_older_archive_lacks(tmp_path, backup_key):
    """Archives from before decision 0024 hold no last contact: the restore computes it."""
    from consultations.models import Client
    from tests.consultations.factories import ConsultationFactory

    client = ConsultationFactory(held_on=datetime.date(2026, 1, 12)).client
    Client.objects.filter(pk=client.pk).update(last_contact_on=datetime.date(2026, 1, 12))
    archive = tmp_path / "kmut.tar.gz.age"
    backups.create_backup(archive)

    def drop_last_contact(data):
        for row in data:
            if row["model"] == "consultations.client":
                del row["fields"]["last_contact_on"]
        return data

    older = _tampered_copy(archive, backup_key, change_data=drop_last_contact)
    _empty_instance()

    call_command("restore", str(older), verbosity=0)

    restored = Client.objects.get(pk=client.pk)
    assert restored.last_contact_on == datetime.date(2026, 1, 12)


def _all_rows():
    """Every row of every table of the backup, as the ORM reads it (independent of the
    canonical form the checksums use): Python values compare microseconds, Decimals, bytes."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if not backups._is_backed_up(model):
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if not (model._meta.auto_created and field.primary_key)  # new ids when loaded
        ]
        if "permission_id" in fields:  # permissions are rebuilt by migrate, with other ids
            fields.remove("permission_id")
            fields += ["permission__content_type__app_label", "permission__codename"]
        values = model._base_manager.values_list(*fields)
        rows[model._meta.db_table] = sorted(
            (tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in values),
            key=repr,
        )
    return rows


def test_restore_is_exact_to_the_microsecond_and_for_every_type(tmp_path, backup_key):
    receipt = _office_data()
    from reporting.models import AnnualReport
    from volunteers.models import ExpenseClaim

    stamp = datetime.datetime(2026, 3, 2, 12, 34, 56, 123456, tzinfo=datetime.UTC)
    ExpenseClaim.objects.filter(pk=receipt.claim_id).update(
        created_at=stamp,
        start_time=datetime.time(9, 15, 30, 654321),
        end_time=datetime.time(10, 35, 0, 1),
        calculation={"rate": "0.30", "km": 34.5, "parts": [1, None, True], "Grund": "Fahrt"},
        submission_token=uuid.UUID("12345678-1234-5678-1234-567812345678"),
        other_costs=Decimal("4.05"),
    )
    AnnualReport.objects.update(pdf=b"%PDF\x00\xff\x10binary", updated_at=stamp)
    before = _all_rows()
    checksums = backups.table_checksums()
    archive = tmp_path / "kmut.tar.gz.age"
    call_command("backup", str(archive), verbosity=0)
    _empty_instance()

    call_command("restore", str(archive), verbosity=0)

    claim = ExpenseClaim.objects.get(pk=receipt.claim_id)
    assert claim.created_at == stamp
    assert claim.start_time == datetime.time(9, 15, 30, 654321)
    assert claim.end_time.microsecond == 1
    assert claim.calculation["km"] == 34.5
    assert bytes(AnnualReport.objects.get().pdf) == b"%PDF\x00\xff\x10binary"
    assert _all_rows() == before
    assert backups.table_checksums() == checksums
    assert {"volunteers_expenseclaim", "actors_organisation_fields_of_action"} <= set(checksums)


def test_backup_file_is_private_from_its_creation(tmp_path):
    _office_data()
    archive = tmp_path / "backups" / "kmut.tar.gz.age"
    old_umask = os.umask(0o022)
    try:
        call_command("backup", str(archive), verbosity=0)
        archive.write_bytes(b"")
        archive.chmod(0o644)  # an older backup of the same name is replaced, not reused
        call_command("backup", str(archive), verbosity=0)
    finally:
        os.umask(old_umask)

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert [path.name for path in archive.parent.iterdir()] == ["kmut.tar.gz.age"]


def test_backup_cannot_be_read_without_the_key(tmp_path, backup_key, settings):
    _office_data()
    archive = tmp_path / "kmut.tar.gz.age"
    call_command("backup", str(archive), verbosity=0)
    content = archive.read_bytes()

    assert content.startswith(b"age-encryption.org/v1\n")
    assert b"miriam" not in content
    assert RECEIPT_BYTES not in content
    with pytest.raises(tarfile.ReadError), tarfile.open(archive):
        pass
    with pytest.raises(gzip.BadGzipFile):
        gzip.decompress(content)
    assert not zipfile.is_zipfile(archive)
    with pytest.raises((UnicodeDecodeError, json.JSONDecodeError)):
        json.loads(content)

    other_key = tmp_path / "other-key.txt"
    call_command("backup_keygen", str(other_key), verbosity=0)
    with pytest.raises(CommandError, match="lässt sich mit dieser Schlüsseldatei nicht"):
        call_command("restore", str(archive), identity=other_key, force=True, verbosity=0)
    settings.KMUT_BACKUP_IDENTITY_FILE = ""
    with pytest.raises(CommandError, match="--identity"):
        call_command("restore", str(archive), force=True, verbosity=0)


def test_backup_refuses_to_run_without_a_public_key(tmp_path, settings):
    settings.KMUT_BACKUP_RECIPIENTS = []
    archive = tmp_path / "kmut.tar.gz.age"

    with pytest.raises(CommandError, match="Es ist kein Sicherungsschlüssel eingerichtet"):
        call_command("backup", str(archive), verbosity=0)
    settings.KMUT_BACKUP_RECIPIENTS = ["AGE-SECRET-KEY-1QQQQ"]
    with pytest.raises(CommandError, match="Eintrag 1 von KMUT_BACKUP_RECIPIENTS") as raised:
        call_command("backup", str(archive), verbosity=0)
    assert "AGE-SECRET" not in str(raised.value)
    assert not archive.exists()


def test_restore_refuses_an_unencrypted_archive(tmp_path):
    plain = tmp_path / "kmut.tar.gz"
    with tarfile.open(plain, "w:gz") as tar:
        backups._add_bytes(tar, "manifest.json", b"{}")

    with pytest.raises(CommandError, match="ist keine verschlüsselte kmut-Sicherung"):
        call_command("restore", str(plain), verbosity=0)


def test_backup_keygen_writes_a_private_key_file_and_never_overwrites_it(tmp_path, capsys):
    key_file = tmp_path / "key.txt"

    call_command("backup_keygen", str(key_file))

    public_key = capsys.readouterr().out.strip()
    assert public_key.startswith("age1")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert f"# public key: {public_key}" in key_file.read_text()
    identity = backups.read_identities(key_file)[0]
    assert str(identity.to_public()) == public_key
    with pytest.raises(CommandError, match="überschreibt keine Schlüsseldatei"):
        call_command("backup_keygen", str(key_file))
    assert str(backups.read_identities(key_file)[0]) == str(identity)
