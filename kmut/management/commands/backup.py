from pathlib import Path

from django.core.management.base import BaseCommand

from kmut import backups


class Command(BaseCommand):
    help = (
        "Write the database and all media files (including private receipts) into one "
        ".tar.gz archive with a manifest of row counts and SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="e.g. /backup/kmut-2026-11-22.tar.gz")

    def handle(self, *args, archive, **options):
        manifest = backups.create_backup(archive)
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {archive}: {rows} rows, {len(manifest['media'])} files."
            )
        )
