"""Acceptance: the committee downloads last year's released demo report, and it can stand in for
the office's written reports (seed 004 §1–§4): every chapter there, none empty, and its key
figures are those the query functions give (nothing hard-coded here)."""

import hashlib
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from actors import queries as registry
from consultations import queries as counselling
from reporting import annual, outline, releases
from reporting import queries as planning
from reporting.models import ActionPlan, AnnualReport
from roundtable import queries as network
from tests.consultations.disclosure import disclosed, shown_in_report_block
from tests.pdf import pdf_text
from volunteers import queries as volunteering

pytestmark = pytest.mark.django_db


def _compact(text: str) -> str:
    """Without whitespace and hyphens: a title hyphenated or broken after a hyphen in a table
    cell of the PDF still matches."""
    return "".join(text.split()).translate({ord(c): None for c in "-\u00ad\u2010"})


def _eur(amount) -> str:
    return f"{number_format(amount, 2, force_grouping=True)}\u00a0€".replace("\u00a0", " ")


@pytest.fixture
def released_demo_report(settings, client):
    settings.DEBUG = True
    call_command("seed_demo_data")
    year = timezone.localdate().year - 1
    report = AnnualReport.objects.get(year=year, status=AnnualReport.Status.RELEASED)
    client.force_login(User.objects.get(username="ausschuss"))
    response = client.get(reverse("reporting:released_download", args=[report.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == report.sha256
    return report, pdf_text(data)


def test_every_chapter_is_there_and_none_is_empty(released_demo_report):
    report, text = released_demo_report
    chapters = outline.body_context(report, releases.figures_of(report))["chapters"]

    assert [item.heading for item in chapters if item.is_empty] == []
    for item in chapters:
        assert item.heading in text
    # Seed 004: 1 introduction, 2 the office's work, 3 outlook, 4 funding.
    blocks = {item.chapter.block for item in chapters}
    assert {"network", "action_plan", "volunteering", "projects", "counselling"} <= blocks
    assert {"funding", "language_courses", "atlas"} <= blocks
    titles = [item.chapter.title for item in chapters]
    assert {"Einleitung", "Ausblick", "Bewertung"} <= set(titles)
    assert [gap.code for gap in releases.completeness(report, releases.figures_of(report))] == []


def test_the_key_figures_are_those_of_the_query_functions(released_demo_report):
    report, text = released_demo_report
    year = report.year

    organisations = registry.registry_totals()["organisations"]
    assert f"Das Akteursverzeichnis umfasst {organisations} aktive Organisationen" in text
    meetings = sum(row.meetings for row in network.meetings_held(year))
    assert meetings > 0
    assert f"Im Jahr fanden {meetings} Sitzungen statt" in text
    for row in network.dated_meetings(year):
        assert _compact(row.title) in _compact(text)
    active = volunteering.volunteer_totals(year)["active_in_year"]
    assert active > 0
    assert f"Im Jahr waren {active} Ehrenamtliche aktiv" in text
    for row in volunteering.interpreting_by_language(year):
        assert row["language"] in text
    tables = {table.key: table for table in counselling.annual_tables(year)}
    total = tables["totals"].rows[0]
    assert total.count > 30
    assert f"{total.label} {total.count}" in text
    months = [row.count for row in tables["month"].rows]
    assert all(count != 0 for count in months)  # counselling across the whole year
    comparison = planning.funding_comparison(year)
    assert [column for _year, column in comparison.columns] == ["actual", "planned"]
    assert len(comparison.tables) >= 2  # both cost centres (and their sum)
    for table in comparison.tables:
        assert table.title in text
        actual, planned = table.rows[-1].cells
        assert actual is not None
        assert planned is not None
        assert f"{_eur(actual)} {_eur(planned)}" in text
    courses = registry.language_courses()
    assert courses
    for row in courses:
        assert _compact(row["title"]) in _compact(text)


def test_no_hidden_count_of_the_counselling_chapter_can_be_worked_out(released_demo_report):
    report, text = released_demo_report
    figures = releases.figures_of(report)
    block = render_to_string(
        "reporting/annual/blocks/counselling.html",
        {"figures": figures, "charts": annual.charts(figures), "hl": "h3"},
    )
    counted = counselling.count_tables(counselling.YearCounts(report.year))
    shown = shown_in_report_block(block, counted)
    assert set(shown) == {table.key for table in counted}
    assert any(value is None for values in shown.values() for value in values)
    assert disclosed(counted, shown) == []
    assert "„.“ bedeutet: Zahlenwert geheim zu halten" in text


def test_events_trainings_and_the_action_plan_are_those_of_the_query_functions(
    released_demo_report,
):
    report, text = released_demo_report
    year = report.year
    compact = _compact(text)

    events = network.events_of_year(year)
    assert len(events) >= 5  # seed 004 §2.4's events, moved to the demo's last year
    positions = [compact.find(_compact(event.title)) for event in events]
    assert -1 not in positions
    in_projects = [
        position
        for position, event in zip(positions, events, strict=True)
        if event.kind not in outline.PUBLIC_RELATIONS_KINDS
    ]
    assert in_projects == sorted(in_projects)  # in date order
    trainings = volunteering.trainings(year)
    assert any(not row["programme"] for row in trainings)  # trainings for professionals
    for row in trainings:
        assert _compact(row["title"]) in compact
    plan = ActionPlan.objects.filter(year__lte=year).order_by("-year", "-version").first()
    assert plan is not None
    progress = planning.plan_progress(plan, today=min(timezone.localdate(), date(year, 12, 31)))
    for row in planning.summarise(progress):
        assert _compact(row.field_of_action) in compact
    for item in progress:
        if item.is_overdue:
            assert _compact(item.title) in compact
