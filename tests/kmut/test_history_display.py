"""A record's history reads as people talk: German field names, local time, full names."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise
from simple_history.models import HistoricalChanges

from tests.consultations.factories import ConsultationFactory
from tests.factories import OrganisationFactory
from tests.roundtable.factories import MeetingFactory
from tests.volunteers.factories import ExpenseClaimFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

CREATED = datetime(2026, 7, 1, 8, 0, 0, tzinfo=UTC)
CHANGED = datetime(2026, 7, 1, 17, 30, 12, 345678, tzinfo=UTC)  # 19:30 in Berlin (summer time)


def _change(obj, user, field, value):
    """Save one change as `user`, then date both history steps to known UTC times."""
    setattr(obj, field, value)
    obj._history_user = user
    obj.save()
    created, changed = obj.history.order_by("history_date")[:2]
    type(created).objects.filter(pk=created.pk).update(history_date=CREATED)
    type(changed).objects.filter(pk=changed.pk).update(history_date=CHANGED)


def _history_html(html):
    """The history section, its white space collapsed as a browser shows it."""
    return " ".join(html[html.index('id="history-heading"') :].split())


RECORDS = [
    (
        lambda: OrganisationFactory(phone="05841 120"),
        "actors:organisation_detail",
        "phone",
        "05841 999",
        "Telefon: 05841 120 → 05841 999",
    ),
    (
        lambda: VolunteerFactory(notes=""),
        "volunteers:volunteer_detail",
        "notes",
        "Spricht auch Farsi.",
        "interne Notizen: – → Spricht auch Farsi.",
    ),
    (
        lambda: ExpenseClaimFactory(travel_km=Decimal("34")),
        "volunteers:claim_detail",
        "travel_km",
        Decimal("12.5"),
        "Fahrtstrecke (km): 34,0 → 12,5",
    ),
    (
        lambda: MeetingFactory(place="Kreishaus"),
        "roundtable:meeting_detail",
        "place",
        "Gildehaus Lüchow",
        "Ort: Kreishaus → Gildehaus Lüchow",
    ),
    (
        lambda: ConsultationFactory(duration_minutes=30),
        "consultations:consultation_detail",
        "duration_minutes",
        45,
        "Dauer (Minuten): 30 → 45",
    ),
]


@pytest.mark.parametrize(
    ("make", "url_name", "field", "value", "line"),
    RECORDS,
    ids=["organisation", "volunteer", "claim", "meeting", "consultation"],
)
def test_the_history_shows_german_labels_local_time_and_full_names(
    coordinator, coordinator_client, make, url_name, field, value, line
):
    obj = make()
    _change(obj, coordinator, field, value)

    html = _history_html(coordinator_client.get(reverse(url_name, args=[obj.pk])).content.decode())

    assert line in html, html[:1500]
    assert "01.07.2026 19:30" in html  # local time, no seconds
    text = re.sub(r"<[^>]+>", "", html)
    assert "17:30" not in text
    assert "19:30:12" not in text
    assert "345678" not in html
    assert 'datetime="2026-07-01T19:30:12+02:00"' in html
    assert f"geändert · {coordinator.get_full_name()}" in html
    assert coordinator.username not in html
    # The first step was made by no one logged in (a factory, like a background job).
    assert "angelegt · System" in html


def test_every_field_of_every_recorded_model_has_a_translated_label():
    """History lines use verbose names: a field without one would show its English code name."""
    missing = []
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            continue
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        history_model = getattr(model, model._meta.simple_history_manager_attribute).model
        excluded = set(history_model._history_excluded_fields)
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if field.primary_key or field.name in excluded:
                continue
            if not isinstance(field.verbose_name, Promise):
                missing.append(f"{model._meta.label}.{field.name}")
    assert missing == []
