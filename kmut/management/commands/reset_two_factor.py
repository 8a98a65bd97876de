from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from kmut import audit, services


class Command(BaseCommand):
    help = (
        "Remove a user's second factor (lost phone and backup codes): "
        "the next login starts the setup again. Recorded in the account's history, like the "
        "button on the account page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user {username!r}.") from error
        count = services.reset_second_factor(account=user, by=audit.system_user())
        self.stdout.write(f"Removed {count} device(s) of {username}.")
