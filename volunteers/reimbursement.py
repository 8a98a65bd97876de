"""How much a claim reimburses: the rates valid on the service date, each line shown.

Pure calculation on Decimals; services store the result when a claim is submitted and again
when it is signed off.
"""

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kmut.money import eur
from volunteers.models import RateSet

SIXTY = Decimal(60)


@dataclass(frozen=True)
class Line:
    label: str
    quantity: str
    amount: Decimal


@dataclass
class Calculation:
    rate_set: RateSet
    lines: list[Line] = field(default_factory=list)
    total: Decimal = Decimal("0.00")
    allowance_left: Decimal | None = None  # of the tax-free allowance after this claim
    warnings: list[str] = field(default_factory=list)


def billable_hours(minutes: int, unit: str) -> Decimal:
    minutes = Decimal(minutes)
    if unit == RateSet.BillingUnit.STARTED_HOUR:
        return (minutes / SIXTY).to_integral_value(rounding=ROUND_CEILING)
    if unit == RateSet.BillingUnit.STARTED_HALF_HOUR:
        return (minutes / Decimal(30)).to_integral_value(rounding=ROUND_CEILING) / 2
    return minutes / SIXTY


def _number(value: Decimal, places: int = 2) -> str:
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def calculate(
    *,
    minutes: int,
    travel_km: Decimal,
    other_costs: Decimal,
    rate_set: RateSet,
    reimbursed_this_year: Decimal = Decimal("0.00"),
) -> Calculation:
    """The reimbursement for one service, given what the volunteer already got this year."""
    calculation = Calculation(rate_set=rate_set)
    hours = billable_hours(minutes, rate_set.billing_unit)
    time_amount = eur(hours * rate_set.hourly_rate)
    calculation.lines.append(
        Line(
            _("Time: %(minutes)s min., billed %(unit)s")
            % {"minutes": minutes, "unit": rate_set.get_billing_unit_display()},
            _("%(hours)s h × %(rate)s €")
            % {"hours": _number(hours), "rate": _number(rate_set.hourly_rate)},
            time_amount,
        )
    )
    travel_amount = eur(Decimal(travel_km) * rate_set.km_rate)
    if travel_km:
        quantity = _("%(km)s km × %(rate)s €") % {
            "km": _number(Decimal(travel_km), 1),
            "rate": _number(rate_set.km_rate),
        }
        if rate_set.km_cap_per_trip is not None and travel_amount > rate_set.km_cap_per_trip:
            travel_amount = eur(rate_set.km_cap_per_trip)
            quantity = _("%(quantity)s, capped per trip") % {"quantity": quantity}
        calculation.lines.append(Line(_("Travel costs"), quantity, travel_amount))
    if other_costs:
        calculation.lines.append(Line(_("Other costs (receipts)"), "", eur(other_costs)))
    subtotal = time_amount + travel_amount + eur(other_costs)
    total = subtotal
    if rate_set.reimbursement_share != 1:
        total = eur(subtotal * rate_set.reimbursement_share)
        calculation.lines.append(
            Line(
                _("Reimbursement share"),
                _("%(percent)s %% of %(subtotal)s €")
                % {
                    "percent": _number(rate_set.reimbursement_share * 100, 0),
                    "subtotal": _number(subtotal),
                },
                total - subtotal,
            )
        )
    if rate_set.yearly_cap is not None:
        room = max(eur(rate_set.yearly_cap) - reimbursed_this_year, Decimal("0.00"))
        if total > room:
            calculation.lines.append(Line(_("Reduced to the yearly cap"), "", room - total))
            calculation.warnings.append(
                _("The yearly cap of %(cap)s € per volunteer is reached.")
                % {"cap": _number(rate_set.yearly_cap)}
            )
            total = room
    calculation.total = eur(total)
    after = reimbursed_this_year + calculation.total
    calculation.allowance_left = eur(rate_set.tax_free_allowance - after)
    if after > rate_set.tax_free_allowance:
        calculation.warnings.append(
            _("With this claim the tax-free allowance of %(limit)s € for the year is exceeded.")
            % {"limit": _number(rate_set.tax_free_allowance)}
        )
    elif after > rate_set.tax_free_allowance * Decimal("0.8"):
        calculation.warnings.append(
            _("With this claim more than 80 %% of the tax-free allowance of %(limit)s € is used.")
            % {"limit": _number(rate_set.tax_free_allowance)}
        )
    return calculation
