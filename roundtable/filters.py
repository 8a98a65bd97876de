import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from kmut.models import FieldOfAction
from kmut.widgets import FastSelect
from roundtable.models import Event


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices)
    year = django_filters.NumberFilter(
        label=_("Year"),
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}),
        help_text=_("Also lists projects that started earlier and were still running."),
    )
    field_of_action = django_filters.ModelChoiceFilter(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.active(),
        field_name="fields_of_action",
        distinct=True,
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Partner organisation"),
        queryset=Organisation.objects.order_by("name"),
        field_name="organisations",
        distinct=True,
        widget=FastSelect,
    )

    class Meta:
        model = Event
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(place__icontains=value)
            | Q(description__icontains=value)
            | Q(target_groups__icontains=value)
            | Q(organisations__name__icontains=value)
        ).distinct()

    def filter_year(self, queryset, name, value):
        return queryset.in_year(int(value))
