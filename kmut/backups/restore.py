"""Restoring a backup into an empty instance and checking it against the manifest."""

import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from kmut.backups.checksums import table_checksums
from kmut.backups.common import (
    _REBUILT_AFTER_RESTORE,
    FORMAT,
    MEDIA_PREFIX,
    SEEDED_BY_MIGRATIONS,
    BackupError,
    RestoreReport,
    _media_files,
    _sha256,
    backed_up_models,
    row_counts,
)
from kmut.backups.keys import _decrypt, _private_open, read_identities


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
    # (simple_history records many-to-many changes even for fixture loads). django.test is
    # imported here, not by every process (it pulls in the test client and jinja2).
    from django.test.utils import override_settings

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
