"""Server time and SQL queries per main page, and the annual report's render time and memory.

Pages are requested in-process through Django's test client as the coordinator (the role that
sees most), after one warm-up request each. Times are wall-clock for the whole request
(middleware, views, templates), i.e. what gunicorn spends, without the network.
"""

import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone


@dataclass
class Row:
    page: str
    median_ms: float
    p95_ms: float
    queries: int
    status: int


def _first(model_path: str, **filters):
    from django.apps import apps

    model = apps.get_model(model_path)
    obj = model.objects.filter(**filters).order_by("-pk").first()
    return obj.pk if obj else None


def _detail(name: str, model_path: str):
    app_label = name.split(":")[0]
    model = model_path if "." in model_path else f"{app_label}.{model_path}"
    return lambda: reverse(name, args=[_first(model)])


def _list(name: str, query: str = ""):
    return lambda: reverse(name) + query


def pages() -> list[tuple[str, Callable[[], str]]]:
    """(label, url factory) for every main page: dashboard, lists with filters, details."""
    year = timezone.localdate().year
    return [
        ("Dashboard", _list("dashboard")),
        ("Organisations", _list("actors:organisation_list")),
        ("Organisations, filtered", _list("actors:organisation_list", "?q=Bench&kind=association")),
        ("Organisation", _detail("actors:organisation_detail", "actors.Organisation")),
        ("Offers", _list("actors:offer_list")),
        ("Bodies & meetings", _list("roundtable:index")),
        ("Meeting", _detail("roundtable:meeting_detail", "roundtable.Meeting")),
        ("Body", _detail("roundtable:body_detail", "roundtable.Body")),
        ("Action items", _list("roundtable:actionitem_list")),
        ("Volunteering", _list("volunteers:index")),
        ("Volunteers", _list("volunteers:volunteer_list")),
        ("Volunteers, filtered", _list("volunteers:volunteer_list", "?status=active")),
        ("Volunteer", _detail("volunteers:volunteer_detail", "volunteers.Volunteer")),
        ("Claims to review", _list("volunteers:claim_list")),
        ("Claims paid", _list("volunteers:claim_list", "?status=paid")),
        ("Claim", _detail("volunteers:claim_detail", "volunteers.ExpenseClaim")),
        ("Assignments", _list("volunteers:assignment_list")),
        ("Assignment", _detail("volunteers:assignment_detail", "volunteers.Assignment")),
        ("Payment runs", _list("volunteers:paymentrun_list")),
        ("Payment run", _detail("volunteers:paymentrun_detail", "volunteers.PaymentRun")),
        ("Consultations", _list("consultations:index")),
        ("Consultations, filtered", _list("consultations:index", "?channel=phone")),
        ("Consultation", _detail("consultations:consultation_detail", "Consultation")),
        ("New consultation", _list("consultations:consultation_create")),
        ("Clients", _list("consultations:client_list")),
        ("Client", _detail("consultations:client_detail", "consultations.Client")),
        ("Statistics", _list("consultations:statistics", f"?year={year}")),
        ("Reports", _list("reporting:index")),
        ("Annual reports", _list("reporting:annualreport_list")),
        (
            "Funding statement",
            _list("reporting:funding_overview", f"?years={year - 1}&years={year}"),
        ),
    ]


def second_factor_session(user) -> dict:
    """Session keys of a staff login that passed the second factor (as after the code step)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kmut.middleware import StaffIdleTimeoutMiddleware

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return {
        DEVICE_ID_SESSION_KEY: device.persistent_id,
        StaffIdleTimeoutMiddleware.SESSION_KEY: int(time.time()),
    }


def staff_client(username: str = "koordination") -> Client:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    session = client.session
    session.update(second_factor_session(user))
    session.save()
    return client


def measure_pages(repeat: int = 20, extra=()) -> list[Row]:
    client = staff_client()
    rows = []
    for label, url_of in [*pages(), *extra]:
        url = url_of()
        client.get(url)  # warm-up: template and query caches
        times = []
        queries = 0
        status = 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            queries = len(captured)
            status = response.status_code
        times.sort()
        p95 = times[max(round(0.95 * len(times)) - 1, 0)]
        rows.append(Row(label, statistics.median(times), p95, queries, status))
    return rows


def measure_import_refusal() -> list[tuple[str, float, float]]:
    """(file, seconds, peak MB traced) for posting each hostile file to the registry import:
    the time in one request, the memory in a second one, so tracing does not slow the first."""
    from bench import hostile_files

    client = staff_client()
    url = reverse("actors:organisation_import")
    files = [
        ("Import, 1 million rows XLSX", "riesig.xlsx", hostile_files.million_row_xlsx()),
        ("Import, 1 million rows CSV", "riesig.csv", hostile_files.million_row_csv()),
        ("Import, XLSX zip bomb", "bombe.xlsx", hostile_files.zip_bomb_xlsx()),
    ]
    results = []
    for label, name, content in files:
        start = time.perf_counter()
        client.post(url, {"file": SimpleUploadedFile(name, content)})
        seconds = time.perf_counter() - start
        tracemalloc.start()
        try:
            client.post(url, {"file": SimpleUploadedFile(name, content)})
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        results.append((label, seconds, peak / 1024 / 1024))
    return results


REPORT_SCRIPT = """
import resource, sys, time
import django
django.setup()
from reporting import releases
from reporting.models import AnnualReport
year = int(sys.argv[1])
report = AnnualReport(year=year, title=f"Jahresbericht {year}")
start = time.perf_counter()
pdf = releases.render(report, releases.live_figures(year), archival=True)
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{seconds:.2f} {peak_mb:.0f} {len(pdf)}")
"""


def measure_report(year: int) -> tuple[float, float, int]:
    """Render the annual report PDF/A in a fresh process: seconds, peak RSS in MB, bytes."""
    result = subprocess.run(
        [sys.executable, "-c", REPORT_SCRIPT, str(year)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak, size = result.stdout.split()[-3:]
    return float(seconds), float(peak), int(size)


def own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
