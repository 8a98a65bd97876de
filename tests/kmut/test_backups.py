"""Backup and restore round trip (runs on SQLite and, with DATABASE_URL, on PostgreSQL)."""

import hashlib
import json
import tarfile

import pytest
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

pytestmark = pytest.mark.django_db(transaction=True)

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


def _empty_instance():
    call_command("flush", interactive=False, verbosity=0)
    for name in list(backups._media_files()):
        default_storage.delete(name)


def test_backup_and_restore_round_trip_keeps_rows_history_and_files(tmp_path):
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
    archive = tmp_path / "kmut.tar.gz"

    call_command("backup", str(archive), verbosity=0)

    with tarfile.open(archive) as tar:
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
    archive = tmp_path / "kmut.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    counts = backups.row_counts()
    UserFactory(username="extra")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)

    call_command("restore", str(archive), force=True, verbosity=0)
    assert backups.row_counts() == counts


def test_restore_detects_a_tampered_file(tmp_path):
    _office_data()
    archive = tmp_path / "kmut.tar.gz"
    manifest = backups.create_backup(archive)
    name = next(iter(manifest["media"]))
    manifest["media"][name] = "0" * 64
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            if member.name == "manifest.json":
                backups._add_bytes(target, "manifest.json", json.dumps(manifest).encode())
            else:
                target.addfile(member, source.extractfile(member))
    _empty_instance()

    with pytest.raises(CommandError, match="different checksum"):
        call_command("restore", str(tampered), verbosity=0)
