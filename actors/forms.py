import json

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import ContactPerson, ImportKind, Offer, Organisation, Publication
from kmut.models import FieldOfAction, Language, Municipality

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def website_field():
    return forms.URLField(
        label=Organisation._meta.get_field("website").verbose_name,
        required=False,
        max_length=200,
        assume_scheme="https",
    )


class OrganisationForm(forms.ModelForm):
    website = website_field()

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "street",
            "postal_code",
            "city",
            "phone",
            "email",
            "website",
            "municipalities",
            "fields_of_action",
            "languages",
            "publication",
            "last_confirmed_on",
            "notes",
        ]
        widgets = {
            "municipalities": forms.CheckboxSelectMultiple,
            "fields_of_action": forms.CheckboxSelectMultiple,
            "languages": forms.SelectMultiple(attrs={"size": 8}),
            "last_confirmed_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Organisation.objects.active()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["municipalities"].queryset = Municipality.objects.active()
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.active()
        self.fields["languages"].queryset = Language.objects.active()
        # While typing the name, htmx asks for existing entries with a similar name.
        self.fields["name"].widget.attrs.update(
            {
                "data-hx-get": reverse("actors:organisation_similar"),
                "data-hx-trigger": "input changed delay:500ms",
                "data-hx-target": "#similar-organisations",
                "data-hx-vals": json.dumps({"exclude": self.instance.pk or ""}),
                "autocomplete": "off",
            }
        )


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = [
            "title",
            "first_name",
            "last_name",
            "function",
            "responsibility",
            "phone",
            "email",
            "publication",
            "legal_basis",
            "consent_on",
            "is_active",
        ]
        widgets = {"consent_on": DATE_INPUT}


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = [
            "kind",
            "title",
            "description",
            "level",
            "target_group",
            "municipality",
            "venue",
            "schedule",
            "starts_on",
            "ends_on",
            "cost",
            "has_childcare",
            "languages",
            "fields_of_action",
            "contact",
            "publication",
            "is_active",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "languages": forms.SelectMultiple(attrs={"size": 6}),
            "fields_of_action": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["contact"].queryset = organisation.contacts.filter(is_active=True)
        self.fields["municipality"].queryset = Municipality.objects.active()
        self.fields["languages"].queryset = Language.objects.active()
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.active()


class MergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        label=_("Duplicate entry to merge into this one"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Contacts, offers, memberships and all other references of the duplicate move to "
            "this entry; the duplicate is archived with its history."
        ),
    )

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = Organisation.objects.active().exclude(pk=target.pk)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=ImportKind.choices,
        initial=ImportKind.ORGANISATIONS,
        required=False,
    )
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "Your own column headings are fine: in the next step you assign each column to a "
            "field. Rows with an ID update that entry; the others are matched: organisations "
            "by name and municipality, contact persons by organisation and name, offers by "
            "organisation and title."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, kinds, **kwargs):
        """`kinds`: the kinds this upload offers (the first one is the default)."""
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        self.fields["kind"].choices = [(spec.kind, spec.label) for spec in kinds]
        self.fields["kind"].initial = kinds[0].kind
        if len(kinds) == 1:
            del self.fields["kind"]
            self.fields["file"].help_text = "{} {}".format(
                _(
                    "Your own column headings are fine: in the next step you assign each column "
                    "to a field."
                ),
                kinds[0].hint,
            )

    def clean_kind(self):
        return self.cleaned_data["kind"] or self.kinds[0].kind

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("kind", self.kinds[0].kind)
        return cleaned


