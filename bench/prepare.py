"""python -m bench.prepare --scale N: one data size's database, ready for the benchmark.

Runs in its own process (the benchmark's process never holds the data): creates the PostgreSQL
database if it is missing, runs collectstatic, migrate and sync_roles, loads the demo data once,
tops the data up to `scale` times the ten-year sizes (bench/generate.py), runs ANALYZE on
PostgreSQL, and gives the benchmark's staff users a password and a confirmed authenticator
device. Prints JSON: row counts, the URLs of the main pages and the users with their device
keys (these are bench-only accounts in a bench-only database).
"""

import argparse
import json
import os
import sys
import time
from urllib.parse import urlsplit, urlunsplit

USERS = 16
PASSWORD = "bench-Passwort-2026"  # bench databases only


def _create_postgres_database(url: str) -> None:
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_users() -> list[dict]:
    from django.contrib.auth.models import Group, User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kmut import roles

    group = Group.objects.get(name=roles.COORDINATION)
    users = []
    for index in range(1, USERS + 1):
        user, created = User.objects.get_or_create(
            username=f"bench-buero-{index:02d}",
            defaults={"first_name": "Bench", "last_name": f"Büro {index:02d}"},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
            user.groups.add(group)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        # A code counts once per 30 seconds: a new run within them may use it again
        # (as tests/browser/helpers.py does).
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
        users.append(
            {
                "username": user.username,
                "password": PASSWORD,
                "key": device.key,
                "step": device.step,
                "t0": device.t0,
                "digits": device.digits,
                "drift": device.drift,
            }
        )
    return users


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.prepare")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument(
        "--no-collectstatic", action="store_true", help="the static files are collected already"
    )
    args = parser.parse_args()
    # Management commands print (the demo data its logins): only the JSON goes to stdout.
    result, sys.stdout = sys.stdout, sys.stderr
    _create_postgres_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench import generate, measure

    if not args.no_collectstatic:
        call_command("collectstatic", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("sync_roles", verbosity=0)
    call_command("seed_demo_data", "--if-empty", "--allow-production", verbosity=0)
    start = time.perf_counter()
    sizes = generate.generate(scale=args.scale)
    if connection.vendor == "postgresql":
        # Bulk-loaded tables have no planner statistics until autovacuum gets to them; a live
        # database has them. Without this the first minutes measure the wrong query plans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seconds = time.perf_counter() - start
    database = settings.DATABASES["default"]
    json.dump(
        {
            "scale": args.scale,
            "database": {
                "vendor": connection.vendor,
                "name": str(database["NAME"]),
                "conn_max_age": database.get("CONN_MAX_AGE"),
                "conn_health_checks": database.get("CONN_HEALTH_CHECKS"),
            },
            "rows": sizes,
            "generate_seconds": round(seconds, 1),
            "year": timezone.localdate().year,
            "pages": [
                {"label": label, "kind": kind, "url": url_of()}
                for label, url_of, kind in measure.pages()
            ],
            "users": bench_users(),
        },
        result,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
