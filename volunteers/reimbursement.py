"""How much a claim reimburses, and the money rules of volunteering, each in one place.

- which rates apply on a day: `RateSet.covers` (through `RateSet.objects.valid_on` and
  `rate_set_for` in `volunteers.models`); for a calendar year: `rate_set_for_year`;
- which claims count as reimbursed: `ExpenseClaim.REIMBURSED` / `.reimbursed()`;
- when the tax-free allowance warns: `allowance_level`;
- rounding: `kmut.money.eur` (half up, to the cent).

`calculate` is a pure calculation on Decimals. Services freeze its result on the claim at
submission (`Calculation.as_data`); what is shown, signed off and paid afterwards is that frozen
data (`FrozenCalculation`), never a fresh calculation.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kmut.money import eur
from volunteers.models import RateSet, rate_set_for

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

    @property
    def rates_valid_from(self) -> date:
        return self.rate_set.valid_from

    def as_data(self) -> dict:
        """JSON for ExpenseClaim.calculation: amounts as strings, exactly as shown."""
        return {
            "rate_set": self.rate_set.pk,
            "rates_valid_from": self.rate_set.valid_from.isoformat(),
            "lines": [
                {"label": line.label, "quantity": line.quantity, "amount": str(line.amount)}
                for line in self.lines
            ],
            "total": str(self.total),
            "allowance_left": None if self.allowance_left is None else str(self.allowance_left),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class FrozenCalculation:
    """A claim's stored calculation, shaped like `Calculation` for the templates."""

    lines: list[Line]
    total: Decimal
    rates_valid_from: date
    warnings: list[str]
    digest: str

    @classmethod
    def of(cls, data: dict) -> "FrozenCalculation | None":
        if not data:
            return None
        return cls(
            lines=[
                Line(line["label"], line["quantity"], Decimal(line["amount"]))
                for line in data["lines"]
            ],
            total=Decimal(data["total"]),
            rates_valid_from=date.fromisoformat(data["rates_valid_from"]),
            warnings=list(data.get("warnings", [])),
            digest=digest(data),
        )


def digest(data: dict) -> str:
    """A short fingerprint of a frozen calculation: a sign-off confirms exactly these lines."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def billable_hours(minutes: int, unit: str) -> Decimal:
    minutes = Decimal(minutes)
    if unit == RateSet.BillingUnit.STARTED_HOUR:
        return (minutes / SIXTY).to_integral_value(rounding=ROUND_CEILING)
    if unit == RateSet.BillingUnit.STARTED_HALF_HOUR:
        return (minutes / Decimal(30)).to_integral_value(rounding=ROUND_CEILING) / 2
    return minutes / SIXTY


def number(value: Decimal, places: int = 2) -> str:
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def rate_set_for_year(year: int, rate_sets=None) -> RateSet | None:
    """The rates whose tax-free allowance applies to a calendar year: those of 31 December
    (the allowance is set per year), else the latest set that began in the year."""
    if rate_sets is None:
        rate_sets = RateSet.objects.filter(valid_from__year__lte=year).order_by("-valid_from")
    rate_sets = list(rate_sets)
    found = rate_set_for(date(year, 12, 31), rate_sets)
    if found is None:
        found = next((rates for rates in rate_sets if rates.valid_from.year == year), None)
    return found


def allowance_level(total: Decimal, rate_set: RateSet | None) -> str | None:
    """ "over" once the year's reimbursements exceed the tax-free allowance, "near" past the
    set's warning share of it (80 % by default), else None."""
    if rate_set is None or total is None:
        return None
    if total > rate_set.tax_free_allowance:
        return "over"
    if total > rate_set.tax_free_allowance * rate_set.allowance_warning_share:
        return "near"
    return None


def calculate(
    *,
    minutes: int,
    travel_km: Decimal,
    other_costs: Decimal,
    rate_set: RateSet,
    trips: int = 1,
    reimbursed_this_year: Decimal = Decimal("0.00"),
    year_rates: RateSet | None = None,
) -> Calculation:
    """The reimbursement for one service, given what the volunteer already got this year.

    `rate_set` prices the service (the rates of its date); `year_rates` gives the yearly cap and
    the tax-free allowance (`rate_set_for_year`; by default the same set).
    """
    calculation = Calculation(rate_set=rate_set)
    year_rates = year_rates or rate_set
    hours = billable_hours(minutes, rate_set.billing_unit)
    time_amount = eur(hours * rate_set.hourly_rate)
    calculation.lines.append(
        Line(
            _("Time: %(minutes)s min., billed %(unit)s")
            % {"minutes": minutes, "unit": rate_set.get_billing_unit_display()},
            _("%(hours)s h × %(rate)s €")
            % {"hours": number(hours), "rate": number(rate_set.hourly_rate)},
            time_amount,
        )
    )
    travel_amount = eur(Decimal(travel_km) * rate_set.km_rate)
    trips = max(int(trips or 1), 1)
    if travel_km:
        quantity = _("%(km)s km × %(rate)s €") % {
            "km": number(Decimal(travel_km), 1),
            "rate": number(rate_set.km_rate),
        }
        if rate_set.km_cap_per_trip is not None:
            cap = eur(rate_set.km_cap_per_trip * trips)
            if travel_amount > cap:
                travel_amount = cap
                quantity = _("%(quantity)s, capped at %(cap)s € per trip × %(trips)s") % {
                    "quantity": quantity,
                    "cap": number(rate_set.km_cap_per_trip),
                    "trips": trips,
                }
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
                    "percent": number(rate_set.reimbursement_share * 100, 0),
                    "subtotal": number(subtotal),
                },
                total - subtotal,
            )
        )
    if year_rates.yearly_cap is not None:
        room = max(eur(year_rates.yearly_cap) - reimbursed_this_year, Decimal("0.00"))
        if total > room:
            calculation.lines.append(Line(_("Reduced to the yearly cap"), "", room - total))
            calculation.warnings.append(
                _("The yearly cap of %(cap)s € per volunteer is reached.")
                % {"cap": number(year_rates.yearly_cap)}
            )
            total = room
    calculation.total = eur(total)
    after = reimbursed_this_year + calculation.total
    calculation.allowance_left = eur(year_rates.tax_free_allowance - after)
    level = allowance_level(after, year_rates)
    if level == "over":
        calculation.warnings.append(
            _("With this claim the tax-free allowance of %(limit)s € for the year is exceeded.")
            % {"limit": number(year_rates.tax_free_allowance)}
        )
    elif level == "near":
        calculation.warnings.append(
            _(
                "With this claim more than %(percent)s %% of the tax-free allowance of "
                "%(limit)s € is used."
            )
            % {
                "percent": number(year_rates.allowance_warning_share * 100, 0),
                "limit": number(year_rates.tax_free_allowance),
            }
        )
    return calculation
