from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import queries, services
from reporting.models import ActionPlan, Measure
from tests.factories import FieldOfActionFactory, OrganisationFactory
from tests.reporting.factories import (
    ActionPlanFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureFactory,
)
from tests.roundtable.factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def _progress(measure):
    return queries.measure_progress(measure, today=TODAY)


@pytest.mark.parametrize(
    ("due_on", "status", "overdue", "at_risk"),
    [
        (TODAY - timedelta(days=1), Measure.Status.IN_PROGRESS, True, False),
        (TODAY - timedelta(days=1), Measure.Status.PAUSED, True, False),
        (TODAY - timedelta(days=1), Measure.Status.DONE, False, False),
        (TODAY - timedelta(days=1), Measure.Status.DROPPED, False, False),
        (TODAY, Measure.Status.PLANNED, False, True),
        (TODAY + timedelta(days=60), Measure.Status.IN_PROGRESS, False, True),
        (TODAY + timedelta(days=61), Measure.Status.IN_PROGRESS, False, False),
        (TODAY + timedelta(days=30), Measure.Status.DONE, False, False),
        (None, Measure.Status.IN_PROGRESS, False, False),
    ],
)
def test_overdue_and_at_risk_by_deadline(due_on, status, overdue, at_risk):
    measure = MeasureFactory(due_on=due_on, status=status)
    progress = _progress(measure)
    assert (progress.is_overdue, progress.is_at_risk) == (overdue, at_risk)


def test_measure_with_an_indicator_far_behind_its_target_is_at_risk():
    measure = MeasureFactory(due_on=date(2027, 12, 31))
    indicator = IndicatorFactory(measure=measure, baseline=Decimal("10"), target=Decimal("50"))
    IndicatorValueFactory(indicator=indicator, year=2025, value=Decimal("40"))
    IndicatorValueFactory(indicator=indicator, year=2026, value=Decimal("25"))  # latest: 37,5 %
    progress = _progress(measure)
    assert progress.is_at_risk
    assert progress.indicators[0].share == Decimal("0.38")
    assert progress.indicators[0].latest_value == Decimal("25")


def test_measure_with_an_indicator_on_track_is_not_at_risk():
    measure = MeasureFactory(due_on=date(2027, 12, 31))
    indicator = IndicatorFactory(measure=measure, baseline=Decimal("10"), target=Decimal("50"))
    IndicatorValueFactory(indicator=indicator, year=2026, value=Decimal("30"))
    assert not _progress(measure).is_at_risk


def test_progress_view_lists_overdue_and_at_risk_measures(
    coordinator_client, django_assert_max_num_queries
):
    today = timezone.localdate()
    plan = ActionPlanFactory()
    goal = GoalFactory(plan=plan)
    late = MeasureFactory(goal=goal, title="Sprachkurse ausbauen", due_on=today - timedelta(days=3))
    soon = MeasureFactory(
        goal=goal, title="Leitbild beschließen", due_on=today + timedelta(days=10)
    )
    MeasureFactory(goal=goal, title="Fertig", due_on=today - timedelta(days=3), status="done")
    MeasureFactory(goal=goal, title="Später", due_on=today + timedelta(days=200))
    for index in range(10):
        measure = MeasureFactory(goal=GoalFactory(plan=plan), title=f"Weitere {index}")
        measure.organisations.add(OrganisationFactory())
        IndicatorValueFactory(indicator__measure=measure)
    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse("reporting:plan_progress", args=[plan.pk]))
    assert [item.measure_id for item in response.context["overdue"]] == [late.pk]
    assert [item.measure_id for item in response.context["at_risk"]] == [soon.pk]
    html = response.content.decode()
    assert "Sprachkurse ausbauen" in html
    assert "Leitbild beschließen" in html


