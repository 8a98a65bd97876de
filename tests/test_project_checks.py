"""Project-wide checks that run as part of the suite: migrations, translations, deploy settings."""

import logging
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

BASE_DIR = Path(settings.BASE_DIR)
PO_FILE = BASE_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _require_tool(name):
    if shutil.which(name):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI but not installed")
    pytest.skip(f"{name} not installed")


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def test_german_translation_is_complete():
    catalogue = polib.pofile(str(PO_FILE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    obsolete = [entry.msgid for entry in catalogue.obsolete_entries()]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not obsolete, f"obsolete: {obsolete}"


def test_german_translation_covers_every_message_in_the_code(tmp_path):
    """Regenerate the catalogue and compare: a new msgid means `makemessages` was not run."""
    _require_tool("xgettext")
    saved = PO_FILE.read_bytes()
    try:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                "de",
                "--no-obsolete",
                "--add-location",
                "file",
                "--ignore",
                ".venv/*",
                "--ignore",
                "var/*",
            ],
            cwd=BASE_DIR,
            check=True,
            capture_output=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        )
        regenerated = {entry.msgid for entry in polib.pofile(str(PO_FILE))}
    finally:
        PO_FILE.write_bytes(saved)
    committed = {entry.msgid for entry in polib.pofile(str(PO_FILE))}
    assert regenerated - committed == set(), "run: manage.py makemessages -l de --no-obsolete"
    assert committed - regenerated == set(), "run: manage.py makemessages -l de --no-obsolete"


def _production_env(**changes):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kmut.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "kmut.landkreis.example",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://kmut.landkreis.example",
        "EMAIL_URL": "smtp+tls://kmut:secret@mail.landkreis.example:587",
        "KMUT_PAYER_NAME": "Landkreis Musterland",
        "KMUT_PAYER_IBAN": "DE02120300000000202051",
        "KMUT_PAYER_BIC": "BYLADEM1001",
        "KMUT_BACKUP_RECIPIENTS": "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
        "KMUT_BASE_URL": "https://kmut.landkreis.example",
        "KMUT_OFFICE_EMAIL": "integration@landkreis.example",
        **changes,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own thread
    return {name: value for name, value in env.items() if value is not None}


def _deploy_check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = _deploy_check(_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("iban", [None, "DE00123456780000000000"])
def test_deploy_check_needs_a_valid_payer_account(iban):
    result = _deploy_check(_production_env(KMUT_PAYER_IBAN=iban))
    assert result.returncode != 0
    assert "kmut.E001" in result.stdout + result.stderr


def test_deploy_check_warns_without_a_backup_key():
    result = _deploy_check(_production_env(KMUT_BACKUP_RECIPIENTS=None))
    assert result.returncode != 0
    assert "kmut.W003" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"KMUT_BASE_URL": None}, "kmut.E002"),
        ({"KMUT_BASE_URL": "kmut.landkreis.example"}, "kmut.E002"),
        ({"KMUT_BASE_URL": "http://kmut.landkreis.example"}, "kmut.W004"),
        ({"KMUT_BASE_URL": "https://kmut.other.example"}, "kmut.W004"),
        ({"KMUT_OFFICE_EMAIL": None}, "kmut.W005"),
    ],
)
def test_deploy_check_needs_the_address_for_links_and_the_office_sender(changes, expected):
    result = _deploy_check(_production_env(**changes))
    assert result.returncode != 0
    assert expected in result.stdout + result.stderr


def test_settings_refuse_to_start_without_secret_key_in_production():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kmut.settings", "DJANGO_DEBUG": "false"}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_libraries_behind_pdfs_log_only_warnings_under_the_real_settings():
    """./run keeps INFO for kmut's own loggers but not WeasyPrint's or fontTools' step lines."""
    script = (
        "import logging, django; django.setup(); "
        "print(*(logging.getLogger(name).getEffectiveLevel() for name in "
        "('weasyprint', 'weasyprint.progress', 'fontTools', 'fontTools.subset', 'kmut.jobs')))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kmut.settings", "DJANGO_DEBUG": "true"}
    env.pop("DJANGO_LOG_LEVEL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    levels = [int(level) for level in result.stdout.split()]
    assert levels == [logging.WARNING] * 4 + [logging.INFO]


def test_the_readme_documents_every_variable_that_run_reads():
    scripts = (BASE_DIR / "run").read_text() + (BASE_DIR / ".ci" / "venv.sh").read_text()
    read = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)[:}-]", scripts))
    readme = (BASE_DIR / "README.md").read_text()
    assert {"PORT", "PYTHON", "DJANGO_DEBUG", "KMUT_BASE_URL"} <= read
    assert sorted(name for name in read if f"`{name}`" not in readme) == []


@pytest.mark.parametrize(
    ("database_url", "max_age"),
    [("postgres://kmut:secret@db.landkreis.example:5432/kmut", None), (None, "0")],
)
def test_production_keeps_database_connections_open_and_checks_them_before_reuse(
    database_url, max_age
):
    """Persistent connections are the default (issue 18); DJANGO_CONN_MAX_AGE=0 turns them off."""
    env = _production_env(DJANGO_CONN_MAX_AGE=max_age, DATABASE_URL=database_url)
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["60" if max_age is None else "0", "True"]
