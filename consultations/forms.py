import json

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from actors.queries import REFERRAL_MATCHES, referral_matches
from consultations.models import (
    Client,
    ClientIdentity,
    Consultation,
    Topic,
    validate_client_code,
)
from consultations.services import check_can_consult, normalise_code
from kmut import roles
from kmut.models import Language
from kmut.search import fold, search_words
from kmut.widgets import FastSelect, use_fast_selects
from volunteers.models import Assignment
from volunteers.queries import (
    INTERPRETER_MATCHES,
    assignment_search_text,
    interpreting_matches,
)

REFERRAL_ROWS = 2
INTERPRETER_CHOICES_ID = "interpreter-choices"
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

CLIENT_FIELDS = [
    "age_band",
    "gender",
    "origin",
    "residence_status",
    "municipality",
    "household_size",
]


class SearchInput(forms.TextInput):
    input_type = "search"


class ReferralRow:
    """One referral row of the form: search text, consent, and what the text was resolved to."""

    def __init__(self, number, search, consent, referral):
        self.number = number
        self.search = search
        self.consent = consent
        self.referral = referral
        self.organisation = None
        self.matches = []  # offered as radio buttons when the text needs a choice

    @property
    def choices_id(self):
        return f"referral-{self.number}-choices"


def _as_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def counsellor_choices():
    return (
        User.objects.filter(is_active=True, groups__name__in=roles.STAFF_ROLES)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ConsultationForm(forms.ModelForm):
    """The fields of a consultation; the entry form adds the client."""

    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    counsellor = UserChoiceField(label=_("Counsellor"), queryset=User.objects.none())

    class Meta:
        model = Consultation
        fields = [
            "held_on",
            "duration_minutes",
            "channel",
            "counsellor",
            "topics",
            "language",
            "interpreter_used",
            "interpreter_assignment",
            "follow_up_on",
            "note",
        ]
        widgets = {
            "held_on": DATE_INPUT,
            "follow_up_on": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 2}),
            "duration_minutes": forms.NumberInput(attrs={"min": 1, "max": 600, "step": 5}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["counsellor"].queryset = counsellor_choices()
        self.fields["language"].queryset = Language.objects.active()
        self._add_referral_rows()
        self._add_interpreter_lookup()
        if self.instance.pk:
            self.fields["topics"].initial = [row.topic for row in self.instance.topics.all()]
            if not self.instance.note_visible_to(user):
                del self.fields["note"]
        use_fast_selects(self)

    def _add_interpreter_lookup(self):
        """The interpreting assignment by a search text and a hidden id, like a referral row.

        No list of assignments on the page (a busy district has hundreds around any day):
        typing asks `interpreter_lookup` for the matching ones (htmx); without JavaScript the
        form comes back with the matches as radio buttons (`_resolve_interpreter`).
        """
        assignment = self.instance.interpreter_assignment if self.instance.pk else None
        self._kept_assignment = assignment.pk if assignment else None
        self.fields["interpreter_assignment"] = forms.CharField(
            required=False, initial=assignment.pk if assignment else None, widget=forms.HiddenInput
        )
        self.fields["interpreter_assignment_search"] = forms.CharField(
            label=_("Interpreting assignment"),
            max_length=60,
            required=False,
            initial=assignment.reference if assignment else "",
            help_text=_("Type the assignment's reference or the interpreter's name."),
            widget=SearchInput(
                attrs={
                    "autocomplete": "off",
                    "aria-controls": INTERPRETER_CHOICES_ID,
                    "data-hx-get": reverse("consultations:interpreter_lookup"),
                    "data-hx-trigger": "input changed delay:300ms, search",
                    "data-hx-target": f"#{INTERPRETER_CHOICES_ID}",
                    "data-hx-swap": "innerHTML",
                    "data-hx-sync": "this:replace",
                }
            ),
        )
        self.interpreter_matches = []

    def _resolve_interpreter(self):
        """The assignment: the radio button chosen or the hidden id while the search text still
        fits it, else the only one whose reference is the text; otherwise the form asks."""
        self.cleaned_data["interpreter_assignment"] = None
        text = (self.cleaned_data.get("interpreter_assignment_search") or "").strip()
        if not text:
            return
        allowed = Assignment.objects.filter(
            Q(pk=self._kept_assignment) | ~Q(status=Assignment.Status.CANCELLED),
            kind=Assignment.Kind.INTERPRETING,
        ).select_related("volunteer")
        words = search_words(text)
        for candidate in (
            _as_id(self.data.get("interpreter_assignment_choice")),
            _as_id(self.data.get("interpreter_assignment")),
        ):
            if candidate is None:
                continue
            assignment = allowed.filter(pk=candidate).first()
            if assignment is not None and all(
                word in assignment_search_text(assignment) for word in words
            ):
                self._choose_interpreter(assignment)
                return
        matches = interpreting_matches(text, limit=INTERPRETER_MATCHES + 1)
        named = [match for match in matches if fold(match.reference) == fold(text)]
        if len(named) == 1:
            self._choose_interpreter(named[0])
            return
        field = "interpreter_assignment_search"
        if not matches:
            message = _("No interpreting assignment matches “%(text)s”. Please change the text.")
            self.add_error(field, ValidationError(message, code="no_match", params={"text": text}))
        elif len(matches) > INTERPRETER_MATCHES:
            message = _(
                "More than %(limit)s interpreting assignments match “%(text)s”. "
                "Please type more of the reference or the name."
            )
            self.add_error(
                field,
                ValidationError(
                    message, code="too_many", params={"limit": INTERPRETER_MATCHES, "text": text}
                ),
            )
        else:
            self.interpreter_matches = matches
            message = _("Please choose the interpreting assignment from the list below.")
            self.add_error(field, ValidationError(message, code="choose"))

    def _choose_interpreter(self, assignment):
        self.cleaned_data["interpreter_assignment"] = assignment
        self.data = self.data.copy()
        self.data["interpreter_assignment"] = str(assignment.pk)
        self.data["interpreter_assignment_search"] = assignment.reference

    def _add_referral_rows(self):
        """Per referral a search text, the chosen organisation's id and a consent checkbox.

        No row lists the organisations (a thousand of them would make every entry form heavy):
        typing asks `referral_lookup` for the matching ones (htmx); without JavaScript the form
        is checked on submit and comes back with the matches as radio buttons (`clean`).
        """
        existing = list(self.instance.referrals.all()) if self.instance.pk else []
        self.referral_rows = []
        for number in range(1, max(REFERRAL_ROWS, len(existing) + 1) + 1):
            referral = existing[number - 1] if number <= len(existing) else None
            search_name, id_name = f"referral_{number}_search", f"referral_{number}"
            consent_name = f"referral_{number}_consent"
            self.fields[search_name] = forms.CharField(
                label=_("Referred to (organisation %(number)s)") % {"number": number},
                max_length=200,
                required=False,
                initial=referral.organisation.name if referral else "",
                widget=SearchInput(
                    attrs={
                        "autocomplete": "off",
                        "aria-controls": f"referral-{number}-choices",
                        "data-hx-get": reverse("consultations:referral_lookup"),
                        "data-hx-trigger": "input changed delay:300ms, search",
                        "data-hx-target": f"#referral-{number}-choices",
                        "data-hx-swap": "innerHTML",
                        "data-hx-sync": "this:replace",
                        "data-hx-vals": json.dumps({"row": number}),
                    }
                ),
            )
            # Plain text, read by `_resolve_referral`: a stale or odd id only means "not chosen".
            self.fields[id_name] = forms.CharField(
                required=False,
                initial=referral.organisation_id if referral else None,
                widget=forms.HiddenInput,
            )
            self.fields[consent_name] = forms.BooleanField(
                label=_("Client agreed to passing on data to organisation %(number)s")
                % {"number": number},
                required=False,
                initial=referral.data_sharing_consent if referral else False,
            )
            self.referral_rows.append(
                ReferralRow(number, self[search_name], self[consent_name], referral)
            )
        self._kept_organisations = {
            row.referral.organisation_id for row in self.referral_rows if row.referral
        }

    def clean(self):
        cleaned_data = super().clean()
        for row in self.referral_rows:
            self._resolve_referral(row)
        self._resolve_interpreter()
        return cleaned_data

    def _resolve_referral(self, row):
        """The organisation of a row: the one chosen (a radio button of the matches, or the
        hidden id a choice or the stored referral left) while the search text still fits it,
        else the only one named exactly like the text; otherwise the row asks for a choice."""
        number = row.number
        text = (self.cleaned_data.get(f"referral_{number}_search") or "").strip()
        if not text:
            return
        allowed = Organisation.objects.filter(
            Q(status=Organisation.Status.ACTIVE) | Q(pk__in=self._kept_organisations)
        )
        words = search_words(text)
        for candidate in (
            _as_id(self.data.get(f"referral_{number}_choice")),
            _as_id(self.cleaned_data.get(f"referral_{number}")),
        ):
            if candidate is None:
                continue
            organisation = allowed.filter(pk=candidate).first()
            if organisation is not None and all(word in organisation.search_text for word in words):
                self._choose(row, organisation)
                return
        matches = referral_matches(text, limit=REFERRAL_MATCHES + 1)
        named = [match for match in matches if fold(match.name) == fold(text)]
        if len(matches) > REFERRAL_MATCHES and not named:
            named = list(Organisation.objects.active().filter(name__iexact=text)[:2])
        if len(named) == 1:
            self._choose(row, named[0])
            return
        field = f"referral_{number}_search"
        if not matches:
            self.add_error(
                field,
                ValidationError(
                    _("No active organisation matches “%(text)s”. Please change the text."),
                    code="no_match",
                    params={"text": text},
                ),
            )
        elif len(matches) > REFERRAL_MATCHES:
            self.add_error(
                field,
                ValidationError(
                    _(
                        "More than %(limit)s organisations match “%(text)s”. "
                        "Please type more of the name."
                    ),
                    code="too_many",
                    params={"limit": REFERRAL_MATCHES, "text": text},
                ),
            )
        else:
            row.matches = matches
            self.add_error(
                field,
                ValidationError(
                    _("Please choose the organisation from the list below."), code="choose"
                ),
            )

    def _choose(self, row, organisation):
        """Keep the choice, and show it when the form comes back for another field's error."""
        row.organisation = organisation
        self.data = self.data.copy()
        self.data[f"referral_{row.number}"] = str(organisation.pk)
        self.data[f"referral_{row.number}_search"] = organisation.name

    def referral_pairs(self):
        """(organisation, consent) per chosen organisation; a repeated one counts once."""
        pairs = {}
        for row in self.referral_rows:
            organisation = row.organisation
            if organisation is not None and organisation.pk not in pairs:
                pairs[organisation.pk] = (
                    organisation,
                    self.cleaned_data.get(f"referral_{row.number}_consent", False),
                )
        return list(pairs.values())

    def consultation_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.fields and name != "topics"
        }


