"""What every part of backup and restore shares: the format, which models are backed up,
the registered rebuilds, the error and the media-file helpers."""

import datetime
import hashlib
import io
import tarfile
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

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


def _add_bytes(tar, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(content))
