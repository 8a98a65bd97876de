"""The demo's events: seed 004 §2.4 last year and this year, three projects, idempotent."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from roundtable.models import Event
from roundtable.queries import events_of_year

pytestmark = pytest.mark.django_db


def test_demo_events_fill_last_years_report_in_date_order(settings):
    settings.DEBUG = True
    call_command("seed_demo_data")
    count = Event.objects.count()
    call_command("seed_demo_data")
    assert Event.objects.count() == count == 14

    last_year = timezone.localdate().year - 1
    shingal = Event.objects.get(title="Ausstellung „Shingal“")
    assert (shingal.starts_on, shingal.ends_on) == (date(last_year, 1, 13), date(last_year, 2, 24))
    assert [org.name for org in shingal.organisations.all()] == ["Kreismuseum Lüchow-Dannenberg"]
    religramme = Event.objects.get(title__startswith="Wanderausstellung „Religramme")
    assert religramme.starts_on == date(last_year + 1, 3, 5)
    assert not Event.objects.filter(organisations__name__icontains="Peine").exists()

    rows = events_of_year(last_year)
    starts = [row.starts_on for row in rows]
    assert starts == sorted(starts)
    assert sum(1 for row in rows if row.kind == "event" and row.starts_on.year == last_year) == 4
    assert {row.title for row in rows if row.ongoing} == {"Aufbau des Elternvereins Fötev e.V."}
    assert any(row.title.startswith("„Weltreise“") for row in rows)
