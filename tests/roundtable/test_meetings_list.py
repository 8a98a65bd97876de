"""Meetings attended elsewhere, entered as seed 003 lists them, in the list and the report."""

from datetime import date

import pytest
from django.urls import reverse

from reporting.models import AnnualReport
from roundtable.models import Meeting
from tests.pdf import response_pdf_text
from tests.roundtable.factories import BodyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("synced_roles")]

# Part of seed 003's quarter, entered out of order (date, last day, place, what, organiser, role).
SEED_003 = [
    ("2015-04-27", "2015-04-28", "Mainz", "Bundeskonferenz der Integrationsbeauftragten",
     "Bundeskonferenz", "participant"),
    ("2015-02-04", "", "Zeven", "Runder Tisch: Betreuung der Asylbewerber durch Ehrenamtliche",
     "Samtgemeinde Zeven", "participant"),
    ("2015-03-20", "", "Kirchwalsede", "Vortrag: Was sind Integrationslotsen?",
     "Gemeinde Kirchwalsede", "speaker"),
    ("2015-02-25", "", "Stade", "7. Integrationskonferenz Landkreis Stade",
     "Landkreis Stade", "participant"),
    ("2015-05-12", "", "Stade", "Treffen des Regionalverbundes Nordniedersachsen (KMN)",
     "KMN Nordniedersachsen", "co_lead"),
]  # fmt: skip
IN_DATE_ORDER = [
    "Runder Tisch: Betreuung",
    "7. Integrationskonferenz",
    "Vortrag: Was sind Integrationslotsen?",
    "Bundeskonferenz der Integrationsbeauftragten",
    "Treffen des Regionalverbundes",
]


def _enter(client, day, last, place, title, organiser, role, **extra):
    data = {"day": day, "ends_on": last, "start_time": "", "title": title, "place": place}
    data |= {"organiser": organiser, "body": "", "role": role, "note": ""} | extra
    response = client.post(reverse("roundtable:external_meeting_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    return response


def _positions(text, titles):
    positions = [text.find(title) for title in titles]
    assert -1 not in positions, [t for t, p in zip(titles, positions, strict=True) if p < 0]
    return positions


@pytest.fixture
def quarter(coordinator_client):
    for row in SEED_003:
        _enter(coordinator_client, *row)


def test_staff_enter_seed_003_meetings_with_role_and_last_day(coordinator_client, quarter):
    mainz = Meeting.objects.get(place="Mainz")
    assert (mainz.starts_on, mainz.ends_on) == (date(2015, 4, 27), date(2015, 4, 28))
    assert not mainz.is_hosted
    assert mainz.state == Meeting.State.HELD
    assert Meeting.objects.get(place="Kirchwalsede").get_role_display() == "Vortrag"
    page = coordinator_client.get(mainz.get_absolute_url()).content.decode()
    assert "Rolle der Koordinierungsstelle: Teilnahme" in page
    assert "letzter Tag: 28.04.2015" in page


def test_last_day_before_the_first_is_refused(coordinator_client):
    data = {"day": "2015-04-28", "ends_on": "2015-04-27", "title": "x", "place": "Mainz"}
    response = coordinator_client.post(
        reverse("roundtable:external_meeting_create"), data | {"role": "participant"}
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_list_shows_a_quarter_in_date_order_and_filters_hosted(coordinator_client, quarter):
    url = reverse("roundtable:meeting_list")
    page = coordinator_client.get(url, {"year": 2015, "quarter": 2}).content.decode()
    assert "Bundeskonferenz" in page
    assert "27.04.2015–28.04.2015" in page
    assert "Integrationskonferenz" not in page  # February is in the first quarter
    whole_year = coordinator_client.get(url, {"year": 2015}).content.decode()
    positions = _positions(whole_year, IN_DATE_ORDER)
    assert positions == sorted(positions)
    hosted = coordinator_client.get(url, {"year": 2015, "kind": "hosted"}).content.decode()
    assert "Bundeskonferenz" not in hosted


def test_annual_report_lists_hosted_and_elsewhere_meetings_by_date(
    lead_client, coordinator_client, quarter
):
    body = BodyFactory(name="Runder Tisch Migration")
    lead_client.post(
        reverse("roundtable:meeting_create", args=[body.pk]),
        {"title": "Runder Tisch Migration", "starts_at": "2015-03-09T17:00", "place": "Kreishaus"},
    )
    Meeting.objects.filter(body=body).update(state=Meeting.State.HELD)
    lead_client.post(reverse("reporting:annualreport_list"), {"year": 2015})
    report = AnnualReport.objects.get(year=2015)
    expected = [*IN_DATE_ORDER[:2], "Runder Tisch Migration", *IN_DATE_ORDER[2:]]

    page = lead_client.get(reverse("reporting:annualreport_detail", args=[report.pk]))
    html = page.content.decode()
    section = html[html.index("Sitzungen des Jahres") : html.index('id="s-volunteering"')]
    positions = _positions(section, expected)
    assert positions == sorted(positions)
    assert "27.04.2015–28.04.2015" in section
    for role in ("Teilnahme", "Vortrag", "Co-Leitung", "Ausrichtung"):
        assert f"<td>{role}</td>" in section

    pdf = lead_client.get(reverse("reporting:annualreport_preview", args=[report.pk]))
    text = response_pdf_text(pdf)
    text = text[text.index("Sitzungen des Jahres") :]
    positions = _positions(text, expected)
    assert positions == sorted(positions)
    assert "27.04.2015–28.04.2015" in text.replace("– ", "–")  # a range may break after the dash
