"""Backup and restore of a whole instance: database and media files in one encrypted archive.

The database goes through Django's serializer (JSON with natural foreign keys), so an archive
made on SQLite restores on PostgreSQL and the other way round. Primary keys are kept: history
rows and audit entries refer to objects by their key. The archive is a .tar.gz encrypted with
age (docs/decisions/0010-encrypted-exact-backups.md) to the public keys in
KMUT_BACKUP_RECIPIENTS; inside it are

    manifest.json   format, creation time, applied migrations, rows per model, a SHA-256 of
                    the canonical content of every table, SHA-256 per file
    data.json       every model except the ones Django rebuilds or that are throwaway (content
                    types, permissions, sessions, login-attempt logs), timestamps to the
                    microsecond
    media/<name>    every file of the default storage (MEDIA_ROOT), including private receipts

After a restore the row counts, the content checksum of every table and the checksum of every
file are compared with the manifest. Every file kmut writes on the way (the archive, its
temporary plaintext) is created readable by its owner only.
"""

import datetime
import decimal
import hashlib
import io
import json
import os
import tarfile
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyrage
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pyrage import x25519

FORMAT = "kmut-backup-2"
# Rebuilt by migrate/sync_roles, or throwaway: not part of a backup.
EXCLUDED = ("contenttypes", "auth.permission", "sessions", "axes")
MEDIA_PREFIX = "media/"
# Rows that data migrations create in every new database: a fresh instance is empty although
# these tables have rows. Add a model here when a data migration seeds it.
SEEDED_BY_MIGRATIONS = ("kmut.fieldofaction", "kmut.language")
AGE_HEADERS = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")
PRIVATE = 0o600
# Columns an app derives from other rows (a client's last contact): rebuilt after loading, as
# an archive made before such a column existed does not hold it. Apps register in ready().
_REBUILT_AFTER_RESTORE: list[Callable[[], object]] = []


def rebuild_after_restore(rebuild: Callable[[], object]) -> Callable[[], object]:
    if rebuild not in _REBUILT_AFTER_RESTORE:
        _REBUILT_AFTER_RESTORE.append(rebuild)
    return rebuild


class BackupError(Exception):
    """No key, the archive is unusable, the target is not empty, or a check after restore
    failed. The message is for the operator (German)."""


@dataclass
class RestoreReport:
    rows: int
    tables: int
    files: int


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes and times to milliseconds; a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _is_backed_up(model) -> bool:
    opts = model._meta
    if opts.proxy or not opts.managed:
        return False
    return opts.app_label not in EXCLUDED and opts.label_lower not in EXCLUDED


def backed_up_models():
    """The concrete models whose rows go into a backup, in a stable order."""
    return sorted(
        (model for model in apps.get_models() if _is_backed_up(model)),
        key=lambda model: model._meta.label_lower,
    )


def _backed_up_tables():
    """backed_up_models() plus their automatic many-to-many tables: every table with data."""
    return sorted(
        (m for m in apps.get_models(include_auto_created=True) if _is_backed_up(m)),
        key=lambda model: model._meta.db_table,
    )


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}


# --- Content checksums -----------------------------------------------------------------------


