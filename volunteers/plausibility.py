"""Plausibility of an expense claim: what refuses a claim and what flags it for the review.

The limits are data of the rate set (duration, kilometres and other costs per claim, the
receipt requirement); the rules live only here. The volunteer sees every finding before
confirming; refusals keep the claim from being handed in, flags are stored on the claim
(`ExpenseClaim.flags`) and shown to the reviewer in the list and on the claim.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from volunteers.models import ExpenseClaim, RateSet
from volunteers.reimbursement import number


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    field: str | None = None
    refuses: bool = False  # True: the claim cannot be handed in like this

    def as_flag(self) -> dict:
        return {"code": self.code, "message": self.message}


def likely_duplicates(claim: ExpenseClaim):
    """Other claims of the same volunteer for the same day and assignment (not rejected)."""
    others = ExpenseClaim.objects.filter(
        volunteer_id=claim.volunteer_id,
        service_date=claim.service_date,
        assignment_id=claim.assignment_id,
    ).exclude(status=ExpenseClaim.Status.REJECTED)
    if claim.pk:
        others = others.exclude(pk=claim.pk)
    return others


def check_claim(claim: ExpenseClaim, *, rate_set: RateSet | None, receipts: int) -> list[Finding]:
    """Every finding for the claim as it would be handed in with `receipts` receipt files."""
    findings = []
    today = timezone.localdate()
    if claim.service_date and claim.service_date > today:
        findings.append(
            Finding(
                "future_date",
                _("The date of service must not lie in the future (today is %(today)s).")
                % {"today": date_format(today, "SHORT_DATE_FORMAT")},
                "service_date",
                refuses=True,
            )
        )
    if rate_set is None:
        findings.append(
            Finding(
                "no_rates",
                _("No reimbursement rates are set for this date. Please ask the office."),
                "service_date",
                refuses=True,
            )
        )
        return findings
    minutes = claim.minutes
    if rate_set.max_minutes_per_claim and minutes > rate_set.max_minutes_per_claim:
        findings.append(
            Finding(
                "long_duration",
                _("%(minutes)s minutes is more than the usual %(limit)s minutes per claim.")
                % {"minutes": minutes, "limit": rate_set.max_minutes_per_claim},
                "duration_minutes",
            )
        )
    if rate_set.max_km_per_claim is not None and claim.travel_km > rate_set.max_km_per_claim:
        findings.append(
            Finding(
                "many_km",
                _("%(km)s km is more than the usual %(limit)s km per claim.")
                % {
                    "km": number(claim.travel_km, 1),
                    "limit": number(rate_set.max_km_per_claim, 1),
                },
                "travel_km",
            )
        )
    if (
        rate_set.max_other_costs_per_claim is not None
        and claim.other_costs > rate_set.max_other_costs_per_claim
    ):
        findings.append(
            Finding(
                "high_costs",
                _("Other costs of %(amount)s € are more than the usual %(limit)s € per claim.")
                % {
                    "amount": number(claim.other_costs),
                    "limit": number(rate_set.max_other_costs_per_claim),
                },
                "other_costs",
            )
        )
    if (
        rate_set.receipt_required_above is not None
        and claim.other_costs > rate_set.receipt_required_above
        and not receipts
    ):
        refuses = rate_set.missing_receipt == RateSet.ReceiptRule.REFUSE
        message = _("Other costs above %(limit)s € need a receipt.") % {
            "limit": number(rate_set.receipt_required_above)
        }
        if not refuses:
            message = _("%(rule)s No receipt was uploaded.") % {"rule": message}
        findings.append(Finding("missing_receipt", message, "receipts", refuses=refuses))
    if claim.volunteer_id and claim.service_date and likely_duplicates(claim).exists():
        findings.append(
            Finding(
                "duplicate",
                _(
                    "There is already a claim for %(date)s and this assignment. Please make "
                    "sure you do not claim the same service twice."
                )
                % {"date": date_format(claim.service_date, "SHORT_DATE_FORMAT")},
            )
        )
    return findings
