from datetime import date
from decimal import Decimal

import pytest

from kmut.money import eur
from volunteers.models import RateSet, rate_set_for
from volunteers.reimbursement import allowance_level, billable_hours, calculate, rate_set_for_year


def _values():
    return {
        "valid_from": date(2026, 1, 1),
        "hourly_rate": Decimal("15.00"),
        "billing_unit": RateSet.BillingUnit.STARTED_HOUR,
        "km_rate": Decimal("0.25"),
        "km_cap_per_trip": Decimal("125.00"),
        "reimbursement_share": Decimal("1.00"),
        "yearly_cap": None,
        "tax_free_allowance": Decimal("960.00"),
    }


def _rates(**overrides):
    return RateSet(**{**_values(), **overrides})


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


# --- the one rule for each question ----------------------------------------------------------


def test_a_rate_set_covers_its_first_and_last_day_and_nothing_outside():
    closed = _rates(valid_from=date(2025, 1, 1), valid_until=date(2025, 12, 31))
    open_ended = _rates(valid_from=date(2026, 1, 1))

    assert not closed.covers(date(2024, 12, 31))
    assert closed.covers(date(2025, 1, 1))
    assert closed.covers(date(2025, 12, 31))
    assert not closed.covers(date(2026, 1, 1))
    assert not open_ended.covers(date(2025, 12, 31))
    assert open_ended.covers(date(2026, 1, 1))
    assert open_ended.covers(date(2099, 12, 31))


def test_rate_set_for_takes_the_set_whose_period_holds_the_day():
    first = _rates(valid_from=date(2025, 1, 1), valid_until=date(2025, 6, 30))
    second = _rates(valid_from=date(2025, 7, 1))
    newest_first = [second, first]

    assert rate_set_for(date(2024, 12, 31), newest_first) is None
    assert rate_set_for(date(2025, 6, 30), newest_first) is first
    assert rate_set_for(date(2025, 7, 1), newest_first) is second
    # A closed set without a successor covers no day after its end.
    assert rate_set_for(date(2025, 7, 1), [first]) is None


@pytest.mark.django_db
def test_valid_on_asks_the_database_through_the_same_rule():
    first = RateSet.objects.create(
        **{**_values(), "valid_from": date(2025, 1, 1), "valid_until": date(2025, 12, 31)}
    )
    second = RateSet.objects.create(**{**_values(), "valid_from": date(2026, 1, 1)})

    assert RateSet.objects.valid_on(date(2024, 12, 31)) is None
    assert RateSet.objects.valid_on(date(2025, 12, 31)) == first
    assert RateSet.objects.valid_on(date(2026, 1, 1)) == second


def test_the_year_takes_the_rates_of_31_december_when_a_set_changes_mid_year():
    spring = _rates(
        valid_from=date(2025, 1, 1),
        valid_until=date(2026, 6, 30),
        tax_free_allowance=Decimal("840.00"),
    )
    summer = _rates(valid_from=date(2026, 7, 1), tax_free_allowance=Decimal("960.00"))
    newest_first = [summer, spring]

    assert rate_set_for_year(2025, newest_first) is spring
    assert rate_set_for_year(2026, newest_first) is summer
    assert rate_set_for_year(2027, newest_first) is summer
    assert rate_set_for_year(2024, newest_first) is None


def test_a_set_beginning_on_1_january_gives_that_year_and_not_the_one_before():
    old = _rates(valid_from=date(2025, 1, 1), valid_until=date(2025, 12, 31))
    new = _rates(valid_from=date(2026, 1, 1))

    assert rate_set_for_year(2025, [new, old]) is old
    assert rate_set_for_year(2026, [new, old]) is new


def test_a_year_whose_last_set_ends_before_31_december_takes_the_set_begun_in_it():
    ended = _rates(valid_from=date(2026, 3, 1), valid_until=date(2026, 9, 30))
    assert rate_set_for_year(2026, [ended]) is ended


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (Decimal("768.00"), None),  # exactly 80 % of 960 €: not yet past the warning share
        (Decimal("768.01"), "near"),
        (Decimal("960.00"), "near"),  # exactly the allowance: used up, not exceeded
        (Decimal("960.01"), "over"),
    ],
)
def test_allowance_level_at_the_thresholds(total, level):
    assert allowance_level(total, _rates()) == level


def test_allowance_level_follows_the_warning_share_of_the_set():
    rates = _rates(allowance_warning_share=Decimal("0.50"))
    assert allowance_level(Decimal("480.00"), rates) is None
    assert allowance_level(Decimal("480.01"), rates) == "near"
    assert allowance_level(Decimal("480.01"), None) is None


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("0.005", "0.01"),  # half-even would give 0.00
        ("0.015", "0.02"),
        ("0.125", "0.13"),  # half-even would give 0.12
        ("2.665", "2.67"),  # half-even would give 2.66
        ("0.004", "0.00"),
        ("-0.005", "-0.01"),
        (3, "3.00"),
    ],
)
def test_money_rounds_half_up_to_the_cent(value, rounded):
    assert eur(Decimal(value) if isinstance(value, str) else value) == Decimal(rounded)


def test_the_calculation_rounds_each_line_half_up():
    # 7 minutes exact at 12,50 €/h = 1,458333… → 1,46 €; 0,1 km at 0,25 € = 0,025 → 0,03 €.
    result = calculate(
        minutes=7,
        travel_km=Decimal("0.1"),
        other_costs=Decimal("0"),
        rate_set=_rates(billing_unit=RateSet.BillingUnit.EXACT, hourly_rate=Decimal("12.50")),
    )
    assert [line.amount for line in result.lines] == [Decimal("1.46"), Decimal("0.03")]
    assert result.total == Decimal("1.49")