class ImportMappingForm(forms.Form):
    """Step 2 of an import: a field for each column of the file, and defaults for new entries."""

    default_kind = forms.ChoiceField(
        label=_("Kind of new organisations without a kind in the file"),
        choices=Organisation.Kind.choices,
        initial=Organisation.Kind.ASSOCIATION,
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis for storing imported contact persons"),
        choices=[
            choice
            for choice in ContactPerson.LegalBasis.choices
            if choice[0] != ContactPerson.LegalBasis.CONSENT  # consent needs its date
        ],
        initial=ContactPerson.LegalBasis.PUBLIC_TASK,
    )

    def __init__(self, *args, spec, headings, samples, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        targets = spec.targets
        for name in ("default_kind", "legal_basis"):
            if name not in spec.options:
                del self.fields[name]
        self.option_fields = [self[name] for name in spec.options]
        self.headings = headings
        self.labels = {target.key: str(target.label) for target in targets}
        choices = [("", _("do not import")), *self.labels.items()]
        self.column_fields = []
        for index, heading in enumerate(headings):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=heading, choices=choices, required=False, help_text=samples[index]
            )
            self.column_fields.append(self[name])

    def clean(self):
        cleaned = super().clean()
        mapping = {
            heading: cleaned.get(f"column_{index}") or ""
            for index, heading in enumerate(self.headings)
        }
        chosen = [key for key in mapping.values() if key]
        for key in sorted({key for key in chosen if chosen.count(key) > 1}):
            self.add_error(
                None,
                _("The field “%(field)s” is assigned to more than one column.")
                % {"field": self.labels[key]},
            )
        # Each group needs one of its fields (an ID column identifies the entry by itself).
        for group in self.spec.required:
            if not any(key in chosen for key in group):
                self.add_error(
                    None,
                    _("Please assign a column to the field “%(field)s”.")
                    % {"field": self.labels[group[0]]},
                )
        cleaned["mapping"] = mapping
        return cleaned


# --- update requests -----------------------------------------------------------------------


class UpdateRequestForm(forms.Form):
    """Staff: send update requests to one organisation or to every one of a filter."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For your overview, e.g. “Annual check 2026”."),
    )
    due_on = forms.DateField(label=_("Reply by"), widget=DATE_INPUT)
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("The reply date must not be in the past."))
        return due_on


class PublicOrganisationForm(forms.ModelForm):
    """What an organisation may propose for its own entry."""

    website = website_field()

    class Meta:
        model = Organisation
        fields = [
            "name",
            "street",
            "postal_code",
            "city",
            "phone",
            "email",
            "website",
            "municipalities",
            "fields_of_action",
            "languages",
        ]
        widgets = {
            "municipalities": forms.CheckboxSelectMultiple,
            "fields_of_action": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.active()
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.active()
        self.fields["languages"].queryset = Language.objects.active()


class PublicContactForm(forms.ModelForm):
    may_publish = forms.BooleanField(label=_("May be named in the public atlas"), required=False)

    class Meta:
        model = ContactPerson
        fields = [
            "title",
            "first_name",
            "last_name",
            "function",
            "responsibility",
            "phone",
            "email",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["may_publish"] = self.instance.publication == Publication.PUBLIC


class PublicOfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = [
            "kind",
            "title",
            "level",
            "target_group",
            "municipality",
            "venue",
            "schedule",
            "starts_on",
            "ends_on",
            "cost",
            "has_childcare",
            "description",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.active()


class OwnObjectsFormSet(forms.BaseModelFormSet):
    """A model formset whose forms can only name objects of its own queryset.

    Django's formsets accept the primary key of any row of the table in a bound form; an
    organisation editing its entry must not be able to point at another organisation's data.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[self.model._meta.pk.name].queryset = self.get_queryset()


PublicContactFormSet = forms.modelformset_factory(
    ContactPerson,
    form=PublicContactForm,
    formset=OwnObjectsFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)
PublicOfferFormSet = forms.modelformset_factory(
    Offer,
    form=PublicOfferForm,
    formset=OwnObjectsFormSet,
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


class ReplyForm(forms.Form):
    responder_name = forms.CharField(label=_("Your name"), max_length=120)
    responder_note = forms.CharField(
        label=_("Note for the coordination office (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    review_note = forms.CharField(
        label=_("Note (required when rejecting)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
