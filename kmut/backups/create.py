"""Writing a backup: dump, manifest, media files, encrypted to the configured recipients."""

import json
import os
import tarfile
import tempfile
from pathlib import Path

import pyrage
from django.core import serializers
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from kmut.backups.checksums import table_checksums
from kmut.backups.common import (
    FORMAT,
    MEDIA_PREFIX,
    ExactJSONEncoder,
    _add_bytes,
    _media_files,
    _sha256,
    backed_up_models,
    row_counts,
)
from kmut.backups.keys import _private_open, backup_recipients


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
