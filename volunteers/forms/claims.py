"""The volunteer's expense claim with its receipts, and the review's question and rejection."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from kmut.forms import german_numbers
from kmut.models import Language
from volunteers.forms.base import DATE_INPUT, TIME_INPUT
from volunteers.models import ExpenseClaim, Volunteer
from volunteers.uploads import check_receipt

__all__ = [
    "ClaimForm",
    "MultipleFileInput",
    "MultipleReceiptField",
    "QueryForm",
    "RejectForm",
    "clean_iban",
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleReceiptField(forms.FileField):
    """Several receipt files in one input, each checked by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        errors = []
        cleaned = []
        for upload in files:
            try:
                cleaned.append(super().clean(upload, initial))
                check_receipt(upload)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


def clean_iban(value: str) -> str:
    try:
        return IBAN(value).compact
    except SchwiftyException as error:
        raise ValidationError(
            _("This IBAN is not valid. Please check it (22 characters for German accounts)."),
            code="iban",
        ) from error


class ClaimForm(forms.ModelForm):
    """The volunteer's expense claim, laid out for a phone screen.

    Kilometres and costs are typed the German way in any UI language (`german_numbers`).
    Handing in is confirmed against the preview the volunteer saw: its digest comes back in
    the POST field "confirmed" (rendered with the preview, not a field of this form).
    """

    # The inputs whose change changes the calculation or the findings (live preview).
    PREVIEW_INPUTS = (
        "assignment",
        "service_date",
        "start_time",
        "end_time",
        "duration_minutes",
        "travel_km",
        "trips",
        "other_costs",
        "receipts",
    )

    receipts = MultipleReceiptField(
        label=_("Receipts (PDF, JPEG or PNG, at most 5 MB each)"), required=False
    )
    confirm = forms.BooleanField(
        label=_("I confirm that the details are correct and complete."), required=False
    )
    # One per new-claim form: the same form posted twice saves one claim.
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ExpenseClaim
        formfield_callback = german_numbers
        fields = [
            "assignment",
            "service_date",
            "start_time",
            "end_time",
            "duration_minutes",
            "language",
            "mode",
            "travel_km",
            "trips",
            "other_costs",
            "other_costs_description",
            "note",
            "iban",
            "account_holder",
            "reply_message",
        ]
        widgets = {
            "service_date": DATE_INPUT,
            "start_time": TIME_INPUT,
            "end_time": TIME_INPUT,
            "note": forms.Textarea(attrs={"rows": 2}),
            "reply_message": forms.Textarea(attrs={"rows": 3}),
            "trips": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 50}),
            "iban": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        }

    def __init__(self, *args, volunteer: Volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.volunteer = volunteer
        self.fields["assignment"].queryset = volunteer.assignments.exclude(status="cancelled")
        self.fields["language"].queryset = Language.objects.active()
        if self.instance.status != ExpenseClaim.Status.QUERIED:
            del self.fields["reply_message"]
        else:
            self.fields["reply_message"].required = True
        if not self.instance.pk:
            last = volunteer.claims.exclude(iban="").order_by("-pk").first()
            self.initial["iban"] = last.iban if last else ""
            self.initial["account_holder"] = last.account_holder if last else volunteer.full_name
        self.fields["trips"].required = False  # empty: one trip
        for name in self.PREVIEW_INPUTS:
            widget = self.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} claim-calc".strip()

    def clean_iban(self):
        return clean_iban(self.cleaned_data["iban"])

    def clean_trips(self):
        return self.cleaned_data["trips"] or 1

    def clean(self):
        cleaned = super().clean()
        # The checkbox comes with the preview: once a preview was shown, it must be ticked.
        if "submit" in self.data and self.data.get("confirmed") and not cleaned.get("confirm"):
            self.add_error("confirm", _("Please confirm the details before you hand the claim in."))
        return cleaned

    def add_service_error(self, error: ValidationError) -> None:
        """A ValidationError of the claim services at its field; other keys above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)


class QueryForm(forms.Form):
    message = forms.CharField(
        label=_("Question to the volunteer"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
