"""python -m bench [--load] — see docs/performance.md.

Generates (or tops up) ten years of data in the benchmark database, then prints per main page
the median and 95th-percentile server time and the SQL query count, the annual report's render
time and peak memory, and with --load a 60-second HTTP load test against gunicorn.
"""

import argparse
import os
import sys
import time

TARGET_P95_MS = 100
TARGET_QUERIES = 15
TARGET_REPORT_SECONDS = 5
TARGET_REPORT_MB = 400
# A huge or hostile import file is refused this fast and lean (issue 15).
TARGET_REFUSAL_SECONDS = 2
TARGET_REFUSAL_MB = 100


def _environment() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kmut.settings")
    os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")
    os.environ["DJANGO_DEBUG"] = "false"  # measure what production runs
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "k" * 50)
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--load", action="store_true", help="also run the HTTP load test")
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    _environment()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from bench import generate, load, measure

    database = settings.DATABASES["default"]
    print(f"Database: {database['ENGINE']} {database['NAME']}")
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("sync_roles", verbosity=0)
    call_command("seed_demo_data", "--if-empty", "--allow-production", verbosity=0)
    start = time.perf_counter()
    sizes = generate.generate()
    from django.db import connection

    if connection.vendor == "postgresql":
        # Bulk-loaded tables have no planner statistics until autovacuum gets to them; a live
        # database has them. Without this the first minutes measure the wrong query plans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts = ", ".join(f"{name} {count}" for name, count in sizes.items())
    print(f"Data ({time.perf_counter() - start:.0f} s): {counts}")

    missed = []
    rows = measure.measure_pages(repeat=args.repeat)
    print()
    print(f"{'Page':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  status")
    for row in rows:
        ok = row.p95_ms <= TARGET_P95_MS and row.queries <= TARGET_QUERIES and row.status == 200
        if not ok:
            missed.append(row.page)
        print(f"{row.page:<28} {row.median_ms:>10.1f} {row.p95_ms:>8.1f} {row.queries:>8}  "
              f"{row.status}{'' if ok else '  MISS'}")  # fmt: skip

    year = timezone.localdate().year
    seconds, peak_mb, size = measure.measure_report(year)
    report_ok = seconds <= TARGET_REPORT_SECONDS and peak_mb <= TARGET_REPORT_MB
    if not report_ok:
        missed.append("annual report")
    print()
    print(f"Annual report {year} (PDF/A, {size // 1024} KB): {seconds:.2f} s, "
          f"peak memory {peak_mb:.0f} MB{'' if report_ok else '  MISS'}")  # fmt: skip

    print()
    for label, refusal_seconds, refusal_mb in measure.measure_import_refusal():
        refusal_ok = refusal_seconds <= TARGET_REFUSAL_SECONDS and refusal_mb <= TARGET_REFUSAL_MB
        if not refusal_ok:
            missed.append(label)
        print(f"{label} refused: {refusal_seconds:.2f} s, peak memory {refusal_mb:.0f} MB"
              f"{'' if refusal_ok else '  MISS'}")  # fmt: skip

    if args.load:
        urls = [url_of() for _label, url_of in measure.pages()]
        result = load.run_load(urls, users=args.users, seconds=args.seconds, workers=args.workers)
        load_ok = result.errors == 0
        if not load_ok:
            missed.append("load")
        print()
        print(f"Load: {result.users} users, {result.seconds:.0f} s, {result.requests} requests, "
              f"{result.throughput:.1f} requests/s, p95 {result.p95_ms:.0f} ms, "
              f"{result.errors} errors{'' if load_ok else '  MISS'}")  # fmt: skip

    print()
    print("All targets met." if not missed else f"Missed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
