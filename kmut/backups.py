"""Backup and restore of a whole instance: database and media files in one archive.

The database goes through Django's serializer (JSON with natural foreign keys), so an archive
made on SQLite restores on PostgreSQL and the other way round. Primary keys are kept: history
rows and audit entries refer to objects by their key. The archive holds

    manifest.json   format, creation time, applied migrations, rows per model, SHA-256 per file
    data.json       `dumpdata` of every model except the ones Django rebuilds or that are
                    throwaway (content types, permissions, sessions, login-attempt logs)
    media/<name>    every file of the default storage (MEDIA_ROOT), including private receipts

After a restore the row counts and the checksums are compared with the manifest.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

FORMAT = "kmut-backup-1"
# Rebuilt by migrate/sync_roles, or throwaway: not part of a backup.
EXCLUDED = ("contenttypes", "auth.permission", "sessions", "axes")
MEDIA_PREFIX = "media/"
# Rows that data migrations create in every new database: a fresh instance is empty although
# these tables have rows. Add a model here when a data migration seeds it.
SEEDED_BY_MIGRATIONS = ("kmut.fieldofaction", "kmut.language")


class BackupError(Exception):
    """The archive is unusable, the target is not empty, or a check after restore failed."""


@dataclass
class RestoreReport:
    rows: int
    files: int


def backed_up_models():
    """The concrete models whose rows go into a backup, in a stable order."""
    models = []
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed:
            continue
        if opts.app_label in EXCLUDED or opts.label_lower in EXCLUDED:
            continue
        models.append(model)
    return sorted(models, key=lambda model: model._meta.label_lower)


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}


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


def create_backup(archive: Path) -> dict:
    """Write database and media files into a .tar.gz archive; return the manifest."""
    with tempfile.TemporaryDirectory() as workdir:
        data_path = Path(workdir) / "data.json"
        call_command(
            "dumpdata",
            *[model._meta.label for model in backed_up_models()],
            natural_foreign=True,
            use_base_manager=True,
            output=str(data_path),
            indent=None,
            verbosity=0,
        )
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": _applied_migrations(),
            "row_counts": row_counts(),
            "media": {},
        }
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(data_path, arcname="data.json")
            for name in _media_files():
                with default_storage.open(name, "rb") as handle:
                    content = handle.read()
                manifest["media"][name] = _sha256(content)
                _add_bytes(tar, MEDIA_PREFIX + name, content)
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
    return manifest


def _add_bytes(tar, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(content))


def _safe_media_name(member_name: str) -> str:
    name = member_name.removeprefix(MEDIA_PREFIX)
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not name:
        raise BackupError(f"Unsafe file name in the archive: {member_name!r}")
    return name


def read_manifest(tar) -> dict:
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("The archive has no readable manifest.json.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
    return manifest


def models_with_data() -> list[str]:
    """Labels of the models that hold rows a fresh `migrate` does not create."""
    return [
        model._meta.label_lower
        for model in backed_up_models()
        if model._meta.label_lower not in SEEDED_BY_MIGRATIONS and model._base_manager.exists()
    ]


def restore_backup(archive: Path, *, force: bool = False) -> RestoreReport:
    """Restore an archive into this instance, which must be empty unless force is given.

    With force the database is flushed and files of the same name are replaced.
    """
    with tarfile.open(archive, "r:gz") as tar:
        manifest = read_manifest(tar)
        call_command("migrate", interactive=False, verbosity=0)
        unknown = {tuple(m) for m in manifest["migrations"]} - set(
            MigrationRecorder(connection).applied_migrations()
        )
        if unknown:
            raise BackupError(
                "The archive comes from a newer version of kmut (unknown migrations: "
                f"{', '.join(sorted('.'.join(m) for m in unknown))}). Update kmut first."
            )
        in_use = models_with_data() + [f"file {name}" for name in _media_files()][:5]
        if in_use and not force:
            raise BackupError(
                "The target instance is not empty (data in: "
                f"{', '.join(in_use[:8])}). Restore into an empty database and media folder, "
                "or use --force to replace everything."
            )
        # Also removes the rows the data migrations created: the archive holds them as they were.
        call_command("flush", interactive=False, verbosity=0)

        with tempfile.TemporaryDirectory() as workdir:
            data_path = Path(workdir) / "data.json"
            data_path.write_bytes(tar.extractfile("data.json").read())
            # The archive holds the history rows as they were; loading must not add new ones
            # (simple_history records many-to-many changes even for fixture loads).
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(data_path), verbosity=0)

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
                raise BackupError(f"File {name!r} was stored as {saved!r}.")
            files += 1

    verify_restore(manifest)
    return RestoreReport(rows=sum(manifest["row_counts"].values()), files=files)


def verify_restore(manifest: dict) -> None:
    """Compare row counts and file checksums with the manifest; raise on any difference."""
    problems = []
    counts = row_counts()
    for label, expected in manifest["row_counts"].items():
        actual = counts.get(label)
        if actual != expected:
            problems.append(f"{label}: {actual} rows, expected {expected}")
    for name, expected in manifest["media"].items():
        if not default_storage.exists(name):
            problems.append(f"file {name} is missing")
            continue
        with default_storage.open(name, "rb") as handle:
            if _sha256(handle.read()) != expected:
                problems.append(f"file {name} has a different checksum")
    if problems:
        raise BackupError("The restore does not match the backup: " + "; ".join(problems))
