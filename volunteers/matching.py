"""Matching suggestions: which active volunteers fit an assignment.

Scores language (the assignment's language at a working level), municipality (the volunteer is
active there or in its Samtgemeinde) and availability (the assignment's weekday is one of the
volunteer's days). Among equal scores, the volunteer with fewer running assignments comes first.
Volunteers without a valid certificate of good conduct or confidentiality declaration on the
assignment's day (`Volunteer.clearance_problems`) are left out unless asked for, then flagged.
One query, whatever the number of volunteers.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from kmut.models import Municipality
from volunteers.models import Assignment, Volunteer, VolunteerLanguage

WORKING_LEVELS = [
    VolunteerLanguage.Level.NATIVE,
    VolunteerLanguage.Level.FLUENT,
    VolunteerLanguage.Level.GOOD,
]


@dataclass
class Suggestion:
    volunteer: Volunteer
    language: bool
    municipality: bool
    available: bool
    running: int
    problems: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return 3 * self.language + 2 * self.municipality + self.available


def suggest_volunteers(
    assignment: Assignment, limit: int = 8, *, include_uncleared: bool = False
) -> list[Suggestion]:
    """The best-fitting volunteers; with include_uncleared also those not cleared (flagged)."""
    volunteers = Volunteer.objects.filter(status=Volunteer.Status.ACTIVE)
    if assignment.volunteer_id:
        volunteers = volunteers.exclude(pk=assignment.volunteer_id)
    false = Value(False)
    language = (
        Exists(
            VolunteerLanguage.objects.filter(
                volunteer=OuterRef("pk"),
                language=assignment.language_id,
                level__in=WORKING_LEVELS,
            )
        )
        if assignment.language_id
        else false
    )
    if assignment.municipality_id:
        municipality = assignment.municipality
        area = Q(pk=municipality.pk) | Q(parent=municipality.pk)
        if municipality.parent_id:
            area |= Q(pk=municipality.parent_id)
        place = Exists(
            Volunteer.municipalities.through.objects.filter(
                Q(volunteer=OuterRef("pk")),
                Q(municipality__in=Municipality.objects.filter(area)),
            )
        )
    else:
        place = false
    weekday = str(assignment.starts_on.weekday())
    volunteers = volunteers.annotate(
        language_match=language,
        municipality_match=place,
        in_programme=Exists(
            Volunteer.programmes.through.objects.filter(
                volunteer=OuterRef("pk"), programme=assignment.programme_id
            )
        ),
        running=Coalesce(
            Subquery(
                Assignment.objects.filter(volunteer=OuterRef("pk"), status=Assignment.Status.ACTIVE)
                .values("volunteer")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
            output_field=IntegerField(),
        ),
    )
    volunteers = volunteers.filter(
        Q(in_programme=True) | Q(language_match=True) | Q(municipality_match=True)
    )
    suggestions = [
        Suggestion(
            volunteer=volunteer,
            language=bool(volunteer.language_match),
            municipality=bool(volunteer.municipality_match),
            available=weekday in volunteer.available_days,
            running=volunteer.running,
            problems=assignment.clearance_problems_of(volunteer),
        )
        for volunteer in volunteers.prefetch_related("language_skills__language")
    ]
    if assignment.language_id:
        # Without the language there is no match, however close the volunteer lives.
        suggestions = [s for s in suggestions if s.language]
    if not include_uncleared:
        suggestions = [s for s in suggestions if not s.problems]
    suggestions.sort(key=lambda s: (-s.score, s.running, s.volunteer.last_name))
    return suggestions[:limit]
