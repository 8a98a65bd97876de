"""The main pages the benchmark measures, and the in-process measurements that need Django.

`pages()` is evaluated in the data's own process (bench/prepare.py), which hands the URLs to
the benchmark; the pages themselves are requested over HTTP (bench/run_pages.py).
`measure_import_refusal()` runs in a process of its own (`python -m bench.refusal`).
"""

import time
import tracemalloc
from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

# Kinds of page, for the throughput targets of issue 18 (lists and details at least 0.5 of the
# reference's throughput, every other main page at least 0.33).
LIST, DETAIL, PAGE = "list", "detail", "page"


def _first(model_path: str, **filters):
    from django.apps import apps

    model = apps.get_model(model_path)
    obj = model.objects.filter(**filters).order_by("-pk").first()
    return obj.pk if obj else None


def _detail(name: str, model_path: str):
    app_label = name.split(":")[0]
    model = model_path if "." in model_path else f"{app_label}.{model_path}"
    return lambda: reverse(name, args=[_first(model)])


def _largest_payment_run():
    """The payment run with the most transfers: a full page of them at both data sizes (the
    newest run of the generated data has 2 transfers at the ten-year data and 11 at four times,
    which made its HTML "grow" with the run, not with the data)."""
    from django.db.models import Count

    from volunteers.models import PaymentRun

    run = PaymentRun.objects.annotate(transfers=Count("claims")).order_by("-transfers", "-pk")
    return reverse("volunteers:paymentrun_detail", args=[run.values_list("pk", flat=True)[0]])


def _list(name: str, query: str = ""):
    return lambda: reverse(name) + query


def pages() -> list[tuple[str, Callable[[], str], str]]:
    """(label, url factory, kind) for every main page: dashboard, lists with filters, details."""
    year = timezone.localdate().year
    return [
        ("Dashboard", _list("dashboard"), PAGE),
        ("Organisations", _list("actors:organisation_list"), LIST),
        (
            "Organisations, filtered",
            _list("actors:organisation_list", "?q=Bench&kind=association"),
            LIST,
        ),
        ("Organisation", _detail("actors:organisation_detail", "actors.Organisation"), DETAIL),
        ("Offers", _list("actors:offer_list"), LIST),
        ("Bodies & meetings", _list("roundtable:index"), PAGE),
        ("Meeting", _detail("roundtable:meeting_detail", "roundtable.Meeting"), DETAIL),
        ("Body", _detail("roundtable:body_detail", "roundtable.Body"), DETAIL),
        ("Action items", _list("roundtable:actionitem_list"), LIST),
        ("Volunteering", _list("volunteers:index"), PAGE),
        ("Volunteers", _list("volunteers:volunteer_list"), LIST),
        ("Volunteers, filtered", _list("volunteers:volunteer_list", "?status=active"), LIST),
        ("Volunteer", _detail("volunteers:volunteer_detail", "volunteers.Volunteer"), DETAIL),
        ("Claims to review", _list("volunteers:claim_list"), LIST),
        ("Claims paid", _list("volunteers:claim_list", "?status=paid"), LIST),
        ("Claim", _detail("volunteers:claim_detail", "volunteers.ExpenseClaim"), DETAIL),
        ("Assignments", _list("volunteers:assignment_list"), LIST),
        ("Assignment", _detail("volunteers:assignment_detail", "volunteers.Assignment"), DETAIL),
        ("Payment runs", _list("volunteers:paymentrun_list"), LIST),
        ("Payment run", _largest_payment_run, DETAIL),
        ("Consultations", _list("consultations:index"), LIST),
        ("Consultations, filtered", _list("consultations:index", "?channel=phone"), LIST),
        ("Consultation", _detail("consultations:consultation_detail", "Consultation"), DETAIL),
        ("New consultation", _list("consultations:consultation_create"), PAGE),
        ("Clients", _list("consultations:client_list"), LIST),
        ("Client", _detail("consultations:client_detail", "consultations.Client"), DETAIL),
        ("Statistics", _list("consultations:statistics", f"?year={year}"), PAGE),
        ("Reports", _list("reporting:index"), PAGE),
        ("Annual reports", _list("reporting:annualreport_list"), LIST),
        (
            "Funding statement",
            _list("reporting:funding_overview", f"?years={year - 1}&years={year}"),
            PAGE,
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
    # As behind the reverse proxy of docs/deploy.md (production redirects plain HTTP).
    client = Client(headers={"X-Forwarded-Proto": "https"})
    client.force_login(user)
    session = client.session
    session.update(second_factor_session(user))
    session.save()
    return client


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
