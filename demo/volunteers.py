"""Demo data for volunteering: programmes, rates, volunteers, assignments and claims.

Seed 001 §3.4–3.6 (Integrationslotsen, Asylbegleitung, Patenmodelle), seed 002 (Pool an
Sprachmittelnden), seed 003 (Asylbegleiter course: 18 trainees, 45 teaching hours) and the
trainings for social workers, teachers and administration staff (seeds 004 §2.4, 001 §3.2).
Names, streets and phone numbers are invented, e-mail domains end in ".example", IBANs are test
numbers with a valid checksum. Assignments carry pseudonymous references, never a client's name.
Dates are relative to today. Idempotent: rows are found by their natural keys, and once the demo
volunteers have assignments or claims, a later run adds no second, shifted year.
"""

import hashlib
import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from actors.models import Organisation
from demo.volunteers_data import (
    AK,
    AS,
    ASYLUM_COURSE,
    ASYLUM_COURSE_PARTICIPANTS,
    COURSE_DAYS,
    CS,
    INTERPRETER_COURSE,
    INTERPRETER_COURSE_PARTICIPANTS,
    ORG_NAMES,
    OTHER_TRAININGS,
    PROGRAMMES,
    RATE_LIMITS,
    RATE_SETS,
    TS,
    VOLUNTEERS,
    _at,
)
from demo.volunteers_work import _accompaniments, _claim, _interpreting, _volunteer
from kmut.models import Language
from volunteers import payments
from volunteers.models import (
    Assignment,
    CourseParticipant,
    ExpenseClaim,
    HoursEntry,
    ParticipantGroup,
    PaymentRun,
    Programme,
    RateSet,
    TrainingCourse,
    TrainingSession,
)


def seed_volunteering() -> None:
    """Create the demo rates, programmes and volunteers, and a year of work if there is none."""
    today = timezone.localdate()
    for valid_from, valid_until, hourly, cap, allowance in RATE_SETS:
        rates, created = RateSet.objects.get_or_create(
            valid_from=valid_from,
            defaults={"valid_until": valid_until, "hourly_rate": Decimal(hourly),
                      "billing_unit": "half_hour", "km_rate": Decimal("0.25"),
                      "km_cap_per_trip": Decimal("125.00"), "reimbursement_share": Decimal("1.00"),
                      "yearly_cap": Decimal(cap), "tax_free_allowance": Decimal(allowance),
                      **RATE_LIMITS},
        )  # fmt: skip
        if not created and valid_until and rates.valid_until is None:
            # A demo database from before periods: close the set as a new set would.
            rates.valid_until = valid_until
            rates.save(update_fields=["valid_until", "updated_at"])
    programmes = {}
    for key, name, kind, text in PROGRAMMES:
        programmes[key], _created = Programme.objects.get_or_create(
            name=name, defaults={"kind": kind, "description": text}
        )
    volunteers = {}
    for index, row in enumerate(VOLUNTEERS):
        volunteers[row[1]] = _volunteer(index, row, programmes, today)
    _courses(volunteers, programmes, today)
    _other_trainings(today)
    ours = list(volunteers.values())
    worked = Assignment.objects.filter(volunteer__in=ours).exists()
    if worked or ExpenseClaim.objects.filter(volunteer__in=ours).exists():
        return  # their year of work is there already
    rng = random.Random(2026)
    languages = {language.code: language for language in Language.objects.all()}
    claims = _interpreting(volunteers, programmes["S"], languages, today, rng)
    claims += _accompaniments(volunteers, programmes, languages, today, rng)
    staff = (User.objects.get(username="koordination"), User.objects.get(username="leitung"))
    used = set()
    for day, volunteer, assignment, forced in sorted(claims, key=lambda c: (c[0], c[1].pk)):
        _claim(day, volunteer, assignment, forced, today, staff, rng, used)
    _hours(today, staff[0], rng)
    _payment_runs(today, staff)


def _payment_runs(today: date, staff) -> None:
    """The paid claims in the monthly runs that paid them, each exported once and booked on the
    bank statement; then one run of approved claims exported and waiting for its booking."""
    paid = ExpenseClaim.objects.filter(status=CS.PAID, payment_run__isnull=True)
    for month in paid.dates("paid_on", "month"):
        claims = list(paid.filter(paid_on__year=month.year, paid_on__month=month.month))
        execution = payments.next_business_day(max(claim.paid_on for claim in claims))
        execution = min(execution, today - timedelta(days=1))
        year_runs = PaymentRun.objects.filter(number__startswith=f"ZL-{execution.year}-")
        number = f"ZL-{execution.year}-{year_runs.count() + 1:03d}"
        exported_at = _at(execution - timedelta(days=2), 10, 15)
        run = PaymentRun.objects.create(
            number=number, created_by=staff[0], execution_date=execution,
            total=sum(claim.amount for claim in claims), claim_count=len(claims),
        )  # fmt: skip
        ExpenseClaim.objects.filter(pk__in=[claim.pk for claim in claims]).update(
            payment_run=run, paid_on=execution
        )
        run.message_id = f"KMUT-{number}-{run.pk:06X}"
        run.items = [item.as_data() for item in payments._items(run, claims)]
        if not payments.payer_problem():
            run.sepa_file = payments.sepa_xml(run, created_at=exported_at)
            run.sepa_sha256 = hashlib.sha256(run.sepa_file).hexdigest()
        run.exported_at, run.exported_by = exported_at, staff[0]
        run.status, run.booked_on, run.booked_by = PaymentRun.Status.BOOKED, execution, staff[1]
        run.booked_at = _at(execution, 11, 30)
        run.full_clean()
        run.save()
    approved = list(ExpenseClaim.objects.payable().order_by("service_date")[:4])
    if approved and not payments.payer_problem():
        run = payments.create_payment_run(
            claims=approved, execution_date=today + timedelta(days=2), by=staff[0]
        )
        payments.export_payment_run(run=run, by=staff[0])


