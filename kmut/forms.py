import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kmut import formatting
from kmut.models import FieldOfAction, Language, Municipality
from kmut.roles import ROLE_LABELS, ROLES

DOT_DECIMAL = re.compile(r"^-?\d+\.\d{1,2}$")


class GermanDecimalField(forms.DecimalField):
    """A decimal typed the German way in any browser and UI language: "4,80", "1.234,50",
    "5.000" (thousands); "4.80" with one or two places after a dot is read as 4,80.

    A text input with inputmode="decimal" (number inputs follow the browser's locale, so
    "4,80" in an English phone browser arrived as 480); parsed on the server with Babel's
    German number rules, never with the active UI language.
    """

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.pop("localize", None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.update(inputmode="decimal", autocomplete="off")
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip().removesuffix("€").strip().replace(" ", "").replace("\u00a0", "")
        if DOT_DECIMAL.match(text):
            return Decimal(text)
        try:
            return parse_decimal(text, locale="de_DE", strict=True)
        except (NumberFormatError, ValueError) as error:
            raise ValidationError(
                _("Please enter a number such as 4,80 or 1.234,50."), code="invalid"
            ) from error

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return formatting.number(value)
        return value


def german_numbers(db_field, **kwargs):
    """formfield_callback: every decimal field of a model form takes German input."""
    if isinstance(db_field, models.DecimalField):
        return db_field.formfield(form_class=GermanDecimalField, **kwargs)
    return db_field.formfield(**kwargs)


class LoginForm(AuthenticationForm):
    """Django's login form, plus the length check its user name field only shows in HTML.

    Without it an over-long user name reaches authenticate() and the login-failure log. The
    failure message says plainly what went wrong (Django's own only asks for a correct entry).
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or password is wrong. Please check both; upper and lower case count."
        ),
        "inactive": _("This account is deactivated. Please contact the administration."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(
            MaxLengthValidator(self.fields["username"].max_length)
        )


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "kind", "parent", "official_key", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Municipality.objects.filter(
            kind__in=[Municipality.Kind.SAMTGEMEINDE, Municipality.Kind.DISTRICT]
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class LanguageForm(forms.ModelForm):
    class Meta:
        model = Language
        fields = ["code", "name", "name_en", "is_active"]


class FieldOfActionForm(forms.ModelForm):
    class Meta:
        model = FieldOfAction
        fields = ["name", "description", "position", "is_active"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


def role_choices():
    return [(role, ROLE_LABELS[role]) for role in ROLES]


class UserForm(forms.ModelForm):
    role = forms.ChoiceField(label=_("Role"), choices=role_choices)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        if self.instance.pk:
            group = self.instance.groups.filter(name__in=list(ROLES)).first()
            self.initial["role"] = group.name if group else None
        else:
            del self.fields["is_active"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Another account already uses this e-mail address."), code="duplicate"
            )
        return email

    def role_group(self) -> Group:
        return Group.objects.get(name=self.cleaned_data["role"])


class TwoFactorCodeForm(forms.Form):
    """One field: the six-digit code from the authenticator app or a backup code."""

    token = forms.CharField(
        label=_("Confirmation code"),
        max_length=16,
        help_text=_("The six-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )
