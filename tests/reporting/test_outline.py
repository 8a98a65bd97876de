"""The report's chapter outline: seed 004's default, carried over, edited, rendered safely; the
paper header; the funding chapter (actual next to plan) and the annexes."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from reporting import outline, releases
from reporting.models import AnnualReport, ReportChapter
from tests.factories import OfferFactory, OrganisationFactory
from tests.pdf import response_pdf_text
from tests.reporting.annual_factories import AnnualReportFactory
from tests.reporting.factories import FundingStatementFactory, GrantFactory, PostFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("synced_roles")]

YEAR = 2026


def _headings(report):
    return [item.heading for item in outline.chapters_of(report)]


def _outline_data(report, changes=None, extra=()):
    """The outline formset as the page posts it, with `changes` by chapter title."""
    chapters = list(report.chapters.all())
    data = {
        "items-TOTAL_FORMS": str(len(chapters) + len(extra)),
        "items-INITIAL_FORMS": str(len(chapters)),
    }
    rows = [
        {
            "id": chapter.pk,
            "position": chapter.position,
            "title": chapter.title,
            "level": chapter.level,
            "block": chapter.block,
            "is_annex": "on" if chapter.is_annex else "",
            "included": "on" if chapter.included else "",
            **(changes or {}).get(chapter.title, {}),
        }
        for chapter in chapters
    ] + list(extra)
    for index, row in enumerate(rows):
        for field, value in row.items():
            if value != "":
                data[f"items-{index}-{field}"] = value
    return data


def test_the_default_outline_follows_seed_004_and_is_numbered(lead):
    report = releases.create_report(year=YEAR, by=lead)

    assert _headings(report) == [
        "1 Einleitung",
        "2 Die Arbeit der Koordinierungsstelle",
        "2.1 Akteure im Landkreis",
        "2.2 Netzwerk und Gremien",
        "2.3 Umsetzung des Handlungskonzepts",
        "2.4 Ehrenamt und Schulungen",
        "2.5 Projekte und Veranstaltungen",
        "2.6 Beratungsstatistik",
        "2.7 Öffentlichkeitsarbeit",
        "3 Bewertung",
        "4 Finanzierung",
        "5 Ausblick",
        "Anlage 1: Übersicht der Sprachkursangebote",
        "Anlage 2: Akteure und Ansprechpersonen (Atlas)",
    ]


def test_an_edited_outline_is_carried_over_to_the_next_year_without_texts(lead, lead_client):
    report = releases.create_report(year=YEAR, by=lead)
    outlook = report.chapters.get(title="Ausblick")
    outlook.text = "Nur für 2026."
    outlook.save()
    data = _outline_data(
        report,
        changes={
            "Öffentlichkeitsarbeit": {"included": ""},
            "Bewertung": {"position": "125"},  # after the outlook
            "Beratungsstatistik": {"title": "Beratung und Vermittlung"},
        },
        extra=[
            {
                "position": "75",
                "title": "Interkulturelle Öffnung der Verwaltung",
                "level": "2",
                "block": "text",
                "included": "on",
            }
        ],
    )

    response = lead_client.post(reverse("reporting:annualreport_outline", args=[report.pk]), data)

    assert response.status_code == 302
    expected = [
        "1 Einleitung",
        "2 Die Arbeit der Koordinierungsstelle",
        "2.1 Akteure im Landkreis",
        "2.2 Netzwerk und Gremien",
        "2.3 Umsetzung des Handlungskonzepts",
        "2.4 Ehrenamt und Schulungen",
        "2.5 Projekte und Veranstaltungen",
        "2.6 Interkulturelle Öffnung der Verwaltung",
        "2.7 Beratung und Vermittlung",
        "3 Finanzierung",
        "4 Ausblick",
        "5 Bewertung",
        "Anlage 1: Übersicht der Sprachkursangebote",
        "Anlage 2: Akteure und Ansprechpersonen (Atlas)",
    ]
    assert _headings(report) == expected
    next_year = releases.create_report(year=YEAR + 1, by=lead)
    assert _headings(next_year) == expected
    assert not next_year.chapters.exclude(text="").exists()
    assert not next_year.chapters.get(title="Öffentlichkeitsarbeit").included


def test_an_outline_without_any_chapter_is_refused_in_german_and_keeps_the_input(lead_client):
    report = AnnualReportFactory(year=YEAR)
    data = _outline_data(
        report,
        changes={
            chapter.title: {"included": "", "title": f"{chapter.title} (neu)"}
            for chapter in report.chapters.all()
        },
    )

    response = lead_client.post(reverse("reporting:annualreport_outline", args=[report.pk]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Der Bericht braucht mindestens ein Kapitel." in html
    assert 'value="Ausblick (neu)"' in html
    assert report.chapters.filter(included=True).count() == len(outline.DEFAULT_OUTLINE)


def test_chapter_text_is_rendered_safely_and_the_same_on_the_page_and_in_the_pdf(lead_client):
    report = AnnualReportFactory(year=YEAR)
    chapter = report.chapters.get(title="Einleitung")
    text = (
        "Die Stelle arbeitet *eng* mit den Gemeinden.\n\n"
        "- Bestandsaufnahme\n- **Handlungskonzept**\n\n"
        '<script>alert("x")</script>'
    )
    response = lead_client.post(
        reverse("reporting:chapter_update", args=[chapter.pk]),
        {"title": "Einleitung", "text": text},
    )
    assert response.status_code == 302

    html = lead_client.get(reverse("reporting:annualreport_detail", args=[report.pk]))
    html = html.content.decode()
    assert "<em>eng</em>" in html
    assert "<li><strong>Handlungskonzept</strong></li>" in html
    assert '<script>alert("x")' not in html
    assert "&lt;script&gt;" in html
    pdf = response_pdf_text(
        lead_client.get(reverse("reporting:annualreport_preview", args=[report.pk]))
    )
    assert "Die Stelle arbeitet eng mit den Gemeinden." in pdf
    assert "Handlungskonzept" in pdf
    assert '<script>alert("x")</script>' in pdf  # shown as typed, never run


def test_the_funding_chapter_sets_the_years_actual_next_to_the_next_years_plan(lead_client):
    """Seed 004 §4: 2016 actual, 2017 plan, own contribution per cost centre."""
    actual = FundingStatementFactory(
        year=YEAR, cost_centre__name="Koordinierungsstelle", material_actual=Decimal("2771.65")
    )
    PostFactory(statement=actual, actual_costs=Decimal("57167.76"))
    GrantFactory(statement=actual, actual_amount=Decimal("27052.62"))
    plan = FundingStatementFactory(
        year=YEAR + 1, cost_centre=actual.cost_centre, material_planned=Decimal("5000.00")
    )
    PostFactory(statement=plan, planned_costs=Decimal("59100.00"))
    GrantFactory(statement=plan, planned_amount=Decimal("27600.00"))
    report = AnnualReportFactory(year=YEAR)

    comparison = releases.live_figures(YEAR)["funding_comparison"]
    own = comparison["tables"][0]["rows"][-1]["cells"]
    assert own == [Decimal("32886.79"), Decimal("36500.00")]
    text = response_pdf_text(
        lead_client.get(reverse("reporting:annualreport_preview", args=[report.pk]))
    )
    assert "2026 Ist 2027 Plan" in text
    assert "32.886,79 € 36.500,00 €" in text


def test_the_annexes_list_public_language_courses_and_the_atlas(lead_client):
    school = OrganisationFactory(name="Kreisvolkshochschule Lüchow-Dannenberg")
    OfferFactory(organisation=school, title="Deutsch im Alltag A2", schedule="Mo 9–12 Uhr")
    OfferFactory(organisation=school, title="Interner Kurs", publication="internal")
    OrganisationFactory(name="Nicht öffentlich e.V.", publication="internal")
    report = AnnualReportFactory(year=YEAR)

    text = response_pdf_text(
        lead_client.get(reverse("reporting:annualreport_preview", args=[report.pk]))
    )

    annex = text[text.index("Anlage 1: Übersicht der Sprachkursangebote", text.index("Anlagen")) :]
    assert "Deutsch im Alltag A2" in annex
    assert "Mo 9–12 Uhr" in annex
    assert "Interner Kurs" not in text
    assert "Kreisvolkshochschule" in annex
    assert "Nicht öffentlich e.V." not in text


def test_the_paper_header_with_its_committees_signatory_and_attachments(lead_client):
    report = AnnualReportFactory(
        year=YEAR,
        paper_number="2026-31/0815",
        paper_date=date(2027, 2, 20),
        is_public=False,
        originating_office="Fachdienst Soziales",
        signatory="Dr. Anna Berger",
        signatory_role="In Vertretung",
        attachments="Stellungnahme des Integrationsbeirats",
    )
    report.committee_steps.create(
        committee="Ausschuss für Soziales", meeting_date=date(2027, 3, 12), position=1
    )
    report.committee_steps.create(
        committee="Kreisausschuss", meeting_date=date(2027, 3, 26), position=2, purpose="decision"
    )

    text = response_pdf_text(
        lead_client.get(reverse("reporting:annualreport_preview", args=[report.pk]))
    )

    assert "Vorlagennummer 2026-31/0815 Datum 20.02.2027" in text
    assert "Status nicht öffentlich" in text
    assert "Federführende Stelle Fachdienst Soziales" in text
    assert "12.03.2027 Ausschuss für Soziales (zur Kenntnis)" in text
    assert "26.03.2027 Kreisausschuss (zur Entscheidung)" in text
    assert "In Vertretung (Dr. Anna Berger)" in text
    assert "Anlage 1: Übersicht der Sprachkursangebote" in text
    assert "Stellungnahme des Integrationsbeirats" in text


def test_a_correction_keeps_texts_committees_and_outline(lead, coordinator):
    report = releases.create_report(year=YEAR, by=lead)
    report.paper_number = "2026-31/0815"
    report.save()
    report.committee_steps.create(committee="Ausschuss für Soziales")
    chapter = report.chapters.get(title="Bewertung")
    chapter.text = "Stabil."
    chapter.included = False
    chapter.save()
    releases.mark_reviewed(report=report, by=coordinator)
    gaps = [gap.code for gap in releases.completeness(report)]
    report = releases.release(report=report, by=lead, confirmed=gaps)

    correction = releases.start_correction(report=report, by=lead)

    assert correction.paper_number == "2026-31/0815"
    assert list(correction.committee_steps.values_list("committee", flat=True)) == [
        "Ausschuss für Soziales"
    ]
    copied = correction.chapters.get(title="Bewertung")
    assert (copied.text, copied.included) == ("Stabil.", False)
    assert _headings(correction) == _headings(report)


def test_released_reports_chapters_cannot_be_changed(lead, coordinator, lead_client):
    report = AnnualReportFactory(year=YEAR)
    releases.mark_reviewed(report=report, by=coordinator)
    releases.release(
        report=report, by=lead, confirmed=[gap.code for gap in releases.completeness(report)]
    )
    chapter = report.chapters.get(title="Ausblick")

    response = lead_client.post(
        reverse("reporting:chapter_update", args=[chapter.pk]), {"title": "X", "text": "Neu"}
    )

    assert response.status_code == 302
    chapter.refresh_from_db()
    assert (chapter.title, chapter.text) == ("Ausblick", "")
    assert AnnualReport.objects.get(pk=report.pk).status == AnnualReport.Status.RELEASED
    assert ReportChapter.history.filter(id=chapter.pk).count() == 1  # created, never changed
