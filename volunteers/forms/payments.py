"""Payment runs: the draft, a new execution date, export, booking, cancellation."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteers.forms.base import DATE_INPUT
from volunteers.models import ExpenseClaim

__all__ = ["BookForm", "CancelForm", "ExecutionDateForm", "ExportForm", "PaymentRunForm"]


class PaymentRunForm(forms.Form):
    """A draft run from the chosen payable claims (all of them unless unticked)."""

    claims = forms.ModelMultipleChoiceField(
        label=_("Claims"),
        queryset=ExpenseClaim.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one claim.")},
    )
    execution_date = forms.DateField(label=_("Execution date"), widget=DATE_INPUT)

    def __init__(self, *args, payable=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].queryset = (
            ExpenseClaim.objects.payable() if payable is None else payable
        )

    def clean_execution_date(self):
        execution_date = self.cleaned_data["execution_date"]
        if execution_date < timezone.localdate():
            raise ValidationError(_("The execution date must not be in the past."))
        return execution_date


class ExecutionDateForm(forms.Form):
    execution_date = forms.DateField(label=_("New execution date"), widget=DATE_INPUT)


class ExportForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I will upload this file to the bank once."),
        error_messages={"required": _("Please confirm that you will upload the file once.")},
    )


class BookForm(forms.Form):
    booked_on = forms.DateField(label=_("Booking date on the bank statement"), widget=DATE_INPUT)
    confirm = forms.BooleanField(
        label=_("The bank statement shows the payments of this run."),
        error_messages={"required": _("Please confirm the bank statement.")},
    )


class CancelForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Cancel this payment run; its claims return to the approved claims."),
        error_messages={"required": _("Please confirm the cancellation.")},
    )
