"""Storing uploaded files so that a failing storage (full disk, unreachable bucket) leaves nothing.

The one way uploads are written to a FileField: `with storing_files() as files: files.store(...)`
inside the service's transaction. When the storage raises OSError while writing, the partial file
is removed and a ValidationError in German is raised, so the transaction rolls back and the view
shows the form again with everything typed. When anything else fails inside the block, the files
stored so far are removed too, so a rolled-back row never leaves its file behind.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class FileStore:
    """The files stored inside one `storing_files()` block."""

    def __init__(self):
        self.stored: list[tuple[object, str]] = []

    def store(self, field_file: FieldFile, upload) -> None:
        """Write `upload` to the storage of `field_file` and set its name (the row is not saved)."""
        field, storage = field_file.field, field_file.storage
        name = field.generate_filename(field_file.instance, upload.name)
        # The name the storage will write to, known before writing, so a partial file can go.
        name = storage.get_available_name(name, max_length=field.max_length)
        try:
            field_file.name = storage.save(name, upload, max_length=field.max_length)
        except OSError as error:
            logger.error("Storing %s failed: %s", name, error)
            _remove(storage, name)
            raise ValidationError(
                _("The file could not be saved. Please try again later; your entries are kept."),
                code="storage_failed",
            ) from error
        self.stored.append((storage, field_file.name))

    def remove_all(self) -> None:
        for storage, name in self.stored:
            _remove(storage, name)
        self.stored.clear()


def _remove(storage, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError as error:  # the storage is still failing: say so, the first error counts
        logger.error("Removing the partial file %s failed: %s", name, error)


@contextmanager
def storing_files() -> Iterator[FileStore]:
    files = FileStore()
    try:
        yield files
    except BaseException:
        files.remove_all()
        raise
