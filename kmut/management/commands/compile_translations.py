"""Compile the .po files to .mo: with GNU gettext where installed, else with polib.

./run uses this so a newcomer needs nothing but Python; CI has gettext and uses compilemessages.
"""

import shutil

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile translations (compilemessages, or polib when gettext is not installed)."

    def handle(self, *args, **options):
        if shutil.which("msgfmt"):
            call_command("compilemessages", verbosity=0)
            return
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(locale_path.glob("*/LC_MESSAGES/*.po")):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
                if options["verbosity"] >= 2:
                    self.stdout.write(f"compiled {po_path}")
