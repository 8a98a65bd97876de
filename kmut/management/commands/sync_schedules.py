"""Write the schedules of the background jobs (docs/deploy.md); safe to run on every start."""

from django.core.management.base import BaseCommand

from kmut.jobs import sync_schedules


class Command(BaseCommand):
    help = "Create or update the schedule of every background job for the worker (qcluster)."

    def handle(self, *args, **options):
        created, updated = sync_schedules()
        self.stdout.write(f"{created} schedule(s) created, {updated} updated.")
