from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kmut import two_factor


class Command(BaseCommand):
    help = "Print the current login code of a demo staff user (development only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code works only with DJANGO_DEBUG on.")
        device = two_factor.demo_device(username)
        if device is None:
            raise CommandError(f"{username!r} is no demo user that needs a code.")
        self.stdout.write(two_factor.current_code(device))