def _canonical(value):
    """A JSON value for a column value that is the same on SQLite and PostgreSQL when the
    values are equal (the ORM's converters already turn both into the same Python types)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value // datetime.timedelta(microseconds=1)
    if isinstance(value, decimal.Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return value  # None, bool, int, float, str, and the lists and dicts of JSON fields


def _foreign_natural_keys(model) -> dict[str, dict]:
    """For columns that point to a table outside the backup (permissions): id -> natural key.
    Those ids are rebuilt by migrate and differ between instances; their natural keys do not."""
    mapping = {}
    for field in model._meta.concrete_fields:
        if field.is_relation and not _is_backed_up(field.related_model):
            related = field.related_model._base_manager.select_related()
            mapping[field.attname] = {obj.pk: list(obj.natural_key()) for obj in related}
    return mapping


def _table_columns(model) -> list[str]:
    """The columns whose content is compared: all, except the ids of automatic many-to-many
    rows, which loading gives new values."""
    fields = model._meta.concrete_fields
    if model._meta.auto_created:
        fields = [field for field in fields if not field.primary_key]
    return sorted(field.attname for field in fields)


def _table_checksum(model, columns) -> tuple[int, str]:
    natural = _foreign_natural_keys(model)

    def canonical_row(row):
        values = [
            natural[column].get(value, value) if column in natural else _canonical(value)
            for column, value in zip(columns, row, strict=True)
        ]
        return json.dumps(values, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    queryset = model._base_manager.values_list(*columns)
    if model._meta.auto_created:
        # No key of its own: sorted by content, which is the same on every database.
        lines = sorted(canonical_row(row) for row in queryset.iterator())
    else:
        lines = (canonical_row(row) for row in queryset.order_by("pk").iterator(2000))
    digest = hashlib.sha256(json.dumps(columns).encode() + b"\n")
    rows = 0
    for line in lines:
        digest.update(line.encode() + b"\n")
        rows += 1
    return rows, digest.hexdigest()


def table_checksums(columns_by_table: dict[str, list[str]] | None = None) -> dict[str, dict]:
    """{table: {"columns", "rows", "sha256"}} over the canonical content of every row.

    With columns_by_table (from a manifest) each table is hashed over those columns, so a newer
    kmut with added columns still compares what the backup holds; tables it does not name are
    left out.
    """
    result = {}
    for model in _backed_up_tables():
        table = model._meta.db_table
        columns = _table_columns(model)
        if columns_by_table is not None:
            if table not in columns_by_table:
                continue
            wanted = columns_by_table[table]
            if not set(wanted) <= set(columns):
                result[table] = {"columns": wanted, "rows": None, "sha256": None}
                continue
            columns = wanted
        rows, sha256 = _table_checksum(model, columns)
        result[table] = {"columns": columns, "rows": rows, "sha256": sha256}
    return result


# --- Keys and encryption ---------------------------------------------------------------------


def generate_identity() -> tuple[str, str]:
    """A new age key pair as (identity file text, public key), like age-keygen writes it."""
    identity = x25519.Identity.generate()
    public_key = str(identity.to_public())
    text = (
        f"# created: {timezone.now().replace(microsecond=0).isoformat()}\n"
        f"# public key: {public_key}\n"
        f"{identity}\n"
    )
    return text, public_key


def write_private_file(path: Path, content: bytes) -> None:
    """Create path readable by its owner only; refuse to overwrite an existing file."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


