"""The report's chapter "Projects and events": the year's events in date order, then measures."""

from datetime import date

import pytest
from django.urls import reverse

from reporting import annual, snapshot
from reporting.models import AnnualReport
from tests.factories import OrganisationFactory
from tests.pdf import response_pdf_text
from tests.roundtable.factories import EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("synced_roles")]


@pytest.fixture
def events():
    museum = OrganisationFactory(name="Kreismuseum Lüchow-Dannenberg")
    equality = OrganisationFactory(name="Gleichstellungsbeauftragte des Landkreises")
    odyssey = EventFactory(
        title="Ausstellung „Odyssee Europa“",
        starts_on=date(2025, 10, 19),
        ends_on=date(2025, 11, 30),
        place="Kreishaus Lüchow",
    )
    odyssey.organisations.add(museum)
    reception = EventFactory(
        title="Frauenneujahrsempfang", starts_on=date(2025, 2, 11), place="Kreishaus Lüchow"
    )
    reception.organisations.add(equality)
    EventFactory(
        title="Elternverein Fötev", kind="project", starts_on=date(2024, 9, 1), ends_on=None
    )
    EventFactory(title="Ausstellung „Shingal“", starts_on=date(2025, 1, 13)).organisations.add(
        museum
    )
    EventFactory(title="Im Vorjahr beendet", starts_on=date(2024, 3, 1), ends_on=date(2024, 12, 1))


IN_DATE_ORDER = [
    "Elternverein Fötev",
    "Ausstellung „Shingal“",
    "Frauenneujahrsempfang",
    "Ausstellung „Odyssee Europa“",
]


def test_figures_hold_the_years_events_in_date_order_and_survive_freezing(events):
    figures = annual.collect(2025)

    rows = figures["projects"]["events"]
    assert [row["title"] for row in rows] == IN_DATE_ORDER
    assert rows[0]["ongoing"] is True
    assert rows[3]["ends_on"] == date(2025, 11, 30)
    assert rows[3]["partners"] == ["Kreismuseum Lüchow-Dannenberg"]
    assert rows[2]["kind_label"] == "Veranstaltung"
    thawed = snapshot.thaw(snapshot.freeze(figures))
    assert thawed["projects"] == figures["projects"]


def _section(html):
    return html[html.index('id="s-projects"') : html.index('id="s-counselling"')]


def _positions(text, titles):
    positions = [text.find(title) for title in titles]
    assert -1 not in positions, [t for t, p in zip(titles, positions, strict=True) if p < 0]
    return positions


def test_the_report_lists_the_events_by_date_before_the_measures(lead_client, events):
    lead_client.post(reverse("reporting:annualreport_list"), {"year": 2025})
    report = AnnualReport.objects.get(year=2025)

    html = lead_client.get(reverse("reporting:annualreport_detail", args=[report.pk]))
    section = _section(html.content.decode())

    positions = _positions(section, IN_DATE_ORDER)
    assert positions == sorted(positions)
    assert "seit 01.09.2024" in section
    assert "19.10.2025–30.11.2025" in section
    assert "Gleichstellungsbeauftragte des Landkreises" in section
    assert "Im Vorjahr beendet" not in section
    assert section.index("Frauenneujahrsempfang") < section.index("Maßnahmen des Handlungskonzepts")

    pdf = lead_client.get(reverse("reporting:annualreport_preview", args=[report.pk]))
    text = response_pdf_text(pdf)
    text = text[text.index("Projekte und Veranstaltungen", text.index("Netzwerk")) :]
    positions = _positions(text, ["Fötev", "Shingal", "Odyssee"])
    assert positions == sorted(positions)


def test_a_year_without_events_says_so(lead_client):
    lead_client.post(reverse("reporting:annualreport_list"), {"year": 2025})
    report = AnnualReport.objects.get(year=2025)
    html = lead_client.get(reverse("reporting:annualreport_detail", args=[report.pk]))
    assert "Für dieses Jahr sind keine Veranstaltungen" in _section(html.content.decode())
