from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from reporting import queries
from reporting.models import ActionPlan, FundingStatement

pytestmark = pytest.mark.django_db


def test_demo_data_has_a_plan_with_overdue_measures_and_the_seed_004_figures(settings):
    settings.DEBUG = True
    call_command("seed_demo_data")
    call_command("seed_demo_data")  # idempotent

    plan = ActionPlan.objects.get()
    progress = queries.plan_progress(plan, today=timezone.localdate())
    assert any(item.is_overdue for item in progress)
    assert any(item.is_at_risk for item in progress)
    assert all(item.organisations for item in progress)
    overview = queries.funding_overview([2016, 2017])
    own = {table.title: table.rows[-1].cells for table in overview.tables}
    # columns: 2016 planned, 2016 actual, 2017 planned, 2017 actual
    assert own["Koordinierungsstelle Migration und Teilhabe"][1] == Decimal("32886.79")
    assert own["Koordinierungsstelle Migration und Teilhabe"][2] == Decimal("36500.00")
    assert own["Übergangsmanagement"][1] == Decimal("24980.82")
    assert own["Übergangsmanagement"][2] == Decimal("19400.00")
    this_year = queries.funding_overview([timezone.localdate().year])
    assert this_year.tables[0].rows[-1].cells[0] == Decimal("46150.00")
    assert FundingStatement.objects.count() == 8  # seed 004, last year actual, this year plan


def test_every_reporting_page_renders_with_the_demo_data(settings, coordinator_client):
    from django.urls import reverse

    from reporting.models import CostCentre, FundingRule, Indicator

    settings.DEBUG = True
    call_command("seed_demo_data")
    plan = ActionPlan.objects.get()
    goal = plan.goals.first()
    measure = goal.measures.first()
    statement = FundingStatement.objects.filter(posts__fte__isnull=False).distinct().get()
    urls = [
        reverse("reporting:index"),
        reverse("reporting:plan_list"),
        reverse("reporting:plan_detail", args=[plan.pk]),
        reverse("reporting:plan_progress", args=[plan.pk]),
        reverse("reporting:plan_update", args=[plan.pk]),
        reverse("reporting:plan_continue", args=[plan.pk]),
        reverse("reporting:goal_update", args=[goal.pk]),
        reverse("reporting:measure_update", args=[measure.pk]),
        reverse("reporting:indicator_update", args=[Indicator.objects.first().pk]),
        reverse("reporting:funding_overview"),
        reverse("reporting:funding_overview") + "?year_from=2016&year_to=2017",
        reverse("reporting:statement_detail", args=[statement.pk]),
        reverse("reporting:statement_update", args=[statement.pk]),
        reverse("reporting:costcentre_list"),
        reverse("reporting:costcentre_update", args=[CostCentre.objects.first().pk]),
        reverse("reporting:fundingrule_list"),
        reverse("reporting:fundingrule_update", args=[FundingRule.objects.first().pk]),
    ]
    for url in urls:
        assert coordinator_client.get(url).status_code == 200, url
    html = coordinator_client.get(urls[-6]).content.decode()
    assert "berechnet" in html
    assert "40.000,00\u00a0€" in html


def test_demo_plan_prints_a_full_document_and_fills_last_years_report(settings, coordinator_client):
    from django.urls import reverse

    from reporting.annual import collect
    from tests.pdf import pdf_text, text_outside_page

    settings.DEBUG = True
    call_command("seed_demo_data")
    year = timezone.localdate().year

    plan = ActionPlan.objects.get()
    document = queries.plan_document(plan)
    assert "Lüchow-Dannenberg" in document.foreword
    assert "Lüchow-Dannenberg" in document.guiding_principles
    assert document.period == f"{year - 1}–{year + 3}"
    assert (document.adopted_by, document.adopted_on.year) == (
        "Kreistag des Landkreises Lüchow-Dannenberg",
        year - 1,
    )
    assert document.years == [year - 1, year]
    indicators = [
        indicator
        for field in document.fields
        for goal in field.goals
        for measure in goal.measures
        for indicator in measure.indicators
    ]
    assert indicators
    assert all(None not in indicator.values for indicator in indicators)
    assert collect(year - 1)["action_plan"]["fields"]
    response = coordinator_client.get(reverse("reporting:actionplan_pdf", args=[plan.pk]))
    data = b"".join(response.streaming_content)
    assert not text_outside_page(data)
    text = pdf_text(data)
    assert "Kreistag des Landkreises Lüchow-Dannenberg, Beschluss vom 19. März" in text
    assert "Integration gelingt im ländlichen Raum nur mit dem Ehrenamt." in text


def test_demo_fills_the_document_fields_of_an_older_demo_plan(settings):
    settings.DEBUG = True
    call_command("seed_demo_data")
    plan = ActionPlan.objects.get()
    plan.foreword = ""
    plan.period_start = plan.period_end = None
    plan.save()

    call_command("seed_demo_data")

    plan.refresh_from_db()
    assert plan.foreword.startswith("Nach den Ziffern 4.1 und 4.1.2")
    assert plan.period_start == timezone.localdate().year - 1
    assert ActionPlan.objects.count() == 1