def _private_open(path: Path, mode: str = "wb"):
    """A new file that is private from its creation (not chmod-ed afterwards)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE), mode)


def backup_recipients() -> list:
    keys = [key.strip() for key in settings.KMUT_BACKUP_RECIPIENTS if key.strip()]
    if not keys:
        raise BackupError(
            _(
                "No backup key is configured. Set KMUT_BACKUP_RECIPIENTS to the public key of "
                "the backup key pair (create one with 'manage.py backup_keygen FILE' and keep "
                "FILE offline). kmut writes no unencrypted backups."
            )
        )
    recipients = []
    for number, key in enumerate(keys, start=1):
        try:
            recipients.append(x25519.Recipient.from_str(key))
        except pyrage.RecipientError as error:
            # The value is not shown: it could be a secret key pasted by mistake.
            raise BackupError(
                _(
                    "Entry %(number)s of KMUT_BACKUP_RECIPIENTS is no age public key (it "
                    "starts with 'age1')."
                )
                % {"number": number}
            ) from error
    return recipients


def read_identities(path: Path | str | None) -> list:
    """The age secret keys in an identity file (as written by backup_keygen or age-keygen)."""
    path = path or settings.KMUT_BACKUP_IDENTITY_FILE
    if not path:
        raise BackupError(
            _(
                "No key to decrypt the backup: give the key file with --identity FILE "
                "(or set KMUT_BACKUP_IDENTITY_FILE)."
            )
        )
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as error:
        raise BackupError(
            _("The key file %(path)s cannot be read: %(error)s")
            % {"path": path, "error": error.strerror}
        ) from error
    try:
        identities = [
            x25519.Identity.from_str(line.strip())
            for line in lines
            if line.strip() and not line.startswith("#")
        ]
    except pyrage.IdentityError as error:
        raise BackupError(
            _("The key file %(path)s holds no valid age secret key.") % {"path": path}
        ) from error
    if not identities:
        raise BackupError(
            _("The key file %(path)s holds no valid age secret key.") % {"path": path}
        )
    return identities


def _decrypt(archive: Path, identities, target: Path) -> None:
    with archive.open("rb") as source:
        if not source.read(64).startswith(AGE_HEADERS):
            raise BackupError(
                _(
                    "%(archive)s is no encrypted kmut backup (age format). Backups of kmut "
                    "before format 2 were unencrypted and are restored with that version."
                )
                % {"archive": archive}
            )
        source.seek(0)
        with _private_open(target) as plaintext:
            try:
                pyrage.decrypt_io(source, plaintext, identities)
            except pyrage.DecryptError as error:
                raise BackupError(
                    _(
                        "The backup cannot be decrypted with this key file (%(reason)s). Use "
                        "the secret key whose public key was in KMUT_BACKUP_RECIPIENTS when the "
                        "backup was written."
                    )
                    % {"reason": error}
                ) from error


# --- Backup ----------------------------------------------------------------------------------


def _media_files(path=""):
    try:
        directories, files = default_storage.listdir(path)
    except FileNotFoundError:  # a file-system storage whose folder does not exist yet
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from _media_files(f"{path}/{directory}" if path else directory)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _dump(stream) -> None:
    """What `dumpdata --natural-foreign` writes, with microseconds (ExactJSONEncoder)."""
    by_app = {}
    for model in backed_up_models():
        by_app.setdefault(model._meta.app_config, []).append(model)

    def objects():
        for model in serializers.sort_dependencies(by_app.items(), allow_cycles=True):
            yield from model._base_manager.order_by(model._meta.pk.name).iterator(2000)

    serializers.serialize(
        "json", objects(), stream=stream, use_natural_foreign_keys=True, cls=ExactJSONEncoder
    )


def _snapshot_manifest(data_path: Path) -> dict:
    """Dump the data and describe it, all from one snapshot of the database."""
    # PostgreSQL: one snapshot for the whole transaction, or rows written by users between
    # the dump and the checksums would make a correct backup fail its check after restore.
    one_snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if one_snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        with _private_open(data_path, "w") as stream:
            _dump(stream)
        return {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": _applied_migrations(),
            "row_counts": row_counts(),
            "tables": table_checksums(),
            "media": {},
        }


def create_backup(archive: Path) -> dict:
    """Write database and media files into an encrypted archive; return the manifest."""
    recipients = backup_recipients()
    archive = Path(archive)
    archive.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kmut-backup-") as workdir:
        data_path = Path(workdir) / "data.json"
        plain_path = Path(workdir) / "backup.tar.gz"
        manifest = _snapshot_manifest(data_path)
        with _private_open(plain_path) as plain, tarfile.open(fileobj=plain, mode="w:gz") as tar:
            tar.add(data_path, arcname="data.json")
            for name in _media_files():
                with default_storage.open(name, "rb") as handle:
                    content = handle.read()
                manifest["media"][name] = _sha256(content)
                _add_bytes(tar, MEDIA_PREFIX + name, content)
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
        # Written next to the target (mkstemp creates it 0600) and renamed when complete, so a
        # crash leaves no half backup under the final name and an old file's mode is not kept.
        descriptor, partial = tempfile.mkstemp(
            dir=archive.parent, prefix=f".{archive.name}.", suffix=".partial"
        )
        try:
            with open(plain_path, "rb") as plain, os.fdopen(descriptor, "wb") as encrypted:
                pyrage.encrypt_io(plain, encrypted, recipients)
                encrypted.flush()
                os.fsync(encrypted.fileno())
            os.replace(partial, archive)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return manifest


def _add_bytes(tar, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(content))


# --- Restore ---------------------------------------------------------------------------------


def _safe_media_name(member_name: str) -> str:
    name = member_name.removeprefix(MEDIA_PREFIX)
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not name:
        raise BackupError(_("Unsafe file name in the backup: %(name)r") % {"name": member_name})
    return name


def read_manifest(tar) -> dict:
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError(_("The backup has no readable manifest.json.")) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("Unknown backup format %(format)r.") % {"format": manifest.get("format")}
        )
    return manifest


def models_with_data() -> list[str]:
    """Labels of the models that hold rows a fresh `migrate` does not create."""
    return [
        model._meta.label_lower
        for model in backed_up_models()
        if model._meta.label_lower not in SEEDED_BY_MIGRATIONS and model._base_manager.exists()
    ]


def restore_backup(archive: Path, *, identity_file=None, force: bool = False) -> RestoreReport:
    """Decrypt an archive and restore it into this instance, which must be empty unless force
    is given. With force the database is flushed and files of the same name are replaced."""
    identities = read_identities(identity_file)
    with tempfile.TemporaryDirectory(prefix="kmut-restore-") as workdir:
        plain_path = Path(workdir) / "backup.tar.gz"
        _decrypt(Path(archive), identities, plain_path)
        try:
            with tarfile.open(plain_path, "r:gz") as tar:
                manifest = read_manifest(tar)
                files = _restore_into_instance(tar, manifest, workdir=Path(workdir), force=force)
        except tarfile.TarError as error:
            raise BackupError(_("The decrypted backup is no readable archive.")) from error
    verify_restore(manifest)
    return RestoreReport(
        rows=sum(manifest["row_counts"].values()), tables=len(manifest["tables"]), files=files
    )


def _restore_into_instance(tar, manifest, *, workdir: Path, force: bool) -> int:
    call_command("migrate", interactive=False, verbosity=0)
    unknown = {tuple(m) for m in manifest["migrations"]} - set(
        MigrationRecorder(connection).applied_migrations()
    )
    if unknown:
        raise BackupError(
            _(
                "The backup comes from a newer version of kmut (unknown migrations: "
                "%(migrations)s). Update kmut first."
            )
            % {"migrations": ", ".join(sorted(".".join(m) for m in unknown))}
        )
    in_use = models_with_data() + [f"file {name}" for name in _media_files()][:5]
    if in_use and not force:
        raise BackupError(
            _(
                "The target instance is not empty (data in: %(tables)s). Restore into an "
                "empty database and media folder, or use --force to replace everything."
            )
            % {"tables": ", ".join(in_use[:8])}
        )
    # Also removes the rows the data migrations created: the archive holds them as they were.
    call_command("flush", interactive=False, verbosity=0)

    data_path = workdir / "data.json"
    with _private_open(data_path) as handle:
        handle.write(tar.extractfile("data.json").read())
    # The archive holds the history rows as they were; loading must not add new ones
    # (simple_history records many-to-many changes even for fixture loads).
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", str(data_path), verbosity=0)
    for rebuild in _REBUILT_AFTER_RESTORE:
        rebuild()

    files = 0
    for member in tar.getmembers():
        if not member.name.startswith(MEDIA_PREFIX) or not member.isfile():
            continue
        name = _safe_media_name(member.name)
        content = tar.extractfile(member).read()
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:
            raise BackupError(
                _("File %(name)r was stored as %(saved)r.") % {"name": name, "saved": saved}
            )
        files += 1
    return files


def verify_restore(manifest: dict) -> None:
    """Compare row counts, table contents and file checksums with the manifest; raise on any
    difference, naming every table and file that differs."""
    problems = []
    counts = row_counts()
    for label, expected in manifest["row_counts"].items():
        actual = counts.get(label)
        if actual != expected:
            problems.append(
                _("model %(label)s: %(actual)s rows, in the backup: %(expected)s")
                % {"label": label, "actual": actual, "expected": expected}
            )
    expected_tables = manifest["tables"]
    actual_tables = table_checksums({t: e["columns"] for t, e in expected_tables.items()})
    for table, expected in expected_tables.items():
        actual = actual_tables.get(table)
        if actual is None:
            problems.append(_("table %(table)s is missing") % {"table": table})
        elif actual["sha256"] is None:
            problems.append(
                _("table %(table)s lacks columns of the backup (%(columns)s)")
                % {"table": table, "columns": ", ".join(expected["columns"])}
            )
        elif actual["sha256"] != expected["sha256"]:
            problems.append(
                _(
                    "table %(table)s: the content differs from the backup (rows: %(actual)s, "
                    "in the backup: %(expected)s)"
                )
                % {"table": table, "actual": actual["rows"], "expected": expected["rows"]}
            )
    for name, expected in manifest["media"].items():
        if not default_storage.exists(name):
            problems.append(_("file %(name)s is missing") % {"name": name})
            continue
        with default_storage.open(name, "rb") as handle:
            if _sha256(handle.read()) != expected:
                problems.append(_("file %(name)s has a different checksum") % {"name": name})
    if problems:
        raise BackupError(
            _("The restore does not match the backup: %(problems)s")
            % {"problems": "; ".join(problems)}
        )
