"""Create an account with a role from the command line (e.g. the first administrator)."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kmut import audit, services
from kmut.roles import ROLES


class Command(BaseCommand):
    help = "Create a user account with a role and e-mail the link to set a password."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--role", required=True, choices=list(ROLES))
        parser.add_argument(
            "--base-url",
            required=True,
            help="Address of this installation, e.g. https://kmut.example",
        )

    def handle(self, *args, **options):
        try:
            user = services.invite_user(
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"].strip().lower(),
                role=Group.objects.get(name=options["role"]),
                base_url=options["base_url"],
                by=audit.system_user(),
            )
        except Group.DoesNotExist as error:
            raise CommandError("Run 'manage.py sync_roles' first.") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Created {user.username}; an invitation was sent to {user.email}.")
