"""The settings module: importing it writes nothing, and every setting is named in it."""

import json
import os
import subprocess
import sys

from kmut.apps import create_sqlite_folders
from kmut.settings import BASE_DIR

IMPORT_WITHOUT_WRITING = """
import json, pathlib
made = []
pathlib.Path.mkdir = lambda self, *args, **kwargs: made.append(str(self))
import kmut.settings as s
print(json.dumps({"made": made, "email": {name: getattr(s, name) for name in (
    "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS", "EMAIL_USE_SSL")}}))
"""


def _import_settings(**env):
    environment = {name: value for name, value in os.environ.items() if name != "EMAIL_URL"}
    environment.update(DJANGO_DEBUG="true", **env)
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_WITHOUT_WRITING],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_importing_the_settings_creates_no_folder():
    assert _import_settings()["made"] == []


def test_the_mail_url_sets_each_mail_setting_by_name():
    email = _import_settings(EMAIL_URL="smtp+tls://kmut:secret@mail.landkreis.example:587")["email"]
    assert email == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.landkreis.example",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "kmut",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
    }


def test_development_mail_goes_to_the_console():
    email = _import_settings()["email"]
    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"], email["EMAIL_HOST_USER"]) == (
        "localhost",
        25,
        "",
    )


def test_startup_creates_the_folder_of_an_sqlite_file(tmp_path):
    database = tmp_path / "var" / "nested" / "kmut.sqlite3"
    databases = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)},
        "memory": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
        "postgres": {"ENGINE": "django.db.backends.postgresql", "NAME": "kmut"},
    }
    create_sqlite_folders(databases)
    assert database.parent.is_dir()
    assert not database.exists()
