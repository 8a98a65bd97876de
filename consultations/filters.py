import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from consultations.models import AccessLog, Client, Consultation, Topic
from kmut.search import matching

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsultationFilter(django_filters.FilterSet):
    held_from = django_filters.DateFilter(
        label=_("From"), field_name="held_on", lookup_expr="gte", widget=DATE_INPUT
    )
    held_until = django_filters.DateFilter(
        label=_("Until"), field_name="held_on", lookup_expr="lte", widget=DATE_INPUT
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), choices=Topic.choices, field_name="topics__topic", distinct=True
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Consultation.Channel.choices)
    mine = django_filters.BooleanFilter(
        label=_("Only my consultations"),
        method="filter_mine",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Consultation
        fields = []

    def filter_mine(self, queryset, name, value):
        return queryset.filter(counsellor=self.request.user) if value else queryset


class ClientFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Client code or name"), method="search")
    include_anonymised = django_filters.BooleanFilter(
        label=_("Include anonymised clients"),
        method="filter_anonymised",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Client
        fields = []

    @property
    def qs(self):
        queryset = super().qs
        include = self.is_bound and self.form.is_valid()
        if not (include and self.form.cleaned_data.get("include_anonymised")):
            queryset = queryset.filter(anonymised_at__isnull=True)
        return queryset

    def filter_anonymised(self, queryset, name, value):
        return queryset

    def search(self, queryset, name, value):
        # The name only of clients who agreed to it being kept (ClientIdentity).
        return queryset.filter(matching(value, "search_text", "identity__search_text"))


def _users_in_the_log(request):
    return (
        get_user_model()
        .objects.filter(pk__in=AccessLog.objects.values("user"))
        .order_by("last_name", "first_name", "username")
    )


class AccessLogFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(label=_("Person"), queryset=_users_in_the_log)
    at_from = django_filters.DateFilter(
        label=_("From"), field_name="at", lookup_expr="date__gte", widget=DATE_INPUT
    )
    at_until = django_filters.DateFilter(
        label=_("Until"), field_name="at", lookup_expr="date__lte", widget=DATE_INPUT
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AccessLog.Action.choices)

    class Meta:
        model = AccessLog
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["user"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )
