"""Keys and encryption: age key pairs, private files, the configured recipients and decryption."""

import os
from pathlib import Path

import pyrage
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pyrage import x25519

from kmut.backups.common import AGE_HEADERS, PRIVATE, BackupError


def generate_identity() -> tuple[str, str]:
    """A new age key pair as (identity file text, public key), like age-keygen writes it."""
    identity = x25519.Identity.generate()
    public_key = str(identity.to_public())
    text = (
        f"# created: {timezone.now().replace(microsecond=0).isoformat()}\n"
        f"# public key: {public_key}\n"
        f"{identity}\n"
    )
    return text, public_key


def write_private_file(path: Path, content: bytes) -> None:
    """Create path readable by its owner only; refuse to overwrite an existing file."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


def _private_open(path: Path, mode: str = "wb"):
    """A new file that is private from its creation (not chmod-ed afterwards)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE), mode)


def backup_recipients() -> list:
    keys = [key.strip() for key in settings.KMUT_BACKUP_RECIPIENTS if key.strip()]
    if not keys:
        raise BackupError(
            _(
                "No backup key is configured. Set KMUT_BACKUP_RECIPIENTS to the public key of "
                "the backup key pair (create one with 'manage.py backup_keygen FILE' and keep "
                "FILE offline). kmut writes no unencrypted backups."
            )
        )
    recipients = []
    for number, key in enumerate(keys, start=1):
        try:
            recipients.append(x25519.Recipient.from_str(key))
        except pyrage.RecipientError as error:
            # The value is not shown: it could be a secret key pasted by mistake.
            raise BackupError(
                _(
                    "Entry %(number)s of KMUT_BACKUP_RECIPIENTS is no age public key (it "
                    "starts with 'age1')."
                )
                % {"number": number}
            ) from error
    return recipients


def read_identities(path: Path | str | None) -> list:
    """The age secret keys in an identity file (as written by backup_keygen or age-keygen)."""
    path = path or settings.KMUT_BACKUP_IDENTITY_FILE
    if not path:
        raise BackupError(
            _(
                "No key to decrypt the backup: give the key file with --identity FILE "
                "(or set KMUT_BACKUP_IDENTITY_FILE)."
            )
        )
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as error:
        raise BackupError(
            _("The key file %(path)s cannot be read: %(error)s")
            % {"path": path, "error": error.strerror}
        ) from error
    try:
        identities = [
            x25519.Identity.from_str(line.strip())
            for line in lines
            if line.strip() and not line.startswith("#")
        ]
    except pyrage.IdentityError as error:
        raise BackupError(
            _("The key file %(path)s holds no valid age secret key.") % {"path": path}
        ) from error
    if not identities:
        raise BackupError(
            _("The key file %(path)s holds no valid age secret key.") % {"path": path}
        )
    return identities


def _decrypt(archive: Path, identities, target: Path) -> None:
    with archive.open("rb") as source:
        if not source.read(64).startswith(AGE_HEADERS):
            raise BackupError(
                _(
                    "%(archive)s is no encrypted kmut backup (age format). Backups of kmut "
                    "before format 2 were unencrypted and are restored with that version."
                )
                % {"archive": archive}
            )
        source.seek(0)
        with _private_open(target) as plaintext:
            try:
                pyrage.decrypt_io(source, plaintext, identities)
            except pyrage.DecryptError as error:
                raise BackupError(
                    _(
                        "The backup cannot be decrypted with this key file (%(reason)s). Use "
                        "the secret key whose public key was in KMUT_BACKUP_RECIPIENTS when the "
                        "backup was written."
                    )
                    % {"reason": error}
                ) from error
