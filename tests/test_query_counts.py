"""The SQL queries of every main page are locked and do not grow with the data (issue 18).

The office is the demo data topped up by the benchmark's own generator (`bench/generate.py`) to
twice its size, then to four times: every page of the benchmark (`bench.measure.pages()`, the
same objects for the detail pages) must make exactly as many queries at both sizes, and no more
than locked below. A page that needs a new query changes its number here, on purpose.

Counted are the requests after a first one (warm: the statistics page serves its cached tables,
whose miss `tests/consultations/test_statistics_flat.py` counts).
"""

import pytest
from django.core.management import call_command
from django.db import connection

from actors.models import ContactPerson, Organisation
from bench import generate, measure
from consultations.models import Consultation
from kmut.middleware import StaffIdleTimeoutMiddleware
from roundtable.models import Meeting
from volunteers.models import ExpenseClaim, Volunteer

pytestmark = pytest.mark.django_db

LOCKED = {
    "Dashboard": 15,
    "Organisations": 13,
    "Organisations, filtered": 13,
    "Organisation": 14,
    "Offers": 11,
    "Bodies & meetings": 12,
    "Meeting": 15,
    "Body": 13,
    "Action items": 9,
    "Volunteering": 9,
    "Volunteers": 13,
    "Volunteers, filtered": 13,
    "Volunteer": 15,
    "Claims to review": 8,
    "Claims paid": 8,
    "Claim": 9,
    "Assignments": 11,
    "Assignment": 10,
    "Payment runs": 9,
    "Payment run": 7,  # an exported run shows its frozen items and reads no claims
    "Consultations": 11,
    "Consultations, filtered": 11,
    "Consultation": 11,
    "New consultation": 9,  # the interpreting assignment is a lookup (issue 18)
    "Clients": 9,
    "Client": 11,
    "Statistics": 8,
    "Reports": 8,
    "Annual reports": 8,
    "Funding statement": 12,
}
MODELS = {
    "organisations": Organisation,
    "contacts": ContactPerson,
    "meetings": Meeting,
    "volunteers": Volunteer,
    "claims": ExpenseClaim,
    "consultations": Consultation,
}


def _grow(monkeypatch, sizes, factor):
    monkeypatch.setattr(generate, "SIZES", {name: size * factor for name, size in sizes.items()})
    generate.generate()


def _warm_counts(client, url) -> list[int]:
    _queries(client, url)
    return [_queries(client, url) for _ in range(2)]


def _queries(client, url) -> int:
    count = 0

    def counted(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        response = client.get(url)
    assert response.status_code == 200, url
    return count


def test_every_main_page_makes_its_locked_number_of_queries_at_two_data_sizes(
    settings, monkeypatch, synced_roles
):
    settings.DEBUG = True  # the demo data refuses production
    call_command("seed_demo_data", verbosity=0)
    settings.DEBUG = False
    # The session records the staff's last activity once a minute: not within this test.
    monkeypatch.setattr(StaffIdleTimeoutMiddleware, "RECORD_EVERY_SECONDS", 10**9)
    demo = {name: model.objects.count() for name, model in MODELS.items()}
    _grow(monkeypatch, demo, 2)
    client = measure.staff_client()
    urls = {label: url() for label, url, _kind in measure.pages()}
    assert set(urls) == set(LOCKED), "lock the query count of each new page"

    small = {label: _warm_counts(client, url) for label, url in urls.items()}
    _grow(monkeypatch, demo, 4)
    large = {label: _warm_counts(client, url) for label, url in urls.items()}

    assert Consultation.objects.count() >= 4 * demo["consultations"]
    for label, url in urls.items():
        assert small[label][0] == small[label][1] == large[label][0] == large[label][1], (
            label,
            url,
            small[label],
            large[label],
        )
    assert {label: counts[0] for label, counts in large.items()} == LOCKED
