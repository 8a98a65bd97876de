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

The parts: `common` (format, backed-up models, the error), `checksums` (content checksums),
`keys` (age keys and encryption), `create` (writing a backup), `restore` (restore and check).
"""

from kmut.backups.checksums import table_checksums
from kmut.backups.common import (
    AGE_HEADERS,
    EXCLUDED,
    FORMAT,
    MEDIA_PREFIX,
    PRIVATE,
    SEEDED_BY_MIGRATIONS,
    BackupError,
    ExactJSONEncoder,
    RestoreReport,
    _add_bytes,
    _is_backed_up,
    _media_files,
    backed_up_models,
    rebuild_after_restore,
    row_counts,
)
from kmut.backups.create import create_backup
from kmut.backups.keys import (
    backup_recipients,
    generate_identity,
    read_identities,
    write_private_file,
)
from kmut.backups.restore import models_with_data, read_manifest, restore_backup, verify_restore

__all__ = [
    "AGE_HEADERS",
    "EXCLUDED",
    "FORMAT",
    "MEDIA_PREFIX",
    "PRIVATE",
    "SEEDED_BY_MIGRATIONS",
    "BackupError",
    "ExactJSONEncoder",
    "RestoreReport",
    "_add_bytes",
    "_is_backed_up",
    "_media_files",
    "backed_up_models",
    "backup_recipients",
    "create_backup",
    "generate_identity",
    "models_with_data",
    "read_identities",
    "read_manifest",
    "rebuild_after_restore",
    "restore_backup",
    "row_counts",
    "table_checksums",
    "verify_restore",
    "write_private_file",
]
