from datetime import date
from decimal import Decimal

import pytest

from volunteers.models import RateSet
from volunteers.reimbursement import billable_hours, calculate


def _rates(**overrides):
    values = {
        "valid_from": date(2026, 1, 1),
        "hourly_rate": Decimal("15.00"),
        "billing_unit": RateSet.BillingUnit.STARTED_HOUR,
        "km_rate": Decimal("0.25"),
        "km_cap_per_trip": Decimal("125.00"),
        "reimbursement_share": Decimal("1.00"),
        "yearly_cap": None,
        "tax_free_allowance": Decimal("960.00"),
    }
    values.update(overrides)
    return RateSet(**values)


# 1 h 20 min = 80 minutes, 34 km at 0,25 € = 8,50 €, other costs 4,50 €.
@pytest.mark.parametrize(
    ("unit", "time_amount", "total"),
    [
        # started hour: 2 h × 15 € = 30,00 €
        (RateSet.BillingUnit.STARTED_HOUR, Decimal("30.00"), Decimal("43.00")),
        # started half hour: 3 × 0,5 h = 1,5 h × 15 € = 22,50 €
        (RateSet.BillingUnit.STARTED_HALF_HOUR, Decimal("22.50"), Decimal("35.50")),
        # exact: 80/60 h × 15 € = 20,00 €
        (RateSet.BillingUnit.EXACT, Decimal("20.00"), Decimal("33.00")),
    ],
)
def test_claim_amount_matches_the_hand_calculation_for_each_billing_unit(unit, time_amount, total):
    result = calculate(
        minutes=80,
        travel_km=Decimal("34"),
        other_costs=Decimal("4.50"),
        rate_set=_rates(billing_unit=unit),
    )
    assert [line.amount for line in result.lines] == [time_amount, Decimal("8.50"), Decimal("4.50")]
    assert result.total == total


def test_partial_reimbursement_applies_the_share_to_the_whole_claim():
    result = calculate(
        minutes=80,
        travel_km=Decimal("34"),
        other_costs=Decimal("4.50"),
        rate_set=_rates(reimbursement_share=Decimal("0.50")),
    )
    assert result.total == Decimal("21.50")
    assert result.lines[-1].amount == Decimal("-21.50")
    assert "50 % von 43,00 €" in result.lines[-1].quantity


def test_travel_costs_are_capped_per_trip():
    result = calculate(
        minutes=60, travel_km=Decimal("600"), other_costs=Decimal("0"), rate_set=_rates()
    )
    assert result.lines[1].amount == Decimal("125.00")
    assert result.total == Decimal("140.00")


def test_yearly_cap_reduces_the_claim_to_what_is_left():
    result = calculate(
        minutes=80,
        travel_km=Decimal("34"),
        other_costs=Decimal("4.50"),
        rate_set=_rates(yearly_cap=Decimal("100.00")),
        reimbursed_this_year=Decimal("80.00"),
    )
    assert result.total == Decimal("20.00")
    assert result.warnings


def test_warning_before_the_tax_free_allowance_is_exceeded():
    near = calculate(
        minutes=60,
        travel_km=Decimal("0"),
        other_costs=Decimal("0"),
        rate_set=_rates(),
        reimbursed_this_year=Decimal("800.00"),
    )
    over = calculate(
        minutes=60,
        travel_km=Decimal("0"),
        other_costs=Decimal("0"),
        rate_set=_rates(),
        reimbursed_this_year=Decimal("950.00"),
    )
    assert "80 %" in near.warnings[0]
    assert near.allowance_left == Decimal("145.00")
    assert "960,00 €" in over.warnings[0]
    assert over.allowance_left == Decimal("-5.00")


@pytest.mark.parametrize(
    ("minutes", "unit", "hours"),
    [
        (1, "hour", Decimal("1")),
        (60, "hour", Decimal("1")),
        (61, "hour", Decimal("2")),
        (30, "half_hour", Decimal("0.5")),
        (31, "half_hour", Decimal("1")),
        (45, "exact", Decimal("0.75")),
    ],
)
def test_billable_hours(minutes, unit, hours):
    assert billable_hours(minutes, unit) == hours
