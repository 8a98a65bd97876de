"""The annual committee report: from draft to the committee's download, with frozen figures."""

import hashlib
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import number_format
from pypdf import PdfReader

from consultations import queries as counselling
from reporting import outline, releases
from reporting.models import AnnualReport, DocumentDownload
from tests.consultations.factories import ConsultationFactory
from tests.factories import LanguageFactory
from tests.pdf import pdf_text, response_pdf_text
from tests.reporting.annual_factories import AnnualReportFactory
from tests.reporting.factories import (
    FundingStatementFactory,
    GrantFactory,
    MeasureFactory,
    PostFactory,
)
from tests.roundtable.factories import MeetingFactory
from tests.volunteers.factories import AssignmentFactory, ExpenseClaimFactory, RateSetFactory
from tests.worker import run_queued_tasks
from volunteers import queries as volunteering

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("synced_roles")]

YEAR = 2026


@pytest.fixture
def year_of_work():
    RateSetFactory(valid_from=date(2026, 1, 1))
    dari = LanguageFactory(name="Dari-T", code="xda")
    assignment = AssignmentFactory(starts_on=date(YEAR, 3, 2), language=dari)
    claim = ExpenseClaimFactory(
        assignment=assignment,
        service_date=date(YEAR, 3, 2),
        status="paid",
        amount=Decimal("43.00"),
    )
    MeetingFactory()
    return claim


def _release(report, *, reviewer, lead):
    """Reviewed by one person, released by another, every gap confirmed."""
    releases.mark_reviewed(report=report, by=reviewer)
    gaps = [gap.code for gap in releases.completeness(report)]
    return releases.release(report=report, by=lead, confirmed=gaps)


def header_data(report, **fields):
    """The header form as a browser posts it, with one committee step."""
    data = {
        "title": report.title,
        "paper_type": "Mitteilungsvorlage",
        "paper_number": "",
        "is_public": "on",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-committee": "Ausschuss für Soziales, Familie und Integration",
        "items-0-meeting_date": "2027-03-12",
        "items-0-purpose": "note",
        "items-0-position": "1",
    }
    data.update(fields)
    return data


def chapter_of(report, title):
    return report.chapters.get(title=title)


