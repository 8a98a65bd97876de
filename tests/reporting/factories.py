from datetime import date
from decimal import Decimal

import factory

from reporting.models import (
    ActionPlan,
    CostCentre,
    FundingRule,
    FundingStatement,
    Goal,
    Grant,
    Indicator,
    IndicatorValue,
    Measure,
    Post,
)
from tests.factories import FieldOfActionFactory


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    year = 2026
    version = factory.Sequence(lambda n: n + 1)
    title = "Handlungskonzept"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(ActionPlanFactory)
    field_of_action = factory.SubFactory(FieldOfActionFactory)
    title = factory.Sequence(lambda n: f"Ziel {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    goal = factory.SubFactory(GoalFactory)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    status = Measure.Status.IN_PROGRESS


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    measure = factory.SubFactory(MeasureFactory)
    name = "Teilnehmende"
    unit = "Personen"
    baseline = Decimal("0")
    target = Decimal("100")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2026
    value = Decimal("50")


class CostCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostCentre
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Kostenstelle {n}")


class FundingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingRule
        django_get_or_create = ("valid_from",)

    valid_from = date(2014, 4, 14)
    rate = Decimal("0.5")
    cost_cap_per_fte = Decimal("70000.00")
    grant_cap_per_fte = Decimal("35000.00")


class FundingStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingStatement

    year = 2026
    cost_centre = factory.SubFactory(CostCentreFactory)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    statement = factory.SubFactory(FundingStatementFactory)
    label = "Koordination"


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    statement = factory.SubFactory(FundingStatementFactory)
    source = Grant.Source.STATE
