"""The report figures of volunteering, checked against hand-built data."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import LanguageFactory, UserFactory
from tests.volunteers.factories import (
    AssignmentFactory,
    CourseParticipantFactory,
    ExpenseClaimFactory,
    ProgrammeFactory,
    TrainingCourseFactory,
    TrainingSessionFactory,
    VolunteerFactory,
)
from volunteers import queries
from volunteers.models import HoursEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("synced_roles")]


def test_volunteers_per_programme_counts_activity_in_the_year():
    pool = ProgrammeFactory(name="Pool")
    worked, registered_only, last_year = VolunteerFactory.create_batch(3)
    for volunteer in (worked, registered_only, last_year):
        volunteer.programmes.add(pool)
    AssignmentFactory(volunteer=worked, starts_on=date(2025, 6, 1))
    AssignmentFactory(volunteer=last_year, starts_on=date(2024, 6, 1), ends_on=date(2024, 7, 1))
    rows = {row["programme"]: row for row in queries.volunteers_per_programme(2025)}
    assert rows["Pool"] == {"programme": "Pool", "active_status": 3, "active_in_year": 1}


def test_trainings_hours_and_participants():
    course = TrainingCourseFactory(title="Asylbegleitung 2025")
    places = CourseParticipantFactory.create_batch(3, course=course)
    first = TrainingSessionFactory(course=course, date=date(2025, 2, 1), teaching_hours=5)
    TrainingSessionFactory(course=course, date=date(2025, 2, 8), teaching_hours=Decimal("2.5"))
    first.attendees.set(places[:2])
    places[0].certificate_issued_on = date(2025, 3, 1)
    places[0].save()
    TrainingSessionFactory(date=date(2024, 5, 5))  # another year
    assert queries.trainings(2025) == [
        {
            "title": "Asylbegleitung 2025",
            "programme": course.programme.name,
            "status": course.get_status_display(),
            "teaching_hours": Decimal("7.5"),
            "participants": 3,
            "certificates": 1,
            "participant_hours": Decimal("10"),
            "audience": "Ehrenamtliche eines Programms",
            "groups": [
                {
                    "target_group": "Ehrenamtliche eines Programms",
                    "participants": 3,
                    "certificates": 1,
                }
            ],
        }
    ]


def test_interpreting_by_language_and_money():
    dari, arabic = (
        LanguageFactory(name="Dari-T", code="xda"),
        LanguageFactory(name="Arabisch-T", code="xar"),
    )
    one = AssignmentFactory(language=dari, starts_on=date(2025, 3, 1))
    AssignmentFactory(language=dari, starts_on=date(2025, 4, 1))
    AssignmentFactory(language=arabic, starts_on=date(2025, 4, 1), status="cancelled")
    AssignmentFactory(language=dari, kind="accompaniment", starts_on=date(2025, 4, 1))
    ExpenseClaimFactory(
        assignment=one, service_date=date(2025, 3, 1), status="paid", amount=Decimal("20.10")
    )
    ExpenseClaimFactory(
        assignment=one, service_date=date(2025, 3, 2), status="approved", amount=Decimal("5.05")
    )
    ExpenseClaimFactory(
        assignment=one, service_date=date(2025, 3, 3), status="submitted", amount=Decimal("99")
    )
    assert queries.interpreting_by_language(2025) == [
        {"language": "Dari-T", "missions": 2, "claims": 2, "amount": Decimal("25.15")}
    ]
    totals = queries.hours_and_reimbursements(2025)
    assert totals["reimbursed"] == Decimal("25.15")
    assert totals["paid"] == Decimal("20.10")
    assert totals["claims"] == 2
    assert totals["claimed_hours"] == Decimal("2.7")  # 2 × 80 minutes


def test_assignments_running_and_started():
    AssignmentFactory(kind="accompaniment", starts_on=date(2024, 10, 1))  # still running
    AssignmentFactory(kind="accompaniment", starts_on=date(2025, 2, 1))
    AssignmentFactory(kind="interpreting", starts_on=date(2025, 2, 1))
    AssignmentFactory(kind="interpreting", starts_on=date(2024, 2, 1), ends_on=date(2024, 2, 1))
    figures = queries.assignments(2025)
    rows = {row["kind"]: row for row in figures["rows"]}
    assert figures["total"] == 3
    assert (rows["Begleitung"]["running"], rows["Begleitung"]["started"]) == (2, 1)
    assert (rows["Sprachmittlung"]["running"], rows["Sprachmittlung"]["started"]) == (1, 1)


def test_logged_hours():
    assignment = AssignmentFactory(starts_on=date(2025, 1, 1))
    user = UserFactory()
    for minutes in (60, 90):
        HoursEntry.objects.create(
            assignment=assignment,
            volunteer=assignment.volunteer,
            date=date(2025, 2, 1),
            minutes=minutes,
            logged_by=user,
        )
    totals = queries.hours_and_reimbursements(2025)
    assert (totals["logged_hours"], totals["volunteers_logging"]) == (Decimal("2.5"), 1)


def test_hours_are_rounded_half_up_to_a_tenth_like_money():
    assert queries._hours(63) == Decimal("1.1")  # 1,05 h; half-even would give 1,0
    assert queries._hours(57) == Decimal("1.0")  # 0,95 h
    assert queries._hours(0) == Decimal("0.0")
