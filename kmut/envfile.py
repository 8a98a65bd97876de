"""The installation's optional `.env` file, read by the entry points (`manage.py`, `kmut/wsgi.py`,
`kmut/asgi.py`) before Django loads the settings.

Importing `kmut.settings` only reads `os.environ`; it changes nothing. A value already in the
environment (systemd's `EnvironmentFile`, the shell, CI) wins over the file's.
"""

from pathlib import Path

import environ

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


def read_env_file(path: Path = ENV_FILE) -> None:
    """Put the file's values into `os.environ` where the environment has none."""
    if path.is_file():
        environ.Env.read_env(str(path))