def _download(client, report):
    response = client.get(reverse("reporting:released_download", args=[report.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_lead_edits_releases_and_committee_gets_exactly_that_pdf(
    lead_client,
    lead,
    coordinator_client,
    committee_client,
    year_of_work,
    django_capture_on_commit_callbacks,
):
    response = lead_client.post(reverse("reporting:annualreport_list"), {"year": YEAR})
    report = AnnualReport.objects.get(year=YEAR)
    assert response.url == reverse("reporting:annualreport_detail", args=[report.pk])
    data = header_data(
        report, paper_number="2026-31/0815", signatory="Dr. Anna Berger", paper_date="2027-02-20"
    )
    response = lead_client.post(reverse("reporting:annualreport_update", args=[report.pk]), data)
    assert response.status_code == 302
    outlook = chapter_of(report, "Ausblick")
    response = lead_client.post(
        reverse("reporting:chapter_update", args=[outlook.pk]),
        {"title": "Ausblick", "text": "2027 folgt ein **weiterer** Asylbegleiterkurs."},
    )
    assert response.status_code == 302
    coordinator_client.post(reverse("reporting:annualreport_review", args=[report.pk]))
    release = reverse("reporting:annualreport_release", args=[report.pk])
    assert coordinator_client.post(release).status_code == 403  # not the lead: refused
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.REVIEWED
    confirmed = {"confirmed": [gap.code for gap in releases.completeness(report)]}
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(release, confirmed)
        lead_client.post(release, confirmed)  # a double click changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued_tasks() == ["released"]  # the background worker releases it once
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.RELEASED
    assert report.released_by == lead
    listing = committee_client.get(reverse("reporting:released_list")).content.decode()
    assert report.sha256 in listing
    downloaded = _download(committee_client, report)
    assert hashlib.sha256(downloaded).hexdigest() == report.sha256
    assert downloaded == bytes(report.pdf)
    assert DocumentDownload.objects.filter(report=report).count() == 1
    text = pdf_text(downloaded)
    assert "2027 folgt ein weiterer Asylbegleiterkurs." in text
    assert "2026-31/0815" in text
    assert "zur Kenntnis" in text
    assert "12.03.2027 Ausschuss für Soziales, Familie und Integration" in text
    assert "20.02.2027" in text
    assert "(Dr. Anna Berger)" in text
    assert "/OutputIntents" in PdfReader(io.BytesIO(downloaded)).trailer["/Root"]  # PDF/A
    detail = reverse("reporting:annualreport_detail", args=[report.pk])
    assert committee_client.get(detail).status_code == 403


def test_later_changes_do_not_touch_a_released_report(lead, coordinator, year_of_work):
    report = releases.create_report(year=YEAR, by=lead)
    report = _release(report, reviewer=coordinator, lead=lead)
    checksum, figures = report.sha256, report.figures
    claim = year_of_work
    claim.amount = Decimal("99.99")
    claim.save()
    AssignmentFactory(starts_on=date(YEAR, 5, 5))
    report.refresh_from_db()
    assert (report.sha256, report.figures) == (checksum, figures)
    assert hashlib.sha256(bytes(report.pdf)).hexdigest() == checksum
    frozen = releases.figures_of(report)["volunteering"]["hours"]["reimbursed"]
    live = releases.live_figures(YEAR)["volunteering"]["hours"]["reimbursed"]
    assert (frozen, live) == (Decimal("43.00"), Decimal("99.99"))


def test_pdf_has_every_section_and_the_key_figures(lead_client, lead, year_of_work):
    ConsultationFactory.create_batch(5, held_on=date(YEAR, 3, 2), topics=["work"])
    ConsultationFactory(held_on=date(YEAR, 4, 2), topics=["housing"])
    report = releases.create_report(year=YEAR, by=lead)
    text = response_pdf_text(
        lead_client.get(reverse("reporting:annualreport_preview", args=[report.pk]))
    )
    for item in outline.chapters_of(report):
        assert item.heading in text
    assert "Inhaltsverzeichnis" in text
    assert "Seite 1 von" in text
    hours = volunteering.hours_and_reimbursements(YEAR)
    assert f"{number_format(hours['reimbursed'], 2, force_grouping=True)} €" in text
    for row in volunteering.interpreting_by_language(YEAR):
        assert row["language"] in text
    tables = {table.key: table for table in counselling.annual_tables(YEAR)}
    consultations_total = tables["totals"].rows[0]
    assert consultations_total.count == 6
    assert f"{consultations_total.label} 6" in text
    topics = {cell.label: cell.display for cell in tables["topic"].rows}
    assert f"{next(k for k in topics if topics[k] == '5')} 5" in text
    assert "Wohnen ." in text  # the single housing case
    assert "„.“ bedeutet: Zahlenwert geheim zu halten" in text
    assert "ENTWURF" in text


def test_pdf_shows_the_funding_statement_and_action_plan(lead_client):
    statement = FundingStatementFactory(year=YEAR, material_actual=Decimal("2771.65"))
    PostFactory(statement=statement, actual_costs=Decimal("57167.76"))
    GrantFactory(statement=statement, actual_amount=Decimal("27052.62"))
    measure = MeasureFactory(
        goal__plan__year=YEAR, title="Sprachcafé in Gartow", due_on=date(YEAR - 1, 6, 30)
    )
    report = AnnualReportFactory(year=YEAR)
    text = response_pdf_text(
        lead_client.get(reverse("reporting:annualreport_preview", args=[report.pk]))
    )
    assert "32.886,79 €" in text  # seed 004: 57.167,76 + 2.771,65 − 27.052,62
    assert measure.title in text
    assert "Überfällige Maßnahmen" in text


def test_correction_is_a_new_version_and_the_old_one_stays(
    lead, coordinator, lead_client, year_of_work
):
    first = releases.create_report(year=YEAR, by=lead)
    first = _release(first, reviewer=coordinator, lead=lead)
    response = lead_client.post(reverse("reporting:annualreport_correct", args=[first.pk]))
    second = AnnualReport.objects.get(year=YEAR, version=2)
    assert response.url == reverse("reporting:annualreport_detail", args=[second.pk])
    with pytest.raises(ValidationError):
        releases.start_correction(report=first, by=lead)
    _release(second, reviewer=coordinator, lead=lead)
    first.refresh_from_db()
    assert first.status == AnnualReport.Status.SUPERSEDED
    superseded = first.history.latest()
    assert superseded.status == AnnualReport.Status.SUPERSEDED
    assert superseded.history_user == lead
    assert superseded.history_change_reason == "Durch eine Korrektur ersetzt"
    assert _download(lead_client, first) == bytes(first.pdf)


def test_released_report_cannot_be_edited(lead_client, lead, coordinator, year_of_work):
    report = releases.create_report(year=YEAR, by=lead)
    _release(report, reviewer=coordinator, lead=lead)
    url = reverse("reporting:annualreport_update", args=[report.pk])
    response = lead_client.post(url, header_data(report, title="Anders"))
    assert response.status_code == 302
    outlook = chapter_of(report, "Ausblick")
    url = reverse("reporting:chapter_update", args=[outlook.pk])
    assert lead_client.post(url, {"title": "Ausblick", "text": "Neu"}).status_code == 302
    url = reverse("reporting:annualreport_outline", args=[report.pk])
    assert lead_client.get(url).status_code == 302
    report.refresh_from_db()
    outlook.refresh_from_db()
    assert (report.title, outlook.text) != ("Anders", "Neu")
    assert not report.committee_steps.exists()


def test_editing_a_reviewed_report_needs_a_new_review(lead_client, lead):
    report = releases.create_report(year=YEAR, by=lead)
    releases.mark_reviewed(report=report, by=lead)
    outlook = chapter_of(report, "Ausblick")
    lead_client.post(
        reverse("reporting:chapter_update", args=[outlook.pk]), {"title": "Ausblick", "text": "Neu"}
    )
    report.refresh_from_db()
    outlook.refresh_from_db()
    assert (report.status, outlook.text) == (AnnualReport.Status.DRAFT, "Neu")


def test_second_report_for_a_year_is_refused_in_german(lead_client, lead):
    releases.create_report(year=YEAR, by=lead)
    response = lead_client.post(reverse("reporting:annualreport_list"), {"year": YEAR})
    assert response.status_code == 200
    assert "Für 2026 gibt es bereits einen Bericht" in response.content.decode()


def test_draft_cannot_be_downloaded_as_released(committee_client):
    report = AnnualReportFactory()
    url = reverse("reporting:released_download", args=[report.pk])
    assert committee_client.get(url).status_code == 404