class ConsultationEntryForm(ConsultationForm):
    """Fast entry: a client code (existing or new) plus the consultation."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    client_code = forms.CharField(
        label=_("Client code"),
        max_length=24,
        required=False,
        help_text=_("Leave empty for a new client: the next free code is assigned."),
        # No autocomplete="off": browsers then leave the field empty when they restore the form
        # on "back", and saving again would create a new client.
        widget=forms.TextInput(attrs={"autofocus": True}),
    )

    field_order = ["client_code", "topics", "duration_minutes", "channel", "held_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        client_form = forms.modelform_factory(Client, fields=CLIENT_FIELDS)()
        for name in CLIENT_FIELDS:
            field = client_form.fields[name]
            field.required = False
            self.fields[f"new_{name}"] = field
        self.fields["new_municipality"].queryset = self.fields["new_municipality"].queryset.filter(
            is_active=True
        )
        self.fields["client_code"].widget.attrs.update(
            {
                "data-hx-post": reverse("consultations:client_lookup"),
                "data-hx-trigger": "change",
                "data-hx-target": "#client-lookup",
                "data-hx-swap": "outerHTML",
            }
        )
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["duration_minutes"].initial = 30
        self.fields["counsellor"].initial = self.user.pk
        self.client = None
        use_fast_selects(self)

    def clean_client_code(self):
        code = normalise_code(self.cleaned_data["client_code"])
        if not code:
            return code
        self.client = Client.objects.filter(code=code).first()
        if self.client is None:
            validate_client_code(code)
        else:
            check_can_consult(self.client)
        return code

    def new_client_fields(self) -> dict:
        return {name: self.cleaned_data[f"new_{name}"] for name in CLIENT_FIELDS}


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["code", *CLIENT_FIELDS]

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])


class ClientIdentityForm(forms.ModelForm):
    class Meta:
        model = ClientIdentity
        fields = [
            "full_name",
            "contact",
            "consent_given_on",
            "consent_scope",
            "consent_withdrawn_on",
        ]
        widgets = {
            "consent_given_on": DATE_INPUT,
            "consent_withdrawn_on": DATE_INPUT,
            "contact": forms.Textarea(attrs={"rows": 2}),
            "consent_scope": forms.Textarea(attrs={"rows": 2}),
        }


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=(), widget=FastSelect)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
