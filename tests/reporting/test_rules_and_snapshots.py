import json
from dataclasses import asdict
from datetime import date
from decimal import Decimal

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from reporting import queries
from reporting.models import CostCentre, FundingRule
from tests.reporting.factories import (
    CostCentreFactory,
    FundingRuleFactory,
    FundingStatementFactory,
    GrantFactory,
    IndicatorValueFactory,
    MeasureFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db


def test_funding_rule_is_entered_the_german_way(coordinator_client, coordinator):
    response = coordinator_client.post(
        reverse("reporting:fundingrule_create"),
        {
            "valid_from": "2020-03-09",
            "rate": "0,5",
            "cost_cap_per_fte": "70.000,00",
            "grant_cap_per_fte": "35.000",
            "source": "RL des MS vom 09.03.2020",
        },
    )
    assert response.url == reverse("reporting:fundingrule_list")
    rule = FundingRule.objects.get()
    assert (rule.rate, rule.cost_cap_per_fte, rule.grant_cap_per_fte) == (
        Decimal("0.5000"),
        Decimal("70000.00"),
        Decimal("35000.00"),
    )
    assert rule.history.get().history_user == coordinator


def test_funding_rule_with_a_rate_above_one_is_refused_and_kept(coordinator_client):
    response = coordinator_client.post(
        reverse("reporting:fundingrule_create"),
        {
            "valid_from": "2020-03-09",
            "rate": "1,5",
            "cost_cap_per_fte": "70.000,00",
            "grant_cap_per_fte": "35.000,00",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "kleiner oder gleich 1" in html
    assert 'value="1,5"' in html
    assert not FundingRule.objects.exists()


def test_the_rule_valid_on_1_january_applies():
    FundingRuleFactory(valid_from=date(2014, 4, 14), rate=Decimal("0.5"))
    FundingRuleFactory(valid_from=date(2020, 3, 9), rate=Decimal("0.4"))
    for year, expected in ((2020, "20000.00"), (2021, "16000.00")):
        post = PostFactory(statement__year=year, fte=Decimal("1"), actual_costs=Decimal("40000.00"))
        GrantFactory(statement=post.statement, calculation="computed")
        overview = queries.funding_overview([year])
        grants_total = next(
            row for row in overview.tables[0].rows if row.label == "Zuwendungen gesamt"
        )
        assert grants_total.cells[1] == Decimal(expected)


def test_inactive_cost_centre_stays_selectable_on_its_own_statement(coordinator_client):
    statement = FundingStatementFactory(cost_centre=CostCentreFactory(is_active=False))
    response = coordinator_client.get(reverse("reporting:statement_update", args=[statement.pk]))
    assert list(response.context["form"].fields["cost_centre"].queryset) == [statement.cost_centre]


def test_report_figures_are_plain_data_a_report_can_snapshot():
    measure = MeasureFactory(due_on=date(2026, 1, 1))
    IndicatorValueFactory(indicator__measure=measure)
    post = PostFactory(statement__year=2026, actual_costs=Decimal("1000.00"))
    GrantFactory(statement=post.statement, actual_amount=Decimal("400.00"))
    snapshot = {
        "progress": [
            asdict(row)
            for row in queries.progress_summary(measure.goal.plan, today=date(2026, 6, 1))
        ],
        "measures": [
            asdict(row) for row in queries.plan_progress(measure.goal.plan, today=date(2026, 6, 1))
        ],
        "funding": asdict(queries.funding_overview([2026])),
    }
    restored = json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))
    assert restored["progress"][0]["overdue"] == 1
    assert restored["funding"]["tables"][0]["rows"][-1]["cells"] == [None, "600.00"]


def test_cost_centre_and_rule_lists_within_fixed_queries(
    coordinator_client, django_assert_max_num_queries
):
    for index in range(15):
        CostCentre.objects.create(name=f"Bereich {index}")
        FundingRuleFactory(valid_from=date(2000 + index, 1, 1))
    with django_assert_max_num_queries(8):
        coordinator_client.get(reverse("reporting:costcentre_list"))
    with django_assert_max_num_queries(8):
        coordinator_client.get(reverse("reporting:fundingrule_list"))
