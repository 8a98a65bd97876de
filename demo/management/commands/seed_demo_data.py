"""Build a plausible demo district from the seed documents (Landkreis Lüchow-Dannenberg, seed 000).

Idempotent: running it again changes nothing that is already there. Later apps extend it.
"""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.actors import seed_registry
from demo.consultations import seed_consultations
from demo.reporting import seed_annual_reports, seed_reporting
from demo.roundtable import seed_bodies
from demo.volunteers import seed_volunteering
from kmut import audit, roles, two_factor
from kmut.models import Municipality

DEMO_PASSWORD = "kmut-demo-2026"

# The three Samtgemeinden of the district and their member municipalities (seed 000 §2).
MUNICIPALITIES = {
    "Samtgemeinde Elbtalaue": [
        ("Dannenberg (Elbe)", Municipality.Kind.TOWN),
        ("Hitzacker (Elbe)", Municipality.Kind.TOWN),
        ("Damnatz", Municipality.Kind.MUNICIPALITY),
        ("Göhrde", Municipality.Kind.MUNICIPALITY),
        ("Jameln", Municipality.Kind.MUNICIPALITY),
        ("Karwitz", Municipality.Kind.MUNICIPALITY),
        ("Langendorf", Municipality.Kind.MUNICIPALITY),
        ("Neu Darchau", Municipality.Kind.MUNICIPALITY),
        ("Zernien", Municipality.Kind.MUNICIPALITY),
    ],
    "Samtgemeinde Gartow": [
        ("Gartow", Municipality.Kind.MUNICIPALITY),
        ("Gorleben", Municipality.Kind.MUNICIPALITY),
        ("Höhbeck", Municipality.Kind.MUNICIPALITY),
        ("Prezelle", Municipality.Kind.MUNICIPALITY),
        ("Schnackenburg", Municipality.Kind.TOWN),
    ],
    "Samtgemeinde Lüchow (Wendland)": [
        ("Lüchow (Wendland)", Municipality.Kind.TOWN),
        ("Wustrow (Wendland)", Municipality.Kind.TOWN),
        ("Bergen an der Dumme", Municipality.Kind.MUNICIPALITY),
        ("Clenze", Municipality.Kind.MUNICIPALITY),
        ("Küsten", Municipality.Kind.MUNICIPALITY),
        ("Lemgow", Municipality.Kind.MUNICIPALITY),
        ("Luckau (Wendland)", Municipality.Kind.MUNICIPALITY),
        ("Lübbow", Municipality.Kind.MUNICIPALITY),
        ("Schnega", Municipality.Kind.MUNICIPALITY),
        ("Trebel", Municipality.Kind.MUNICIPALITY),
        ("Waddeweitz", Municipality.Kind.MUNICIPALITY),
    ],
}

DEMO_USERS = [
    ("koordination", "Miriam", "Okafor", roles.COORDINATION),
    ("leitung", "Jens", "Hartmann", roles.LEADERSHIP),
    ("ehrenamt", "Leyla", "Haidari", roles.VOLUNTEER),
    ("ausschuss", "Renate", "Vogel", roles.COMMITTEE),
    ("admin", "Tobias", "Brandt", roles.ADMINISTRATION),
]


class Command(BaseCommand):
    help = "Load demo data for a plausible district (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo data although DJANGO_DEBUG is off (e.g. for a training instance).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has user accounts.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Demo data creates accounts with a known password. "
                "Use --allow-production to load it with DJANGO_DEBUG off."
            )
        if options["if_empty"] and User.objects.exclude(username=audit.SYSTEM_USERNAME).exists():
            self.stdout.write(
                "The database already has accounts: demo data not loaded "
                "(run 'manage.py seed_demo_data' to top it up)."
            )
            return
        call_command("sync_roles", verbosity=0)
        with transaction.atomic(), audit.acting_as(audit.system_user()):
            self.seed_municipalities()
            self.seed_users()
            seed_registry()
            seed_bodies()
            seed_volunteering()
            seed_consultations()
            seed_reporting()
            seed_annual_reports()
        self.stdout.write(self.style.SUCCESS("Demo data is in place. Demo logins:"))
        for username, first_name, last_name, role in DEMO_USERS:
            self.stdout.write(
                f"  {role:<16} user: {username:<14} "
                f"password: {DEMO_PASSWORD}   ({first_name} {last_name})"
            )
        self.stdout.write(
            "Staff logins ask for a code from an authenticator app. Add the key below to an app,\n"
            "or print the current code with 'manage.py demo_code USERNAME':"
        )
        for username, _first_name, _last_name, _role in DEMO_USERS:
            device = two_factor.demo_device(username)
            if device is not None:
                self.stdout.write(f"  {username:<14} key: {two_factor.secret_for_display(device)}")

    def seed_municipalities(self):
        for samtgemeinde, members in MUNICIPALITIES.items():
            parent, _created = Municipality.objects.get_or_create(
                name=samtgemeinde, defaults={"kind": Municipality.Kind.SAMTGEMEINDE}
            )
            for name, kind in members:
                Municipality.objects.get_or_create(
                    name=name, defaults={"kind": kind, "parent": parent}
                )

    def seed_users(self):
        for username, first_name, last_name, role in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@demo.kmut.invalid",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=role))
