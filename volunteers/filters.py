import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kmut.models import Language, Municipality, within_municipality
from kmut.search import matching
from volunteers.models import Assignment, Programme, TrainingCourse, Volunteer


class VolunteerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=Programme.objects.filter(is_active=True),
        field_name="programmes",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Volunteer.Status.choices)
    language = django_filters.ModelChoiceFilter(
        label=_("Language"),
        queryset=Language.objects.active(),
        field_name="language_skills__language",
        distinct=True,
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.active(),
        method="filter_municipality",
    )

    class Meta:
        model = Volunteer
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(matching(value, "search_text"))

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(within_municipality("municipalities", value)).distinct()


class AssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Assignment.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Assignment.Status.choices)
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.filter(is_active=True)
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Language"), queryset=Language.objects.active()
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.active(),
        method="filter_municipality",
    )
    unassigned = django_filters.BooleanFilter(
        label=_("Without volunteer"), field_name="volunteer", lookup_expr="isnull"
    )

    class Meta:
        model = Assignment
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(requesting_unit__icontains=value)
            | Q(reason__icontains=value)
            | Q(volunteer__last_name__icontains=value)
        )

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(within_municipality("municipality", value))


class TrainingCourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    audience = django_filters.ChoiceFilter(
        label=_("Audience"), choices=TrainingCourse.Audience.choices
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.all(), null_label=_("No programme")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TrainingCourse.Status.choices)

    class Meta:
        model = TrainingCourse
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(trainers__icontains=value) | Q(location__icontains=value)
        )
