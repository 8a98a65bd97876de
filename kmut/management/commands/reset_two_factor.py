from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from kmut import two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's second factor (lost phone and backup codes): "
        "the next login starts the setup again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user {username!r}.") from error
        count = two_factor.reset_devices(user=user)
        self.stdout.write(f"Removed {count} device(s) of {username}.")
