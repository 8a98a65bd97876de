from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kmut.roles import ROLES


class Command(BaseCommand):
    help = "Create the role groups and give each exactly the permissions kmut/roles.py names."

    @transaction.atomic
    def handle(self, *args, **options):
        for role, codenames in ROLES.items():
            permissions = []
            for dotted in codenames:
                app_label, codename = dotted.split(".", 1)
                try:
                    permissions.append(
                        Permission.objects.get(content_type__app_label=app_label, codename=codename)
                    )
                except Permission.DoesNotExist as error:
                    raise CommandError(f"Unknown permission {dotted!r} in role {role!r}") from error
            group, created = Group.objects.get_or_create(name=role)
            group.permissions.set(permissions)
            verb = "created" if created else "updated"
            if options["verbosity"] >= 1:
                self.stdout.write(f"Role {role}: {verb}, {len(permissions)} permissions")
