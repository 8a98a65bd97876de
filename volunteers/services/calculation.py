"""What a claim comes to: its calculation, the preview before handing it in, the yearly totals."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from kmut.money import eur
from volunteers import plausibility, reimbursement
from volunteers.models import ExpenseClaim, RateSet, Volunteer

__all__ = [
    "Preview",
    "calculate_claim",
    "frozen_calculation",
    "preview_claim",
    "reimbursed_in_year",
    "yearly_totals",
]


def reimbursed_in_year(volunteer: Volunteer, year: int, *, exclude=None) -> Decimal:
    claims = ExpenseClaim.objects.reimbursed().filter(volunteer=volunteer, service_date__year=year)
    if exclude is not None and exclude.pk:
        claims = claims.exclude(pk=exclude.pk)
    return eur(claims.aggregate(total=Sum("amount"))["total"] or 0)


def calculate_claim(claim: ExpenseClaim) -> reimbursement.Calculation:
    """A fresh calculation with today's data: for the preview and for freezing, never for
    showing a claim that was handed in (that shows `claim.calculation`)."""
    rate_set = RateSet.objects.valid_on(claim.service_date)
    if rate_set is None:
        raise ValidationError(
            _("No reimbursement rates are set for this date. Please ask the office."),
            code="no_rates",
        )
    year = claim.service_date.year
    return reimbursement.calculate(
        minutes=claim.minutes,
        travel_km=claim.travel_km,
        other_costs=claim.other_costs,
        trips=claim.trips,
        rate_set=rate_set,
        year_rates=reimbursement.rate_set_for_year(year),
        reimbursed_this_year=reimbursed_in_year(claim.volunteer, year, exclude=claim),
    )


@dataclass
class Preview:
    """What handing the claim in would store: the calculation and the plausibility findings."""

    calculation: reimbursement.Calculation | None
    findings: list[plausibility.Finding]

    @property
    def refusals(self) -> list[plausibility.Finding]:
        return [finding for finding in self.findings if finding.refuses]

    @property
    def flags(self) -> list[plausibility.Finding]:
        return [finding for finding in self.findings if not finding.refuses]

    @property
    def digest(self) -> str:
        """Fingerprint of what the volunteer is asked to confirm."""
        return reimbursement.digest(
            {
                "calculation": self.calculation.as_data() if self.calculation else None,
                "findings": [finding.message for finding in self.findings],
            }
        )


def preview_claim(claim: ExpenseClaim, *, receipts: int) -> Preview:
    """The claim's calculation and findings as they would be frozen now (no writes)."""
    rate_set = RateSet.objects.valid_on(claim.service_date) if claim.service_date else None
    findings = plausibility.check_claim(claim, rate_set=rate_set, receipts=receipts)
    calculation = None
    if rate_set is not None and claim.minutes:
        calculation = calculate_claim(claim)
    return Preview(calculation=calculation, findings=findings)


def frozen_calculation(claim: ExpenseClaim) -> reimbursement.FrozenCalculation | None:
    """The stored calculation of a handed-in claim: what is signed off and paid."""
    return reimbursement.FrozenCalculation.of(claim.calculation)


def yearly_totals(volunteer: Volunteer) -> list[dict]:
    """Reimbursed amounts per year (approved and paid), against that year's allowance."""
    rows = (
        ExpenseClaim.objects.reimbursed()
        .filter(volunteer=volunteer)
        .values("service_date__year")
        .annotate(total=Sum("amount"))
        .order_by("-service_date__year")
    )
    rate_sets = list(RateSet.objects.order_by("-valid_from"))  # a handful, loaded once
    totals = []
    for row in rows:
        year = row["service_date__year"]
        total = eur(row["total"] or 0)
        rates = reimbursement.rate_set_for_year(year, rate_sets)
        totals.append(
            {
                "year": year,
                "total": total,
                "allowance": rates.tax_free_allowance if rates else None,
                "warning_percent": (
                    reimbursement.number(rates.allowance_warning_share * 100, 0) if rates else ""
                ),
                "level": reimbursement.allowance_level(total, rates),
            }
        )
    return totals
