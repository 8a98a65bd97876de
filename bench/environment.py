"""The environment of every process the benchmark starts (gunicorn and its helper programs):
production's settings module chain (`bench.settings` imports `kmut.settings`), DEBUG off, and
whatever else the caller's environment sets (DATABASE_URL, DJANGO_CONN_MAX_AGE, ...) untouched,
so the benchmark uses what production uses."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///var/bench.sqlite3"


def database_url(scale: int) -> str:
    """The database of one data size: DATABASE_URL (or var/bench.sqlite3) for the ten-year
    data, the same name with a suffix "_4x" (SQLite: "bench-4x.sqlite3") for four times that."""
    base = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if scale == 1:
        return base
    parts = urlsplit(base)
    if parts.scheme.startswith("sqlite"):
        path = parts.path
        stem, dot, suffix = path.rpartition(".")
        path = f"{stem}-{scale}x.{suffix}" if dot else f"{path}-{scale}x"
        return urlunsplit(parts._replace(path=path))
    return urlunsplit(parts._replace(path=f"{parts.path}_{scale}x"))


def environment(scale: int = 1) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": database_url(scale),
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "k" * 50)
    env.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    # The demo data's release mails the committee: the bench sends no mail anywhere.
    env.setdefault("EMAIL_URL", "dummymail://")
    return env