def test_progress_summary_per_field_of_action():
    plan = ActionPlanFactory()
    language = FieldOfActionFactory(name="Sprache-Test", position=1)
    volunteering = FieldOfActionFactory(name="Ehrenamt-Test", position=2)
    MeasureFactory(goal__plan=plan, goal__field_of_action=language, due_on=TODAY - timedelta(1))
    MeasureFactory(goal__plan=plan, goal__field_of_action=language, status="done")
    MeasureFactory(goal__plan=plan, goal__field_of_action=volunteering, status="planned")
    summary = queries.progress_summary(plan, today=TODAY)
    assert [(row.field_of_action, row.measures, row.overdue) for row in summary] == [
        ("Sprache-Test", 2, 1),
        ("Ehrenamt-Test", 1, 0),
    ]
    assert summary[0].by_status == {"in_progress": 1, "done": 1}


def test_plan_detail_within_fixed_queries(coordinator_client, django_assert_max_num_queries):
    plan = ActionPlanFactory()
    meeting = MeetingFactory()
    decision = DecisionFactory()
    for _index in range(8):
        measure = MeasureFactory(goal=GoalFactory(plan=plan))
        measure.organisations.add(OrganisationFactory())
        measure.meetings.add(meeting)
        measure.decisions.add(decision)
        IndicatorValueFactory(indicator__measure=measure)
    with django_assert_max_num_queries(20):
        response = coordinator_client.get(reverse("reporting:plan_detail", args=[plan.pk]))
    assert response.status_code == 200


def test_plan_list_within_fixed_queries(coordinator_client, django_assert_max_num_queries):
    for _index in range(10):
        MeasureFactory()
    with django_assert_max_num_queries(10):
        response = coordinator_client.get(reverse("reporting:plan_list"))
    assert len(response.context["object_list"]) == 10


def test_create_plan_goal_measure_and_indicator_through_the_forms(coordinator_client, coordinator):
    field = FieldOfActionFactory()
    organisation = OrganisationFactory()
    meeting = MeetingFactory()
    response = coordinator_client.post(
        reverse("reporting:plan_create"),
        {"year": "2026", "version": "1", "title": "Handlungskonzept"},
    )
    plan = ActionPlan.objects.get()
    assert response.url == plan.get_absolute_url()
    coordinator_client.post(
        reverse("reporting:goal_create", args=[plan.pk]),
        {"field_of_action": field.pk, "title": "Deutsch lernen", "position": "1"},
    )
    goal = plan.goals.get()
    response = coordinator_client.post(
        reverse("reporting:measure_create", args=[goal.pk]),
        {
            "title": "Sprachkurse vermitteln",
            "organisations": [organisation.pk],
            "meetings": [meeting.pk],
            "starts_on": "2026-01-01",
            "due_on": "2026-12-31",
            "status": "in_progress",
            "position": "1",
        },
    )
    measure = goal.measures.get()
    assert list(measure.organisations.all()) == [organisation]
    assert list(measure.meetings.all()) == [meeting]
    response = coordinator_client.post(
        reverse("reporting:indicator_create", args=[measure.pk]),
        {
            "name": "Vermittelte Personen",
            "baseline": "12",
            "target": "1.200,5",
            "values-TOTAL_FORMS": "1",
            "values-INITIAL_FORMS": "0",
            "values-MIN_NUM_FORMS": "0",
            "values-MAX_NUM_FORMS": "1000",
            "values-0-year": "2026",
            "values-0-value": "300,25",
        },
    )
    assert response.status_code == 302
    indicator = measure.indicators.get()
    assert indicator.target == Decimal("1200.50")
    assert indicator.values.get().value == Decimal("300.25")
    assert measure.history.latest().history_user == coordinator


