from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kmut import backups


class Command(BaseCommand):
    help = gettext_lazy(
        "Write the database and all media files (including private receipts) into one archive "
        "encrypted with age to the public keys in KMUT_BACKUP_RECIPIENTS, with a manifest of "
        "row counts, a content checksum per table and a SHA-256 per file. The file is readable "
        "by its owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", type=Path, help=gettext_lazy("e.g. /backup/kmut-2026-11-22.tar.gz.age")
        )

    def handle(self, *args, archive, **options):
        try:
            manifest = backups.create_backup(archive)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Encrypted backup written to %(archive)s: %(rows)s rows in %(tables)s "
                    "tables, %(files)s files."
                )
                % {
                    "archive": archive,
                    "rows": sum(manifest["row_counts"].values()),
                    "tables": len(manifest["tables"]),
                    "files": len(manifest["media"]),
                }
            )
        )
