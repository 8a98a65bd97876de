"""The action plan as a document: PDF and XLSX of any version, from one query function."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting import queries, services
from reporting.models import ActionPlan
from tests.factories import FieldOfActionFactory, OrganisationFactory
from tests.pdf import response_pdf_text
from tests.reporting.factories import (
    ActionPlanFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureFactory,
    document_plan,
)

pytestmark = pytest.mark.django_db


def _small_plan(**kwargs):
    plan = ActionPlanFactory(
        **{
            "year": 2026,
            "title": "Handlungskonzept Migration und Teilhabe",
            "period_start": 2026,
            "period_end": 2030,
            "adopted_by": "Kreistag",
            "adopted_on": date(2025, 12, 11),
            "foreword": "Nach Ziffer 4.1.2 erstellt der Landkreis ein Handlungskonzept.",
            "guiding_principles": "Alle Menschen werden gleichbehandelt.\n\n"
            "Sprache ist der Schlüssel zur Teilhabe.",
            **kwargs,
        }
    )
    field = FieldOfActionFactory(name="Sprache, Bildung und Beruf", position=1)
    goal = GoalFactory(plan=plan, field_of_action=field, title="Sprachkurse für alle")
    measure = MeasureFactory(
        goal=goal,
        title="Deutschförderung an Grundschulen",
        starts_on=date(2026, 2, 1),
        due_on=date(2027, 7, 31),
    )
    measure.organisations.add(OrganisationFactory(name="Kreisvolkshochschule Lüchow"))
    indicator = IndicatorFactory(
        measure=measure,
        name="Geförderte Kinder",
        unit="Personen",
        baseline=Decimal("1250.5"),
        baseline_year=2024,
        target=Decimal("2000"),
        target_year=2030,
    )
    IndicatorValueFactory(indicator=indicator, year=2025, value=Decimal("1312.25"))
    IndicatorValueFactory(indicator=indicator, year=2026, value=Decimal("1400"))
    return plan


def _pdf(client, plan):
    response = client.get(reverse("reporting:actionplan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def test_pdf_holds_title_page_foreword_principles_measures_and_indicators(coordinator_client):
    plan = _small_plan()

    response = _pdf(coordinator_client, plan)

    assert "handlungskonzept-2026-fassung-" in response["Content-Disposition"]
    text = response_pdf_text(response)
    assert "Handlungskonzept Migration und Teilhabe" in text
    assert "2026–2030" in text
    assert "Kreistag, Beschluss vom 11. Dezember 2025" in text
    assert "Landkreis Lüchow-Dannenberg" in text
    assert "Inhalt" in text
    assert "Nach Ziffer 4.1.2 erstellt der Landkreis ein Handlungskonzept." in text
    assert "Leitgrundsätze" in text
    assert "Sprache ist der Schlüssel zur Teilhabe." in text
    assert "Handlungsfeld: Sprache, Bildung und Beruf" in text
    assert "Deutschförderung an Grundschulen" in text
    assert "Kreisvolkshochschule Lüchow" in text
    assert "01.02.2026" in text
    assert "31.07.2027" in text
    assert "in Arbeit" in text
    # baseline (year), target (year), a column per measured year, German numbers
    assert "1.250,50 (2024)" in text
    assert "2.000 (2030)" in text
    assert "1.312,25" in text
    assert "1.400" in text


def test_foreword_is_escaped_and_keeps_its_paragraphs(coordinator_client):
    plan = _small_plan(foreword="Erster Absatz <b>fett</b>\n\nZweiter Absatz")
    text = response_pdf_text(_pdf(coordinator_client, plan))
    assert "Erster Absatz <b>fett</b>" in text
    assert "Zweiter Absatz" in text


def test_each_version_prints_its_own_content(coordinator_client, coordinator):
    old = _small_plan(foreword="Fassung des Vorjahres.")
    new = services.continue_plan(plan=old, year=2027, by=coordinator)
    new.foreword = "Fortgeschriebene Fassung."
    new.save()
    measure = MeasureFactory(goal=new.goals.get(), title="Neue Maßnahme im Folgejahr")
    IndicatorValueFactory(indicator__measure=measure, year=2027, value=Decimal("7"))

    old_text = response_pdf_text(_pdf(coordinator_client, old))
    new_text = response_pdf_text(_pdf(coordinator_client, new))

    assert "Fassung des Vorjahres." in old_text
    assert "Neue Maßnahme im Folgejahr" not in old_text
    assert "Fortgeschriebene Fassung." in new_text
    assert "Fassung des Vorjahres." not in new_text
    assert "Neue Maßnahme im Folgejahr" in new_text
    assert "Noch nicht beschlossen" in new_text  # the adoption belongs to the old version


def test_continue_plan_copies_foreword_principles_and_period_but_not_the_adoption(coordinator):
    old = _small_plan()
    new = services.continue_plan(plan=old, year=2027, by=coordinator)
    assert (new.foreword, new.guiding_principles) == (old.foreword, old.guiding_principles)
    assert (new.period_start, new.period_end, new.period) == (2026, 2030, "2026–2030")
    assert (new.adopted_by, new.adopted_on) == ("", None)


def test_xlsx_has_measures_and_indicators_with_real_dates_and_numbers(coordinator_client):
    plan = _small_plan()

    response = coordinator_client.get(reverse("reporting:actionplan_xlsx", args=[plan.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Maßnahmen", "Indikatoren"]
    measures, indicators = workbook["Maßnahmen"], workbook["Indikatoren"]
    assert [cell.value for cell in measures[1]] == [
        "Handlungsfeld",
        "Ziel",
        "Maßnahme",
        "Verantwortliche Organisationen",
        "Beginn",
        "Frist",
        "Status",
    ]
    assert measures.freeze_panes == "A2"
    assert all(cell.font.bold for cell in measures[1])
    row = [cell.value for cell in measures[2]]
    assert row[:4] == [
        "Sprache, Bildung und Beruf",
        "Sprachkurse für alle",
        "Deutschförderung an Grundschulen",
        "Kreisvolkshochschule Lüchow",
    ]
    assert [row[4].date(), row[5].date(), row[6]] == [
        date(2026, 2, 1),
        date(2027, 7, 31),
        "in Arbeit",
    ]
    assert measures["E2"].is_date
    headers = [cell.value for cell in indicators[1]]
    assert headers == [
        "Handlungsfeld",
        "Ziel",
        "Maßnahme",
        "Indikator",
        "Einheit",
        "Ausgangswert",
        "Ausgangsjahr",
        "Zielwert",
        "Zieljahr",
        "2025",
        "2026",
    ]
    assert indicators.freeze_panes == "A2"
    values = [cell.value for cell in indicators[2]]
    assert values[3:] == ["Geförderte Kinder", "Personen", 1250.5, 2024, 2000, 2030, 1312.25, 1400]


def test_xlsx_cells_cannot_run_as_formulas(coordinator_client):
    plan = ActionPlanFactory()
    MeasureFactory(goal__plan=plan, title='=HYPERLINK("http://example.org")')
    response = coordinator_client.get(reverse("reporting:actionplan_xlsx", args=[plan.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Maßnahmen"]
    assert sheet["C2"].value.startswith("'=")


def test_plan_document_years_are_those_with_values_and_gaps_stay_empty():
    plan = _small_plan()
    other = IndicatorFactory(measure=MeasureFactory(goal=plan.goals.get()), name="Kurse")
    IndicatorValueFactory(indicator=other, year=2023, value=Decimal("3"))

    document = queries.plan_document(plan)

    assert document.years == [2023, 2025, 2026]
    rows = [
        (indicator.name, indicator.values)
        for measure in document.fields[0].goals[0].measures
        for indicator in measure.indicators
    ]
    assert rows == [
        ("Geförderte Kinder", [None, Decimal("1312.25"), Decimal("1400.00")]),
        ("Kurse", [Decimal("3.00"), None, None]),
    ]


def test_plan_document_within_fixed_queries(django_assert_max_num_queries):
    plan = document_plan()
    for _index in range(10):
        measure = MeasureFactory(goal=GoalFactory(plan=plan))
        measure.organisations.add(OrganisationFactory(), OrganisationFactory())
        for year in (2025, 2026):
            IndicatorValueFactory(indicator__measure=measure, year=year)
    with django_assert_max_num_queries(5):
        document = queries.plan_document(plan)
    assert sum(len(goal.measures) for field in document.fields for goal in field.goals) == 16


def test_pdf_and_xlsx_views_within_fixed_queries(coordinator_client, django_assert_max_num_queries):
    plan = document_plan()
    for name in ("reporting:actionplan_pdf", "reporting:actionplan_xlsx"):
        with django_assert_max_num_queries(12):
            response = coordinator_client.get(reverse(name, args=[plan.pk]))
        assert response.status_code == 200


def test_period_ending_before_it_starts_gets_a_german_error(coordinator_client):
    plan = ActionPlanFactory()
    response = coordinator_client.post(
        reverse("reporting:plan_update", args=[plan.pk]),
        {
            "year": "2026",
            "version": str(plan.version),
            "title": "Handlungskonzept",
            "period_start": "2030",
            "period_end": "2026",
            "foreword": "Vorwort bleibt stehen",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der Zeitraum kann nicht vor seinem Beginn enden." in html
    assert "Vorwort bleibt stehen" in html
    plan.refresh_from_db()
    assert plan.period_start is None


def test_edit_form_saves_the_document_fields_into_the_history(coordinator_client, coordinator):
    plan = ActionPlanFactory()
    response = coordinator_client.post(
        reverse("reporting:plan_update", args=[plan.pk]),
        {
            "year": "2026",
            "version": str(plan.version),
            "title": "Handlungskonzept",
            "period_start": "2026",
            "period_end": "2030",
            "adopted_by": "Kreistag",
            "adopted_on": "2025-12-11",
            "foreword": "Vorwort",
            "guiding_principles": "Leitgrundsatz",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.period, plan.adopted_by, plan.foreword) == ("2026–2030", "Kreistag", "Vorwort")
    record = plan.history.latest()
    assert record.history_user == coordinator
    assert record.guiding_principles == "Leitgrundsatz"
    detail = coordinator_client.get(plan.get_absolute_url()).content.decode()
    assert reverse("reporting:actionplan_pdf", args=[plan.pk]) in detail
    assert reverse("reporting:actionplan_xlsx", args=[plan.pk]) in detail


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(2026, 2030, "2026–2030"), (2026, 2026, "2026"), (2026, None, "ab 2026"),
     (None, 2030, "bis 2030"), (None, None, "")],
)  # fmt: skip
def test_period_wording(start, end, expected):
    assert ActionPlan(period_start=start, period_end=end).period == expected


def test_committee_cannot_download_the_plan(committee_client):
    plan = ActionPlanFactory()
    for name in ("reporting:actionplan_pdf", "reporting:actionplan_xlsx"):
        assert committee_client.get(reverse(name, args=[plan.pk])).status_code == 403


def test_unknown_plan_is_404(coordinator_client):
    response = coordinator_client.get(reverse("reporting:actionplan_pdf", args=[999]))
    assert response.status_code == 404


def test_empty_unadopted_plan_prints_its_title_page(coordinator_client):
    plan = ActionPlanFactory(title="Entwurf Handlungskonzept", adopted_by="Kreisausschuss")
    text = response_pdf_text(_pdf(coordinator_client, plan))
    assert "Entwurf Handlungskonzept" in text
    assert "Beschlossen von: Kreisausschuss" in text
    assert "Vorwort" not in text
    assert "Zeitraum –" in text
    assert "Dieses Handlungskonzept hat noch keine Ziele." in text
