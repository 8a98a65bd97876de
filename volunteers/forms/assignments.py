"""Assignments and the hours given on them."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmut.models import Language
from volunteers.forms.base import DATE_INPUT
from volunteers.models import Assignment, HoursEntry, Volunteer

__all__ = ["CLEARANCE_CONFIRMATION", "AssignmentForm", "HoursEntryForm"]


CLEARANCE_CONFIRMATION = _(
    "I know that the certificate of good conduct or the confidentiality declaration is missing "
    "or expired, and I assign the volunteer anyway"
)


class AssignmentForm(forms.ModelForm):
    confirm_clearance = forms.BooleanField(
        label=CLEARANCE_CONFIRMATION,
        required=False,
        help_text=_("Only needed when the chosen volunteer is not cleared; it is recorded."),
    )

    class Meta:
        model = Assignment
        fields = [
            "kind",
            "programme",
            "reference",
            "language",
            "municipality",
            "requesting_unit",
            "partner",
            "reason",
            "starts_on",
            "ends_on",
            "status",
            "volunteer",
        ]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = Language.objects.active()
        self.fields["volunteer"].queryset = Volunteer.objects.filter(status=Volunteer.Status.ACTIVE)
        self.fields["volunteer"].help_text = _(
            "Leave empty to choose from the matching suggestions after saving."
        )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end must not be before the start."))
        if cleaned.get("kind") == Assignment.Kind.INTERPRETING and not cleaned.get("language"):
            self.add_error("language", _("An interpreting request needs the language."))
        return cleaned


class HoursEntryForm(forms.ModelForm):
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.25"),
        max_value=Decimal("24"),
        decimal_places=2,
        localize=True,
        help_text=_("e.g. 1,5 for one and a half hours"),
    )

    class Meta:
        model = HoursEntry
        fields = ["date", "hours", "note"]
        widgets = {"date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if self.instance.pk:
            self.initial["hours"] = Decimal(self.instance.minutes) / 60

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hours") is not None:
            self.instance.minutes = int((cleaned["hours"] * 60).to_integral_value())
        return cleaned
