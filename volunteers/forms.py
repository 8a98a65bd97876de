from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from actors.models import Organisation
from kmut.forms import german_numbers
from kmut.models import Language
from volunteers import rates
from volunteers.models import (
    WEEKDAYS,
    Assignment,
    CourseParticipant,
    ExpenseClaim,
    HoursEntry,
    ParticipantGroup,
    RateSet,
    TrainingCourse,
    TrainingSession,
    Volunteer,
    VolunteerLanguage,
)
from volunteers.uploads import check_receipt

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


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


class ProfileForm(AvailableDaysMixin, forms.ModelForm):
    """What volunteers may change about themselves."""

    class Meta:
        model = Volunteer
        fields = [
            "email",
            "phone",
            "street",
            "postal_code",
            "city",
            "available_days",
            "availability",
        ]


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


class VolunteerForm(AvailableDaysMixin, forms.ModelForm):
    class Meta:
        model = Volunteer
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "street",
            "postal_code",
            "city",
            "municipalities",
            "programmes",
            "organisation",
            "available_days",
            "availability",
            "status",
            "certificate_inspected_on",
            "certificate_inspected_by",
            "certificate_renewal_due_on",
            "confidentiality_signed_on",
            "data_protection_instructed_on",
            "notes",
        ]
        widgets = {
            "municipalities": forms.SelectMultiple(attrs={"size": 6}),
            "programmes": forms.CheckboxSelectMultiple,
            "certificate_inspected_on": DATE_INPUT,
            "certificate_renewal_due_on": DATE_INPUT,
            "confidentiality_signed_on": DATE_INPUT,
            "data_protection_instructed_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


LanguageSkillFormSet = forms.inlineformset_factory(
    Volunteer,
    VolunteerLanguage,
    fields=["language", "level"],
    extra=2,
    can_delete=True,
)


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


class TrainingCourseForm(forms.ModelForm):
    class Meta:
        model = TrainingCourse
        fields = [
            "programme",
            "audience",
            "title",
            "trainers",
            "location",
            "organisers",
            "description",
            "issues_certificates",
            "min_attendance",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "organisers": forms.SelectMultiple(attrs={"size": 6}),
        }
        localized_fields = ["min_attendance"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.active()
        if self.instance.pk:  # keep an organiser that has since become inactive
            organisations |= self.instance.organisers.all()
        self.fields["organisers"].queryset = organisations.distinct().order_by("name")


class BaseParticipantGroupFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.issues_certificates:
            return
        if any(
            form.cleaned_data.get("certificates")
            for form in self.forms
            if form.has_changed() and not form.cleaned_data.get("DELETE")
        ):
            raise ValidationError(
                _("The course issues no certificates; enter 0 certificates for every group."),
                code="no_certificates",
            )


ParticipantGroupFormSet = forms.inlineformset_factory(
    TrainingCourse,
    ParticipantGroup,
    formset=BaseParticipantGroupFormSet,
    fields=["target_group", "label", "count", "certificates"],
    extra=3,
    can_delete=True,
)


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["date", "topic", "teaching_hours"]
        widgets = {"date": DATE_INPUT}
        localized_fields = ["teaching_hours"]


class ParticipantsForm(forms.Form):
    volunteers = forms.ModelMultipleChoiceField(
        label=_("Volunteers"),
        queryset=Volunteer.objects.exclude(status=Volunteer.Status.LEFT),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = self.fields["volunteers"].queryset.exclude(
            course_places__course=course
        )


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=CourseParticipant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = session.course.participants.select_related("volunteer")
        field.label_from_instance = lambda participant: participant.volunteer.full_name


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
