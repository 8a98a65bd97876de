"""Events and projects: the model's rules and the year's list in date order."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from roundtable.models import Event
from roundtable.queries import events_of_year
from tests.factories import FieldOfActionFactory, OrganisationFactory
from tests.roundtable.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_last_day_may_not_be_before_the_first():
    event = Event(
        title="Fachtag", kind="event", starts_on=date(2025, 3, 5), ends_on=date(2025, 3, 4)
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "Der letzte Tag darf nicht vor dem ersten Tag liegen." in error.value.messages


def test_costs_cannot_be_negative():
    event = Event(title="Fachtag", kind="event", starts_on=date(2025, 3, 5), costs=Decimal("-1"))
    with pytest.raises(ValidationError):
        event.full_clean()


def test_one_day_range_and_ongoing_are_told_apart():
    one_day = EventFactory.build(starts_on=date(2025, 3, 5))
    several = EventFactory.build(starts_on=date(2025, 3, 5), ends_on=date(2025, 3, 7))
    ongoing = EventFactory.build(starts_on=date(2025, 3, 5), ends_on=None)
    assert (one_day.last_day, one_day.is_ongoing) == (None, False)
    assert (several.last_day, several.is_ongoing) == (date(2025, 3, 7), False)
    assert (ongoing.last_day, ongoing.is_ongoing) == (None, True)


def test_events_of_year_contains_everything_that_overlaps_the_year():
    EventFactory(title="Im Jahr", starts_on=date(2025, 6, 7))
    EventFactory(title="Über Silvester", starts_on=date(2024, 12, 20), ends_on=date(2025, 1, 10))
    EventFactory(title="Laufendes Projekt", starts_on=date(2023, 9, 1), ends_on=None)
    EventFactory(title="Ins neue Jahr", starts_on=date(2025, 12, 30), ends_on=date(2026, 1, 2))
    EventFactory(title="Vorjahr", starts_on=date(2024, 5, 1), ends_on=date(2024, 12, 31))
    EventFactory(title="Folgejahr", starts_on=date(2026, 1, 1))
    EventFactory(title="Projekt ab nächstem Jahr", starts_on=date(2026, 2, 1), ends_on=None)

    titles = [row.title for row in events_of_year(2025)]

    assert titles == ["Laufendes Projekt", "Über Silvester", "Im Jahr", "Ins neue Jahr"]


def test_events_of_year_are_in_date_order_whatever_the_entry_order():
    for day in (date(2025, 10, 19), date(2025, 1, 13), date(2025, 6, 7), date(2025, 2, 11)):
        EventFactory(title=f"Am {day:%d.%m.}", starts_on=day)
    EventFactory(title="Zweitägig", starts_on=date(2025, 6, 7), ends_on=date(2025, 6, 8))
    EventFactory(title="Projekt", starts_on=date(2025, 6, 7), ends_on=None)

    rows = events_of_year(2025)

    assert [row.title for row in rows] == [
        "Am 13.01.", "Am 11.02.", "Am 07.06.", "Zweitägig", "Projekt", "Am 19.10."
    ]  # fmt: skip
    assert [(row.ends_on, row.ongoing) for row in rows[2:5]] == [
        (None, False),
        (date(2025, 6, 8), False),
        (None, True),
    ]


def test_event_rows_carry_plain_values(django_assert_max_num_queries):
    field = FieldOfActionFactory(name="Kunst und Ausstellungen")
    event = EventFactory(
        title="Ausstellung „Shingal“",
        kind="event",
        starts_on=date(2025, 1, 13),
        place="Kreishaus Lüchow",
        participants=80,
        description="Malereien von Künstlern mit Fluchterfahrung.",
    )
    event.organisations.set(
        [OrganisationFactory(name="Kreismuseum"), OrganisationFactory(name="Gleichstellung")]
    )
    event.fields_of_action.set([field])
    for index in range(5):
        EventFactory(starts_on=date(2025, 3, index + 1)).organisations.add(OrganisationFactory())

    with django_assert_max_num_queries(3):
        rows = events_of_year(2025)

    row = rows[0]
    assert row.kind_label == "Veranstaltung"
    assert row.partners == ["Gleichstellung", "Kreismuseum"]
    assert row.fields == ["Kunst und Ausstellungen"]
    assert (row.place, row.participants) == ("Kreishaus Lüchow", 80)
    assert row.description == "Malereien von Künstlern mit Fluchterfahrung."
    assert len(rows) == 6


def test_changes_are_recorded_in_the_history():
    event = EventFactory(title="Fachtag")
    event.title = "Fachtag Arbeitsmarkt"
    event.save()
    assert [record.title for record in event.history.order_by("history_date")] == [
        "Fachtag",
        "Fachtag Arbeitsmarkt",
    ]