def _courses(volunteers, programmes, today) -> None:
    """The running Asylbegleitung course (seed 003) and last year's interpreter course."""
    rng = random.Random(2015)
    start = today - timedelta(days=COURSE_DAYS)
    # The current course meets weekly; the interpreter course ran last autumn, every fortnight.
    plans = [
        (ASYLUM_COURSE, "A", start, 7, ASYLUM_COURSE_PARTICIPANTS, 0.9),
        (INTERPRETER_COURSE, "S", today - timedelta(days=330), 14, INTERPRETER_COURSE_PARTICIPANTS,
         0.93),
    ]  # fmt: skip
    for spec, key, first, step, names, presence in plans:
        title, trainers, location, contents, sessions = spec
        title = f"{title} {first.year}"
        if TrainingCourse.objects.filter(title=title).exists():
            continue
        course = TrainingCourse.objects.create(
            programme=programmes[key], title=title, trainers=trainers, location=location,
            description=contents, status=TrainingCourse.Status.RUNNING,
        )  # fmt: skip
        places = [
            CourseParticipant.objects.create(course=course, volunteer=volunteers[name])
            for name in names
        ]
        last = first
        for number, (topic, hours) in enumerate(sessions):
            day = first + timedelta(days=step * number)
            session = TrainingSession.objects.create(
                course=course, date=day, topic=topic, teaching_hours=Decimal(hours)
            )
            if day <= today:
                session.attendees.set([p for p in places if rng.random() < presence])
                last = day
        if last + timedelta(days=step) < today:  # all sessions held: certificates issued
            total = sum(Decimal(hours) for _topic, hours in sessions)
            for place in places:
                attended = sum(place.sessions.values_list("teaching_hours", flat=True))
                if attended >= total * course.min_attendance:
                    place.certificate_issued_on = last + timedelta(days=7)
                    place.save()
            course.status = TrainingCourse.Status.COMPLETED
            course.completed_on = last + timedelta(days=7)
            course.save()


def _other_trainings(today: date) -> None:
    """Trainings for staff, teachers and social workers, their participants counted by group.

    One already held is completed with its participants; one still ahead (the demo's current
    year may be young) is planned or running and has no participants yet.
    """
    for spec in OTHER_TRAININGS:
        title, back, audience, trainers, location, keys, contents, certifies, status = spec[:9]
        sessions, groups = spec[9:]
        year = today.year - back
        days = [date(year, month, day) for day, month, _topic, _hours in sessions]
        if TrainingCourse.objects.filter(title=title, sessions__date=days[0]).exists():
            continue
        held = days[-1] <= today and not status
        if not status:
            status = TS.COMPLETED if held else TS.RUNNING if days[0] <= today else TS.PLANNED
        course = TrainingCourse.objects.create(
            title=title, audience=audience, trainers=trainers, location=location,
            description=contents, issues_certificates=certifies, status=status,
            completed_on=days[-1] if held else None,
        )  # fmt: skip
        course.organisers.set(Organisation.objects.filter(name__in=[ORG_NAMES[k] for k in keys]))
        for day, (_day, _month, topic, hours) in zip(days, sessions, strict=True):
            TrainingSession.objects.create(
                course=course, date=day, topic=topic, teaching_hours=Decimal(hours)
            )
        if held:
            for target_group, label, count, certificates in groups:
                ParticipantGroup.objects.create(
                    course=course, target_group=target_group, label=label, count=count,
                    certificates=certificates,
                )  # fmt: skip


def _hours(today, staff, rng) -> None:
    """Time given on accompaniments besides the claims: a visit every two to three weeks."""
    accompaniments = (
        Assignment.objects.filter(kind=AK.ACCOMPANIMENT, volunteer__isnull=False)
        .exclude(status=AS.CANCELLED)
        .select_related("volunteer__user")
    )
    for assignment in accompaniments:
        day = max(assignment.starts_on, today - timedelta(days=355)) + timedelta(days=5)
        end = min(assignment.ends_on or today, today)
        while day <= end:
            HoursEntry.objects.create(
                assignment=assignment, volunteer=assignment.volunteer, date=day,
                minutes=rng.choice([60, 90, 120, 150, 180]),
                note=rng.choice(["Hausbesuch", "Begleitung zu einem Termin", "Telefonat",
                                 "Hilfe bei Formularen"]),
                logged_by=assignment.volunteer.user or staff,
            )  # fmt: skip
            day += timedelta(days=rng.randint(14, 24))
