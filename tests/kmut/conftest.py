import pytest

from kmut import backups


@pytest.fixture
def backup_key(tmp_path, settings):
    """A backup key pair: the public key in the settings, the secret key in a file."""
    text, public_key = backups.generate_identity()
    identity = tmp_path / "kmut-backup-key.txt"
    backups.write_private_file(identity, text.encode())
    settings.KMUT_BACKUP_RECIPIENTS = [public_key]
    settings.KMUT_BACKUP_IDENTITY_FILE = str(identity)
    return identity
