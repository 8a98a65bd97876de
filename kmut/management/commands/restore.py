from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kmut import backups


class Command(BaseCommand):
    help = gettext_lazy(
        "Decrypt an archive written by 'backup' and restore it into an empty instance (runs "
        "migrate first), then compare row counts, the content of every table and the checksum "
        "of every file with the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--identity",
            type=Path,
            metavar="FILE",
            help=gettext_lazy(
                "File with the secret key of the backup (from 'backup_keygen'); default: "
                "KMUT_BACKUP_IDENTITY_FILE."
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy(
                "Restore although the target has data: deletes ALL existing data first."
            ),
        )

    def handle(self, *args, archive, identity, force, **options):
        if not archive.is_file():
            raise CommandError(_("No backup at %(archive)s.") % {"archive": archive})
        try:
            report = backups.restore_backup(archive, identity_file=identity, force=force)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored %(rows)s rows and %(files)s files; the content of all %(tables)s "
                    "tables and all files matches the backup. Run 'manage.py sync_roles' next."
                )
                % {"rows": report.rows, "files": report.files, "tables": report.tables}
            )
        )
