from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kmut.roles import ROLES


def _permissions_by_name():
    """Every permission the roles name, by "app_label.codename", loaded in one query."""
    app_labels = {dotted.split(".", 1)[0] for codenames in ROLES.values() for dotted in codenames}
    permissions = Permission.objects.filter(content_type__app_label__in=app_labels).select_related(
        "content_type"
    )
    return {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}


class Command(BaseCommand):
    help = "Create the role groups and give each exactly the permissions kmut/roles.py names."

    @transaction.atomic
    def handle(self, *args, **options):
        known = _permissions_by_name()
        for role, codenames in ROLES.items():
            unknown = next((dotted for dotted in codenames if dotted not in known), None)
            if unknown is not None:
                raise CommandError(f"Unknown permission {unknown!r} in role {role!r}")
            permissions = [known[dotted] for dotted in codenames]
            group, created = Group.objects.get_or_create(name=role)
            group.permissions.set(permissions)
            verb = "created" if created else "updated"
            if options["verbosity"] >= 1:
                self.stdout.write(f"Role {role}: {verb}, {len(permissions)} permissions")
