import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from actors.models import ContactPerson, Offer, Organisation, Publication
from kmut.models import FieldOfAction, Language, Municipality, within_municipality
from kmut.search import matching


def _in_municipality(queryset, field_path, municipality):
    """Match the municipality itself and, for a Samtgemeinde, its member municipalities."""
    if not municipality:
        return queryset
    return queryset.filter(within_municipality(field_path, municipality)).distinct()


def _with_contact(word):
    """An organisation one of whose contact persons has `word` in their name."""
    return Exists(
        ContactPerson.objects.filter(organisation=OuterRef("pk"), search_text__contains=word)
    )


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices)
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.active(),
        method="filter_municipality",
    )
    field_of_action = django_filters.ModelChoiceFilter(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.active(),
        field_name="fields_of_action",
        distinct=True,
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Language"), queryset=Language.objects.active(), field_name="languages"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Organisation.Status.choices,
        empty_label=_("all"),
    )
    publication = django_filters.ChoiceFilter(label=_("Publication"), choices=Publication.choices)
    stale = django_filters.BooleanFilter(
        label=_("Not confirmed for 12 months"),
        method="filter_stale",
        widget=forms.CheckboxInput,
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("kind", "kind"), ("last_confirmed_on", "last_confirmed_on")),
        field_labels={
            "name": _("Name"),
            "kind": _("Kind"),
            "last_confirmed_on": _("Last confirmed on"),
        },
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # Active entries unless the user asks for another status (an empty choice: all).
        data = QueryDict(mutable=True) if data is None else data.copy()
        data.setdefault("status", Organisation.Status.ACTIVE)
        super().__init__(data, *args, **kwargs)

    def search(self, queryset, name, value):
        return queryset.filter(matching(value, "search_text", _with_contact))

    def filter_municipality(self, queryset, name, value):
        return _in_municipality(queryset, "municipalities", value)

    def filter_stale(self, queryset, name, value):
        if value:
            return queryset & Organisation.objects.stale()
        return queryset


LANGUAGE_LEARNING = "language"


class OfferFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[
            (LANGUAGE_LEARNING, _("All language and integration courses")),
            *Offer.Kind.choices,
        ],
        method="filter_kind",
    )
    level = django_filters.ChoiceFilter(label=_("Language level"), choices=Offer.Level.choices)
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.active(),
        method="filter_municipality",
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Language"), queryset=Language.objects.active(), field_name="languages"
    )
    target_group = django_filters.ChoiceFilter(
        label=_("Target group"), choices=Offer.TargetGroup.choices
    )
    field_of_action = django_filters.ModelChoiceFilter(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.active(),
        field_name="fields_of_action",
        distinct=True,
    )
    has_childcare = django_filters.BooleanFilter(
        label=_("With childcare"), widget=forms.CheckboxInput, method="filter_childcare"
    )

    class Meta:
        model = Offer
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(matching(value, "search_text", "organisation__search_text"))

    def filter_municipality(self, queryset, name, value):
        return _in_municipality(queryset, "municipality", value)

    def filter_kind(self, queryset, name, value):
        if value == LANGUAGE_LEARNING:
            return queryset.filter(
                kind__in=[Offer.Kind.LANGUAGE_COURSE, Offer.Kind.INTEGRATION_COURSE]
            )
        return queryset.filter(kind=value)

    def filter_childcare(self, queryset, name, value):
        return queryset.filter(has_childcare=True) if value else queryset
