"""python -m bench.profile_page LABEL [--scale N] [--requests N]: where one main page's time goes.

Runs in a process of its own against the benchmark's database of that size (prepare it with
`./bench/run` first): a bench staff user, Django's test client (the whole middleware stack, the
same settings as the benchmark's server), one warm-up request, then N requests under cProfile.
Prints the share of the functions' own time by area (database, templates, forms, middleware) and
the functions with the largest cumulative time — the profile docs/performance.md quotes.
"""

import argparse
import cProfile
import io
import pstats
import sys

# Where a request's time goes: the functions' own time (never counted twice), by the file or
# the built-in that holds them.
AREAS = {
    "database (driver, ORM, query compiler)": (
        "django/db/",
        "psycopg",
        "sqlite3",
    ),
    "template rendering": ("django/template/", "crispy_forms", "crispy_bootstrap5"),
    "forms and widgets": ("django/forms/",),
    "session, auth, middleware": ("django/contrib/sessions", "django/contrib/auth", "middleware"),
}


def profile(label: str, requests: int) -> str:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client

    from bench import measure

    url = {name: url_of for name, url_of, _ in measure.pages()}[label]()
    client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="bench-buero-01"))
    _verify(client)
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url, secure=True)
    profiler.disable()
    return _report(label, url, requests, profiler)


def _verify(client) -> None:
    """The second factor, as the login form's code step leaves it in the session."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session = client.session
    user_id = session["_auth_user_id"]
    device = TOTPDevice.objects.filter(user_id=user_id, confirmed=True).first()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def _report(label: str, url: str, requests: int, profiler: cProfile.Profile) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = stats.total_tt
    out.write(f"{label} ({url}): {requests} requests, {1000 * total / requests:.1f} ms each\n")
    for area, folders in AREAS.items():
        seconds = sum(
            row[2]
            for (path, _line, name), row in stats.stats.items()
            if any(folder in path or folder in name for folder in folders)
        )
        out.write(f"  {area}: {100 * seconds / total:.0f} % (own time)\n")
    out.write("\nLargest cumulative times:\n")
    stats.sort_stats("cumulative").print_stats(30)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_page")
    parser.add_argument("label", help='a page of bench/measure.py:pages(), e.g. "Dashboard"')
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    import os

    from bench.environment import environment

    os.environ.update(environment(args.scale))
    sys.stdout.write(profile(args.label, args.requests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
