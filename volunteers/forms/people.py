"""The volunteer record (staff) and the profile the volunteers keep themselves."""

from django import forms

from volunteers.forms.base import DATE_INPUT, AvailableDaysMixin
from volunteers.models import Volunteer, VolunteerLanguage

__all__ = ["LanguageSkillFormSet", "ProfileForm", "VolunteerForm"]


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