def test_deadline_before_start_gets_a_german_error_and_keeps_the_input(coordinator_client):
    goal = GoalFactory()
    response = coordinator_client.post(
        reverse("reporting:measure_create", args=[goal.pk]),
        {
            "title": "Rückwärts geplant",
            "starts_on": "2026-05-01",
            "due_on": "2026-04-01",
            "status": "planned",
            "position": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die Frist kann nicht vor dem Beginn liegen." in html
    assert 'value="Rückwärts geplant"' in html


def test_continue_plan_copies_goals_measures_indicators_and_links(coordinator):
    plan = ActionPlanFactory(year=2025, version=1)
    measure = MeasureFactory(goal__plan=plan, due_on=date(2025, 12, 31))
    organisation = OrganisationFactory()
    decision = DecisionFactory()
    measure.organisations.add(organisation)
    measure.decisions.add(decision)
    IndicatorValueFactory(indicator__measure=measure, year=2025, value=Decimal("7"))

    new_plan = services.continue_plan(plan=plan, year=2026, by=coordinator)

    assert (new_plan.year, new_plan.version, new_plan.based_on) == (2026, 1, plan)
    copy = Measure.objects.get(goal__plan=new_plan)
    assert copy.pk != measure.pk
    assert copy.title == measure.title
    assert list(copy.organisations.all()) == [organisation]
    assert list(copy.decisions.all()) == [decision]
    assert copy.indicators.get().values.get().value == Decimal("7")
    assert Measure.objects.filter(goal__plan=plan).count() == 1
    assert new_plan.history.latest().history_user == coordinator
    again = services.continue_plan(plan=plan, year=2026, by=coordinator)
    assert again.version == 2


def test_continue_plan_through_the_form(coordinator_client):
    plan = ActionPlanFactory(year=2025)
    GoalFactory(plan=plan)
    response = coordinator_client.post(
        reverse("reporting:plan_continue", args=[plan.pk]), {"year": "2026", "title": ""}
    )
    new_plan = ActionPlan.objects.get(year=2026)
    assert response.url == new_plan.get_absolute_url()
    assert new_plan.goals.count() == 1
    response = coordinator_client.post(
        reverse("reporting:plan_continue", args=[plan.pk]), {"year": "2024"}
    )
    assert response.status_code == 200
    assert "späteres Jahr" in response.content.decode()


def test_committee_member_sees_only_released_documents(committee_client, coordinator_client):
    ActionPlanFactory()
    html = committee_client.get(reverse("reporting:index")).content.decode()
    assert reverse("reporting:plan_list") not in html
    assert reverse("reporting:funding_overview") not in html
    assert "Freigegebene Dokumente" in html
    html = coordinator_client.get(reverse("reporting:index")).content.decode()
    assert reverse("reporting:plan_list") in html
    assert reverse("reporting:funding_overview") in html


def test_dashboard_points_staff_to_overdue_measures(coordinator_client, committee_client):
    plan = ActionPlanFactory()
    MeasureFactory(goal__plan=plan, due_on=timezone.localdate() - timedelta(days=1))
    html = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "1 Maßnahme des Handlungskonzepts ist überfällig" in html
    assert reverse("reporting:plan_progress", args=[plan.pk]) in html
    html = committee_client.get(reverse("dashboard")).content.decode()
    assert "Handlungskonzept" not in html


def test_deleting_a_goal_asks_first_and_keeps_the_history(coordinator_client, coordinator):
    goal = GoalFactory()
    MeasureFactory(goal=goal)
    url = reverse("reporting:goal_delete", args=[goal.pk])
    response = coordinator_client.get(url)
    assert "1 Maßnahme mit ihren Indikatoren wird ebenfalls gelöscht." in response.content.decode()
    response = coordinator_client.post(url)
    assert response.url == goal.plan.get_absolute_url()
    assert not Measure.objects.exists()
    deleted = goal.history.model.objects.filter(id=goal.pk, history_type="-").get()
    assert deleted.history_user == coordinator


def test_committee_cannot_delete_a_measure(committee_client):
    measure = MeasureFactory()
    response = committee_client.post(reverse("reporting:measure_delete", args=[measure.pk]))
    assert response.status_code == 403
    assert Measure.objects.filter(pk=measure.pk).exists()
