from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kmut import backups


class Command(BaseCommand):
    help = gettext_lazy(
        "Create the age key pair for backups: write the secret key to FILE (readable by its "
        "owner only, never overwritten) and print the public key for KMUT_BACKUP_RECIPIENTS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help=gettext_lazy("e.g. /media/usb/kmut-backup-key.txt")
        )

    def handle(self, *args, file, **options):
        text, public_key = backups.generate_identity()
        try:
            backups.write_private_file(file, text.encode())
        except FileExistsError as error:
            raise CommandError(
                _("%(file)s exists already; kmut does not overwrite a key file.") % {"file": file}
            ) from error
        except OSError as error:
            raise CommandError(
                _("%(file)s cannot be written: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        self.stdout.write(public_key)
        self.stderr.write(
            _(
                "Secret key written to %(file)s. Put the public key above into "
                "KMUT_BACKUP_RECIPIENTS on the server. Keep the key file offline (e.g. two USB "
                "sticks in the office safe), not on the server: without it no backup can be "
                "restored, with it anyone can read every backup."
            )
            % {"file": file}
        )
