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
from tests.factories import FieldOfActionFactory, OrganisationFactory


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


def document_plan(**kwargs) -> ActionPlan:
    """A plan as long as a real one (seed 002): foreword, principles, adoption, period, long
    measure and organisation names, indicators with values over five years."""
    plan = ActionPlanFactory(
        **{
            "title": "Handlungskonzept Migration und Teilhabe",
            "period_start": 2026,
            "period_end": 2030,
            "adopted_by": "Kreistag des Landkreises Lüchow-Dannenberg",
            "adopted_on": date(2025, 12, 11),
            "foreword": "Der Landkreis erstellt ein lokal verbindliches Handlungskonzept.\n\n"
            "Es wird jährlich fortgeschrieben.",
            "guiding_principles": "Alle Kundinnen und Kunden werden gleichbehandelt.\n\n"
            "Die deutsche Sprache ist der wichtigste Schlüssel zur Teilhabe.",
            **kwargs,
        }
    )
    organisation = OrganisationFactory(
        name="Kreisvolkshochschule Lüchow-Dannenberg gemeinnützige GmbH – Außenstelle Hitzacker"
    )
    for number in range(2):
        field = FieldOfActionFactory(name=f"Partizipation durch Sprache, Bildung, Beruf {number}")
        goal = GoalFactory(plan=plan, field_of_action=field, title=f"Sprachkursangebot {number}")
        for position in range(3):
            measure = MeasureFactory(
                goal=goal,
                title="Außerschulische Deutschförderung an Grundschulen ausbauen und "
                f"Übersicht Spracherwerb halbjährlich veröffentlichen ({position})",
                starts_on=date(2026, 1, 1),
                due_on=date(2027, 12, 31),
                position=position,
            )
            measure.organisations.add(organisation, OrganisationFactory())
            indicator = IndicatorFactory(
                measure=measure,
                name="Grundschulen mit außerschulischer Deutschförderung im Kreisgebiet",
                unit="Schulen",
                baseline=Decimal("1250.5"),
                baseline_year=2024,
                target=Decimal("12000"),
                target_year=2030,
            )
            for year in range(2025, 2030):
                IndicatorValueFactory(indicator=indicator, year=year, value=Decimal("10432.75"))
    return plan
