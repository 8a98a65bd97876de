"""Read-only figures of volunteering for the annual report (and the staff overview).

Every function takes a calendar year and returns plain lists and dicts (Decimal for money and
hours), so reporting can store them as a snapshot. Nothing here writes.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce

from kmut.money import eur
from kmut.search import fold, matching, search_words
from volunteers.models import (
    Assignment,
    CourseParticipant,
    ExpenseClaim,
    HoursEntry,
    ParticipantGroup,
    Programme,
    TrainingCourse,
    TrainingSession,
    Volunteer,
)

ZERO = Decimal("0")
TENTH = Decimal("0.1")


def _money(value) -> Decimal:
    """Sums come back from SQLite with float noise; money has two places (kmut.money)."""
    return eur(value or 0)


def _hours(minutes) -> Decimal:
    """Minutes as hours to a tenth, rounded half up like money (1 h 3 min → 1,1 h)."""
    return (Decimal(minutes) / 60).quantize(TENTH, rounding=ROUND_HALF_UP)


def _running_in(year: int) -> Q:
    """Assignments that ran at some time in the year."""
    return Q(starts_on__lte=date(year, 12, 31)) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=date(year, 1, 1))
    )


def active_in(year: int):
    """Volunteers who did something in the year: an assignment, logged hours or a claim."""
    return Volunteer.objects.filter(
        Exists(
            Assignment.objects.filter(_running_in(year), volunteer=OuterRef("pk")).exclude(
                status=Assignment.Status.CANCELLED
            )
        )
        | Exists(HoursEntry.objects.filter(volunteer=OuterRef("pk"), date__year=year))
        | Exists(
            ExpenseClaim.objects.reimbursed().filter(
                volunteer=OuterRef("pk"), service_date__year=year
            )
        )
    )


def volunteers_per_programme(year: int) -> list[dict]:
    """Per programme: volunteers registered as active now, and those active in the year."""
    active_ids = active_in(year).values("pk")
    rows = Programme.objects.annotate(
        active_status=Count(
            "volunteers", filter=Q(volunteers__status=Volunteer.Status.ACTIVE), distinct=True
        ),
        active_in_year=Count("volunteers", filter=Q(volunteers__in=active_ids), distinct=True),
    ).order_by("name")
    return [
        {
            "programme": row.name,
            "active_status": row.active_status,
            "active_in_year": row.active_in_year,
        }
        for row in rows
    ]


def volunteer_totals(year: int) -> dict:
    return {
        "active_in_year": active_in(year).count(),
        "by_status": dict(
            Volunteer.objects.values_list("status").annotate(count=Count("pk")).order_by()
        ),
    }


def trainings(year: int) -> list[dict]:
    """Every course with sessions in the year, with or without a programme: audience, teaching
    hours as entered, participants (registered volunteers plus counted groups), participants by
    target group and certificates."""
    in_year = TrainingSession.objects.filter(course=OuterRef("pk"), date__year=year)
    courses = list(
        TrainingCourse.objects.filter(Exists(in_year))
        .exclude(status=TrainingCourse.Status.CANCELLED)
        .select_related("programme")
        .with_totals()
        .order_by("pk")
    )
    ids = [course.pk for course in courses]
    attended = dict(
        CourseParticipant.objects.filter(course__in=ids)
        .values_list("course")
        .annotate(total=Sum("sessions__teaching_hours"))
        .order_by()
    )
    counted = {}
    for course_id, target_group, count, certificates in (
        ParticipantGroup.objects.filter(course__in=ids)
        .values_list("course", "target_group")
        .annotate(count=Sum("count"), certificates=Sum("certificates"))
        .order_by("course", "target_group")
    ):
        counted.setdefault(course_id, {})[target_group] = (count, certificates)
    labels = dict(TrainingCourse.Audience.choices)
    return [
        {
            "title": course.title,
            "programme": course.programme.name if course.programme else "",
            "audience": str(course.get_audience_display()),
            "status": course.get_status_display(),
            "teaching_hours": course.teaching_hours or ZERO,
            "participants": course.participant_count,
            "certificates": course.certificate_count,
            "participant_hours": attended.get(course.pk) or ZERO,
            "groups": _groups(course, counted.get(course.pk, {}), labels),
        }
        for course in courses
    ]


def _groups(course, counted: dict, labels: dict) -> list[dict]:
    """Participants by target group, in the order of the audiences; they add up to the total."""
    groups = []
    if course.registered_count:
        counted = {
            TrainingCourse.Audience.VOLUNTEERS: (
                course.registered_count,
                course.registered_certificates,
            ),
            **counted,
        }
    for value, label in labels.items():
        if value in counted:
            count, certificates = counted[value]
            groups.append(
                {"target_group": str(label), "participants": count, "certificates": certificates}
            )
    return groups


def assignments(year: int) -> dict:
    """Assignments running in the year by kind, and new ones started in the year."""
    running = Assignment.objects.filter(_running_in(year)).exclude(
        status=Assignment.Status.CANCELLED
    )
    by_kind = dict(running.values_list("kind").annotate(count=Count("pk")).order_by())
    started = dict(
        running.filter(starts_on__year=year)
        .values_list("kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        "rows": [
            {
                "kind": label,
                "running": by_kind.get(value, 0),
                "started": started.get(value, 0),
            }
            for value, label in Assignment.Kind.choices
        ],
        "total": sum(by_kind.values()),
    }


def interpreting_by_language(year: int) -> list[dict]:
    """Interpreter missions in the year per language, with reimbursed minutes and amounts."""
    missions = (
        Assignment.objects.filter(kind=Assignment.Kind.INTERPRETING, starts_on__year=year)
        .exclude(status=Assignment.Status.CANCELLED)
        .values_list("language__name")
        .annotate(count=Count("pk"))
        .order_by()
    )
    claims = (
        ExpenseClaim.objects.reimbursed()
        .filter(service_date__year=year, assignment__kind=Assignment.Kind.INTERPRETING)
        .values_list("assignment__language__name")
        .annotate(
            amount=Coalesce(Sum("amount"), Value(ZERO), output_field=DecimalField()),
            claims=Count("pk"),
        )
        .order_by()
    )
    amounts = {language: (amount, count) for language, amount, count in claims}
    rows = [
        {
            "language": language or "–",
            "missions": count,
            "claims": amounts.get(language, (ZERO, 0))[1],
            "amount": _money(amounts.get(language, (ZERO, 0))[0]),
        }
        for language, count in missions
    ]
    rows.sort(key=lambda row: (-row["missions"], row["language"]))
    return rows


def hours_and_reimbursements(year: int) -> dict:
    """Logged hours, claimed hours and reimbursed/paid amounts of the year."""
    logged = HoursEntry.objects.filter(date__year=year).aggregate(
        minutes=Coalesce(Sum("minutes"), 0), volunteers=Count("volunteer", distinct=True)
    )
    claims = ExpenseClaim.objects.reimbursed().filter(service_date__year=year)
    money = claims.aggregate(
        count=Count("pk"),
        volunteers=Count("volunteer", distinct=True),
        reimbursed=Coalesce(Sum("amount"), Value(ZERO), output_field=DecimalField()),
        paid=Coalesce(
            Sum("amount", filter=Q(status=ExpenseClaim.Status.PAID)),
            Value(ZERO),
            output_field=DecimalField(),
        ),
    )
    claimed_minutes = sum(
        claim.minutes for claim in claims.only("duration_minutes", "start_time", "end_time")
    )
    return {
        "logged_hours": _hours(logged["minutes"]),
        "volunteers_logging": logged["volunteers"],
        "claimed_hours": _hours(claimed_minutes),
        "claims": money["count"],
        "volunteers_reimbursed": money["volunteers"],
        "reimbursed": _money(money["reimbursed"]),
        "paid": _money(money["paid"]),
    }


def volunteer_year(volunteer: Volunteer, year: int) -> dict:
    """One volunteer's year, for the annual volunteering confirmation."""
    hours = HoursEntry.objects.filter(volunteer=volunteer, date__year=year)
    claims = ExpenseClaim.objects.reimbursed().filter(volunteer=volunteer, service_date__year=year)
    logged_minutes = hours.aggregate(total=Coalesce(Sum("minutes"), 0))["total"]
    claimed_minutes = sum(claim.minutes for claim in claims)
    places = (
        CourseParticipant.objects.filter(
            Exists(TrainingSession.objects.filter(course=OuterRef("course"), date__year=year)),
            volunteer=volunteer,
        )
        .select_related("course")
        .annotate(attended=Sum("sessions__teaching_hours"))
        .order_by("course__pk")
    )
    return {
        "assignments": list(
            volunteer.assignments.filter(_running_in(year))
            .exclude(status=Assignment.Status.CANCELLED)
            .select_related("programme", "language")
            .order_by("starts_on")
        ),
        "programmes": list(volunteer.programmes.all()),
        "hours": _hours(logged_minutes + claimed_minutes),
        "reimbursed": _money(claims.aggregate(total=Sum("amount"))["total"]),
        "courses": list(places),
    }


# --- the interpreting-assignment lookup of the consultation form ---------------------------

INTERPRETER_MATCHES = 10


def assignment_search_text(assignment: Assignment) -> str:
    """What the consultation form's assignment lookup searches: reference and interpreter."""
    volunteer = assignment.volunteer
    return fold(f"{assignment.reference} {volunteer.search_text if volunteer else ''}")


def interpreting_matches(text: str, limit: int = INTERPRETER_MATCHES) -> list[Assignment]:
    """Interpreting assignments (not cancelled) whose reference or interpreter's name holds
    every word of `text`, the latest first; at most `limit`, however many there are."""
    if not search_words(text):
        return []
    return list(
        Assignment.objects.filter(kind=Assignment.Kind.INTERPRETING)
        .exclude(status=Assignment.Status.CANCELLED)
        .filter(matching(text, lambda word: Q(reference__icontains=word), "volunteer__search_text"))
        .select_related("volunteer")
        .order_by("-starts_on", "-pk")[:limit]
    )
