"""The report's figures read as people expect: rates as percentages, course hours as entered."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.pdf import response_pdf_text
from tests.reporting.annual_factories import AnnualReportFactory
from tests.roundtable.factories import AttendanceFactory, MeetingFactory, MembershipFactory
from tests.volunteers.factories import (
    CourseParticipantFactory,
    TrainingCourseFactory,
    TrainingSessionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("synced_roles")]

YEAR = 2026
BERLIN = ZoneInfo("Europe/Berlin")


def _page_and_pdf(client, report) -> tuple[str, str]:
    page = client.get(reverse("reporting:annualreport_detail", args=[report.pk])).content.decode()
    pdf = response_pdf_text(client.get(reverse("reporting:annualreport_preview", args=[report.pk])))
    return re.sub(r"[ \t\n]+", " ", page), pdf


def _row(html: str, first_cell: str) -> str:
    """The table row whose first cell starts with `first_cell`, tags removed."""
    match = re.search(rf"<tr><td>{re.escape(first_cell)}.*?</tr>", html)
    assert match, f"no row for {first_cell!r}"
    return re.sub(r"<[^>]+>", " ", match.group(0))


def test_attendance_of_five_in_eight_meetings_reads_63_percent(lead_client):
    membership = MembershipFactory(organisation__name="Cafe Zuflucht")
    meetings = [
        MeetingFactory(
            body=membership.body,
            starts_at=datetime(YEAR, month, 5, 18, tzinfo=BERLIN),
            state="held",
        )
        for month in range(1, 9)
    ]
    for meeting in meetings[:5]:
        AttendanceFactory(meeting=meeting, membership=membership, status="present")
    report = AnnualReportFactory(year=YEAR)

    page, pdf = _page_and_pdf(lead_client, report)

    row = _row(page, "Cafe Zuflucht")
    assert " ".join(row.split()) == "Cafe Zuflucht 8 5 63 %"
    assert "63\u00a0%" in row  # number and sign never part
    assert "Cafe Zuflucht 8 5 63 %" in pdf
    assert "1 %" not in pdf


def test_a_45_hour_course_with_18_participants_shows_45_teaching_hours(lead_client):
    course = TrainingCourseFactory(title="Ausbildung Asylbegleitung")
    places = CourseParticipantFactory.create_batch(18, course=course)
    for month in range(1, 10):  # nine sessions of five teaching hours, everybody present
        session = TrainingSessionFactory(
            course=course, date=date(YEAR, month, 3), teaching_hours=Decimal("5")
        )
        session.attendees.set(places)
    report = AnnualReportFactory(year=YEAR)

    page, pdf = _page_and_pdf(lead_client, report)

    row = " ".join(_row(page, "Ausbildung Asylbegleitung").split())
    assert row.endswith(" 45 18 0"), row  # teaching hours, participants, certificates
    assert "810" not in page
    assert re.search(r"Ausbildung Asylbegleitung .*? 45 18 0", pdf)
    assert "810" not in pdf
