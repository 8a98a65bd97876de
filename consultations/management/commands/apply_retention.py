"""Anonymise clients whose retention period has ended; run it nightly (docs/consultations.md)."""

from datetime import date

from django.core.management.base import BaseCommand

from consultations import jobs, retention


class Command(BaseCommand):
    help = (
        "Anonymise clients of the consultation log whose last contact is longer ago than "
        "KMUT_CONSULTATION_RETENTION_YEARS, also in the history tables."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Act as if today were this date (YYYY-MM-DD), e.g. to test the schedule.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only report how many clients are due."
        )

    def handle(self, *args, today=None, dry_run=False, **options):
        if dry_run:
            due = retention.clients_expiring(today=today).count()
            self.stdout.write(f"{due} client(s) due for anonymisation.")
            return
        self.stdout.write(jobs.run_retention(today=today))
