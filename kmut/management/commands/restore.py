from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kmut import backups


class Command(BaseCommand):
    help = (
        "Restore an archive written by 'backup' into an empty instance (runs migrate first), "
        "then compare row counts and checksums with the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore although the target has data: deletes ALL existing data first.",
        )

    def handle(self, *args, archive, force, **options):
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        try:
            report = backups.restore_backup(archive, force=force)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report.rows} rows and {report.files} files; counts and checksums "
                "match the backup. Run 'manage.py sync_roles' next."
            )
        )
