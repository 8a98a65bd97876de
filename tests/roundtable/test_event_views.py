"""Events and projects through the office's pages: entry, list, detail, deletion and exports."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kmut.models import Language
from roundtable.models import Event
from tests.factories import FieldOfActionFactory, OrganisationFactory
from tests.reporting.factories import MeasureFactory
from tests.roundtable.factories import EventFactory

pytestmark = pytest.mark.django_db


def _data(**fields):
    data = {
        "title": "Frauenneujahrsempfang",
        "kind": "event",
        "starts_on": "2025-02-11",
        "ends_on": "",
        "place": "Kreishaus Lüchow",
        "target_groups": "Frauen mit Fluchterfahrung",
        "participants": "",
        "costs": "",
        "funding_source": "",
        "description": "",
    }
    return data | fields


def test_staff_enter_a_one_day_event_with_partners_and_costs(coordinator_client):
    partner = OrganisationFactory(name="Gleichstellungsbeauftragte")
    field = FieldOfActionFactory(name="Frauen und Familie")
    language = Language.objects.get(code="ar")
    response = coordinator_client.post(
        reverse("roundtable:event_create"),
        _data(
            organisations=[partner.pk],
            fields_of_action=[field.pk],
            languages=[language.pk],
            participants="120",
            costs="1.234,50",
            funding_source="Landesmittel KMuT",
        ),
        follow=True,
    )

    event = Event.objects.get()
    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    assert "Der Eintrag wurde gespeichert." in response.content.decode()
    assert (event.starts_on, event.ends_on, event.is_ongoing) == (
        date(2025, 2, 11),
        date(2025, 2, 11),
        False,
    )
    assert event.costs == Decimal("1234.50")
    assert list(event.organisations.all()) == [partner]
    assert list(event.languages.all()) == [language]
    page = response.content.decode()
    assert "1.234,50\u00a0€" in page
    assert "11.02.2025" in page
    assert "Gleichstellungsbeauftragte" in page


def test_an_ongoing_project_has_no_last_day(coordinator_client):
    coordinator_client.post(
        reverse("roundtable:event_create"),
        _data(title="Elternverein Fötev", kind="project", starts_on="2024-09-01", is_ongoing="on"),
    )
    event = Event.objects.get()
    assert event.ends_on is None
    page = coordinator_client.get(event.get_absolute_url()).content.decode()
    assert "seit 01.09.2024" in page


def test_an_ongoing_project_cannot_have_a_last_day(coordinator_client):
    response = coordinator_client.post(
        reverse("roundtable:event_create"),
        _data(kind="project", ends_on="2025-03-01", is_ongoing="on"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == [
        "Ein laufendes Projekt hat noch keinen letzten Tag."
    ]
    assert not Event.objects.exists()


def test_the_last_day_before_the_first_is_refused_in_german(coordinator_client):
    response = coordinator_client.post(
        reverse("roundtable:event_create"), _data(starts_on="2025-03-05", ends_on="2025-03-04")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == [
        "Der letzte Tag darf nicht vor dem ersten Tag liegen."
    ]
    assert 'type="date"' in response.content.decode()
    assert not Event.objects.exists()


def test_editing_keeps_the_range_and_records_the_change(coordinator_client):
    event = EventFactory(title="Fachtag", starts_on=date(2025, 4, 27), ends_on=date(2025, 4, 28))
    form = coordinator_client.get(reverse("roundtable:event_update", args=[event.pk]))
    assert form.context["form"].initial["ends_on"] == date(2025, 4, 28)

    coordinator_client.post(
        reverse("roundtable:event_update", args=[event.pk]),
        _data(title="Fachtag Arbeitsmarkt", starts_on="2025-04-27", ends_on="2025-04-28"),
    )

    event.refresh_from_db()
    assert event.title == "Fachtag Arbeitsmarkt"
    page = coordinator_client.get(event.get_absolute_url()).content.decode()
    assert "27.04.2025–28.04.2025" in page
    assert "Fachtag → Fachtag Arbeitsmarkt" in page


def test_a_one_day_event_is_edited_without_a_last_day(coordinator_client):
    event = EventFactory(starts_on=date(2025, 4, 27))
    form = coordinator_client.get(reverse("roundtable:event_update", args=[event.pk]))
    assert form.context["form"].initial["ends_on"] is None
    assert form.context["form"].initial["is_ongoing"] is False


def test_the_detail_page_names_linked_measures(coordinator_client):
    event = EventFactory(title="Kreissportkonferenz")
    measure = MeasureFactory(title="Sportvereine interkulturell öffnen")
    measure.events.add(event)
    page = coordinator_client.get(event.get_absolute_url()).content.decode()
    assert "Sportvereine interkulturell öffnen" in page
    assert measure.get_absolute_url() in page


def test_deleting_asks_first_and_keeps_the_history(coordinator_client):
    event = EventFactory(title="Doppelt erfasst")
    url = reverse("roundtable:event_delete", args=[event.pk])
    assert "Doppelt erfasst" in coordinator_client.get(url).content.decode()
    assert Event.objects.exists()

    response = coordinator_client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("roundtable:event_list")
    assert not Event.objects.exists()
    assert Event.history.filter(history_type="-", title="Doppelt erfasst").exists()


@pytest.fixture
def listed():
    museum = OrganisationFactory(name="Kreismuseum")
    sport = OrganisationFactory(name="Kreissportbund")
    culture = FieldOfActionFactory(name="Kunst und Ausstellungen")
    shingal = EventFactory(title="Ausstellung Shingal", starts_on=date(2025, 1, 13))
    shingal.organisations.add(museum)
    shingal.fields_of_action.add(culture)
    EventFactory(title="Kreissportkonferenz", starts_on=date(2025, 6, 7)).organisations.add(sport)
    EventFactory(
        title="Schulung Gewalt im Geschlechterverhältnis",
        kind="training",
        starts_on=date(2025, 10, 17),
        description="Für Fachkräfte der Flüchtlingssozialarbeit",
    )
    EventFactory(title="Elternverein", kind="project", starts_on=date(2023, 9, 1), ends_on=None)
    EventFactory(title="Vor Jahren", starts_on=date(2022, 3, 1))
    return {"museum": museum, "culture": culture}


def _titles(response):
    return [event.title for event in response.context["object_list"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "training"}, ["Schulung Gewalt im Geschlechterverhältnis"]),
        (
            {"year": "2025"},
            [
                "Schulung Gewalt im Geschlechterverhältnis",
                "Kreissportkonferenz",
                "Ausstellung Shingal",
                "Elternverein",
            ],
        ),
        ({"q": "flüchtlingssozial"}, ["Schulung Gewalt im Geschlechterverhältnis"]),
        ({"q": "sportbund"}, ["Kreissportkonferenz"]),
    ],
)
def test_the_list_filters(coordinator_client, listed, params, expected):
    response = coordinator_client.get(reverse("roundtable:event_list"), params)
    assert _titles(response) == expected


def test_the_list_filters_by_partner_and_field(coordinator_client, listed):
    url = reverse("roundtable:event_list")
    by_partner = coordinator_client.get(url, {"organisation": listed["museum"].pk})
    by_field = coordinator_client.get(url, {"field_of_action": listed["culture"].pk})
    assert _titles(by_partner) == _titles(by_field) == ["Ausstellung Shingal"]


def test_the_list_pages_with_a_bounded_number_of_queries(
    coordinator_client, django_assert_max_num_queries
):
    fields = [FieldOfActionFactory() for _ in range(3)]
    for index in range(60):
        event = EventFactory(starts_on=date(2025, 1, 1 + index % 28))
        event.organisations.set([OrganisationFactory(), OrganisationFactory()])
        event.fields_of_action.set(fields)
    url = reverse("roundtable:event_list")
    coordinator_client.get(url)  # session and permissions cached like on every later page

    with django_assert_max_num_queries(14):
        response = coordinator_client.get(url, {"year": "2025"})
    with django_assert_max_num_queries(14):
        coordinator_client.get(url, {"year": "2025", "page": "3"})

    assert response.context["paginator"].count == 60
    assert len(response.context["object_list"]) == 25


def test_csv_export_holds_the_filtered_rows(coordinator_client, listed):
    Event.objects.filter(title="Ausstellung Shingal").update(costs=Decimal("350.00"))
    response = coordinator_client.get(
        reverse("roundtable:event_export"), {"year": "2025", "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    by_title = {row["Titel"]: row for row in rows}
    assert set(by_title) == {
        "Ausstellung Shingal",
        "Kreissportkonferenz",
        "Schulung Gewalt im Geschlechterverhältnis",
        "Elternverein",
    }
    shingal = by_title["Ausstellung Shingal"]
    assert (shingal["Art"], shingal["Beginn"], shingal["Ende"]) == (
        "Veranstaltung",
        "13.01.2025",
        "13.01.2025",
    )
    assert shingal["Partnerorganisationen"] == "Kreismuseum"
    assert shingal["Kosten (EUR)"] == "350,00"
    project = by_title["Elternverein"]
    assert (project["Art"], project["Ende"], project["Laufend"]) == ("Projekt", "", "ja")


def test_xlsx_export_holds_the_filtered_rows_and_no_formulas(coordinator_client, listed):
    EventFactory(title="=HYPERLINK(1)", kind="training", starts_on=date(2025, 3, 9))
    response = coordinator_client.get(
        reverse("roundtable:event_export"), {"kind": "training", "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Titel", "Art", "Beginn")
    assert sorted(row[0] for row in rows[1:]) == [
        "'=HYPERLINK(1)",
        "Schulung Gewalt im Geschlechterverhältnis",
    ]
    assert {row[1] for row in rows[1:]} == {"Fortbildung für Fachkräfte"}


def test_the_personal_calendar_has_dated_events_all_day_and_no_ongoing_projects(
    coordinator, client
):
    from datetime import timedelta

    from django.utils import timezone
    from icalendar import Calendar

    from roundtable.models import CalendarToken
    from tests.roundtable.factories import MeetingFactory

    today = timezone.localdate()
    MeetingFactory(title="Runder Tisch")
    EventFactory(title="Frauenneujahrsempfang", starts_on=today + timedelta(days=10))
    EventFactory(
        title="Ausstellung Odyssee Europa",
        starts_on=today + timedelta(days=20),
        ends_on=today + timedelta(days=40),
        place="Kreishaus Lüchow",
    )
    EventFactory(title="Elternverein", kind="project", starts_on=today, ends_on=None)
    EventFactory(title="Längst vorbei", starts_on=today - timedelta(days=400))
    token = CalendarToken.objects.create(user=coordinator)

    response = client.get(reverse("roundtable_public:user_feed", args=[token.token]))

    calendar = Calendar.from_ical(b"".join(response.streaming_content))
    entries = {str(entry["SUMMARY"]): entry for entry in calendar.walk("VEVENT")}
    assert set(entries) == {"Runder Tisch", "Frauenneujahrsempfang", "Ausstellung Odyssee Europa"}
    reception = entries["Frauenneujahrsempfang"]
    assert reception.decoded("DTSTART") == today + timedelta(days=10)
    assert reception.decoded("DTEND") == today + timedelta(days=11)  # exclusive: the next day
    assert reception["DTSTART"].params.get("VALUE") == "DATE"
    exhibition = entries["Ausstellung Odyssee Europa"]
    assert exhibition.decoded("DTEND") == today + timedelta(days=41)
    assert str(exhibition["LOCATION"]) == "Kreishaus Lüchow"
    assert str(reception["UID"]).startswith("event-")


def test_a_measure_links_events_on_its_own_form():
    from reporting.forms import MeasureForm

    event = EventFactory(title="Kreissportkonferenz")
    form = MeasureForm()
    assert list(form.fields["events"].queryset) == [event]
    assert form.fields["events"].label == "Veranstaltungen und Projekte"
