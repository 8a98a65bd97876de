"""Rate sets, typed the German way."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kmut.forms import german_numbers
from volunteers import rates
from volunteers.forms.base import DATE_INPUT
from volunteers.models import RateSet

__all__ = ["NO_LIMIT", "RateSetForm"]


NO_LIMIT = _("Empty: no limit. A claim above it is accepted and flagged for the review.")


class RateSetForm(forms.ModelForm):
    """A new rate set from a date; amounts typed the German way ("17,50", "0,25")."""

    class Meta:
        model = RateSet
        formfield_callback = german_numbers
        fields = ["valid_from", "valid_until", *rates.RATE_FIELDS]
        widgets = {"valid_from": DATE_INPUT, "valid_until": DATE_INPUT}
        help_texts = {
            "valid_from": _(
                "The first day these rates apply. An open-ended current set ends the day before."
            ),
            "valid_until": _("Inclusive. Empty: until a newer rate set begins (recommended)."),
            "hourly_rate": _("e.g. 17,50"),
            "billing_unit": _("How the duration of a service is rounded before it is priced."),
            "km_rate": _("e.g. 0,30"),
            "km_cap_per_trip": _("Empty: travel costs are not capped."),
            "reimbursement_share": _(
                "As a decimal: 1,00 reimburses in full, 0,80 reimburses 80 % of the claim."
            ),
            "yearly_cap": _("Empty: no yearly cap per volunteer."),
            "allowance_warning_share": _(
                "As a decimal: 0,80 warns the office and the volunteer once 80 % of the "
                "tax-free allowance are used."
            ),
            "max_minutes_per_claim": NO_LIMIT,
            "max_km_per_claim": NO_LIMIT,
            "max_other_costs_per_claim": NO_LIMIT,
            "receipt_required_above": _(
                "0,00: every other cost needs a receipt; empty: receipts are never required."
            ),
            "missing_receipt": _(
                "Refuse: the volunteer cannot hand the claim in without the receipt. Flag: the "
                "claim is accepted and the review sees a note."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("valid_from"):
            try:
                rates.check_period(
                    cleaned["valid_from"],
                    cleaned.get("valid_until"),
                    list(RateSet.objects.order_by("valid_from")),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
