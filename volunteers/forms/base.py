"""Widgets and a mixin shared by the volunteering forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from volunteers.models import WEEKDAYS

__all__ = ["DATE_INPUT", "TIME_INPUT", "AvailableDaysMixin"]


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AvailableDaysMixin:
    """Weekday checkboxes stored as digits ("024" = Monday, Wednesday, Friday)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["available_days"] = forms.TypedMultipleChoiceField(
            label=_("Available on"),
            choices=[(str(day), label) for day, label in WEEKDAYS],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        if self.instance and self.instance.available_days:
            self.initial["available_days"] = list(self.instance.available_days)

    def clean_available_days(self):
        return "".join(sorted(set(self.cleaned_data["available_days"])))
