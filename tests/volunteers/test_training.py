from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.pdf import response_pdf_text
from tests.volunteers.factories import (
    AssignmentFactory,
    CertifiedParticipantFactory,
    CourseParticipantFactory,
    ExpenseClaimFactory,
    PortalVolunteerFactory,
    RateSetFactory,
    TrainingCourseFactory,
    TrainingSessionFactory,
    VolunteerFactory,
)
from volunteers import queries
from volunteers.models import CourseParticipant, HoursEntry, TrainingCourse

pytestmark = pytest.mark.django_db


def _action(client, name, course, **data):
    return client.post(reverse(f"volunteers:{name}", args=[course.pk]), data)


def test_course_from_sessions_to_certificates(coordinator_client, coordinator):
    """Seed 003: 45 teaching hours; 80 % attendance earns the certificate."""
    course = TrainingCourseFactory(status="planned")
    for day in range(9):
        response = _action(
            coordinator_client,
            "course_session_create",
            course,
            date=f"2026-02-{day + 2:02d}",
            topic=f"Modul {day + 1}",
            teaching_hours="5",
        )
        assert response.status_code == 302
    learner = VolunteerFactory(status="interested", last_name="Lernend")
    dropout = VolunteerFactory(status="interested", last_name="Abbruch")
    _action(coordinator_client, "course_enrol", course, volunteers=[learner.pk, dropout.pk])
    assert learner.__class__.objects.get(pk=learner.pk).status == "in_training"
    places = {p.volunteer_id: p for p in CourseParticipant.objects.filter(course=course)}
    sessions = list(course.sessions.all())
    for index, session in enumerate(sessions):
        present = [places[learner.pk].pk] + ([places[dropout.pk].pk] if index < 5 else [])
        url = reverse("volunteers:session_attendance", args=[course.pk, session.pk])
        assert coordinator_client.post(url, {"present": present}).status_code == 302
    page = coordinator_client.get(reverse("volunteers:course_detail", args=[course.pk]))
    grid = {row["participant"].volunteer: row for row in page.context["grid"]}
    assert page.context["total_hours"] == Decimal("45")
    assert (grid[learner]["attended"], grid[dropout]["attended"]) == (45, 25)
    _action(coordinator_client, "course_complete", course)
    course.refresh_from_db()
    assert course.status == TrainingCourse.Status.COMPLETED
    learner_place = CourseParticipant.objects.get(course=course, volunteer=learner)
    assert learner_place.certificate_issued_on is not None
    assert CourseParticipant.objects.get(volunteer=dropout).certificate_issued_on is None
    learner.refresh_from_db()
    assert learner.status == "active"
    response = coordinator_client.get(
        reverse("volunteers:certificate", args=[course.pk, learner_place.pk])
    )
    text = response_pdf_text(response)
    assert "Teilnahmebescheinigung" in text
    assert learner.full_name in text
    assert "45 von 45 Unterrichtsstunden" in text
    dropout_place = CourseParticipant.objects.get(volunteer=dropout)
    url = reverse("volunteers:certificate", args=[course.pk, dropout_place.pk])
    assert coordinator_client.get(url).status_code == 404


def test_completed_course_is_frozen(coordinator_client):
    course = TrainingCourseFactory(status="completed")
    session = TrainingSessionFactory(course=course)
    place = CourseParticipantFactory(course=course)
    url = reverse("volunteers:session_attendance", args=[course.pk, session.pk])
    response = coordinator_client.post(url, {"present": [place.pk]})
    assert response.status_code == 200
    assert "abgeschlossen" in response.content.decode()
    assert not session.attendees.exists()
    _action(coordinator_client, "course_session_create", course, date="2026-03-01", topic="X",
            teaching_hours="2")  # fmt: skip
    assert course.sessions.count() == 1


def test_attendance_accepts_only_the_course_participants(coordinator_client):
    session = TrainingSessionFactory()
    stranger = CourseParticipantFactory()  # another course
    url = reverse("volunteers:session_attendance", args=[session.course_id, session.pk])
    response = coordinator_client.post(url, {"present": [stranger.pk]})
    assert response.status_code == 200
    assert not session.attendees.exists()


def test_volunteer_downloads_only_own_certificate(synced_roles):
    mine = CertifiedParticipantFactory()
    TrainingSessionFactory(course=mine.course).attendees.add(mine)
    other = CertifiedParticipantFactory()
    client = Client()
    client.force_login(mine.volunteer.user)
    home = client.get(reverse("volunteers:portal")).content.decode()
    assert reverse("volunteers:portal_certificate", args=[mine.pk]) in home
    response = client.get(reverse("volunteers:portal_certificate", args=[mine.pk]))
    assert mine.volunteer.full_name in response_pdf_text(response)
    assert client.get(reverse("volunteers:portal_certificate", args=[other.pk])).status_code == 404


def test_annual_confirmation_adds_up_the_year(coordinator_client, synced_roles):
    RateSetFactory(valid_from=date(2025, 1, 1))
    volunteer = PortalVolunteerFactory(first_name="Leyla", last_name="Haidari")
    assignment = AssignmentFactory(volunteer=volunteer, starts_on=date(2025, 3, 3))
    HoursEntry.objects.create(
        assignment=assignment,
        volunteer=volunteer,
        date=date(2025, 4, 1),
        minutes=150,
        logged_by=volunteer.user,
    )
    ExpenseClaimFactory(
        volunteer=volunteer,
        assignment=assignment,
        service_date=date(2025, 3, 3),
        duration_minutes=90,
        status="paid",
        amount=Decimal("40.25"),
    )
    ExpenseClaimFactory(volunteer=volunteer, service_date=date(2025, 5, 5), status="rejected")
    place = CertifiedParticipantFactory(volunteer=volunteer)
    session = TrainingSessionFactory(course=place.course, date=date(2025, 2, 1))
    session.attendees.add(place)
    figures = queries.volunteer_year(volunteer, 2025)
    assert figures["hours"] == Decimal("4.0")
    assert figures["reimbursed"] == Decimal("40.25")
    assert figures["assignments"] == [assignment]
    response = coordinator_client.get(
        reverse("volunteers:volunteer_confirmation", args=[volunteer.pk, 2025])
    )
    text = response_pdf_text(response)
    assert "Ehrenamtsnachweis 2025" in text
    assert "Leyla Haidari" in text
    assert "4,0" in text
    assert "40,25 €" in text
    assert place.course.title in text
    client = Client()
    client.force_login(volunteer.user)
    response = client.get(reverse("volunteers:portal_confirmation", args=[2025]))
    assert "Leyla Haidari" in response_pdf_text(response)
    future = reverse("volunteers:portal_confirmation", args=[2099])
    assert client.get(future).status_code == 404


def test_course_pages_have_fixed_query_counts(coordinator_client, django_assert_max_num_queries):
    for _ in range(6):
        course = TrainingCourseFactory()
        places = CourseParticipantFactory.create_batch(4, course=course)
        for day in range(1, 5):
            session = TrainingSessionFactory(course=course, date=date(2026, 2, day))
            session.attendees.set(places[:3])
    with django_assert_max_num_queries(10):
        response = coordinator_client.get(reverse("volunteers:course_list"))
    assert len(response.context["object_list"]) == 6
    with django_assert_max_num_queries(14):  # with the organisers and the counted groups
        response = coordinator_client.get(reverse("volunteers:course_detail", args=[course.pk]))
    assert [row["attended"] for row in response.context["grid"]] == [20, 20, 20, 0]


def test_course_list_shows_the_teaching_hours_as_entered_not_times_participants(
    coordinator_client,
):
    """Seed 003: the 45-hour course with 18 participants has 45 teaching hours (not 810)."""
    course = TrainingCourseFactory()
    for day in range(9):
        TrainingSessionFactory(course=course, date=date(2026, 2, day + 2), teaching_hours=5)
    for _ in range(18):
        CourseParticipant.objects.create(course=course, volunteer=VolunteerFactory())
    page = coordinator_client.get(reverse("volunteers:course_list"))
    listed = {row.pk: row for row in page.context["object_list"]}
    assert listed[course.pk].teaching_hours == Decimal("45")
    assert listed[course.pk].participant_count == 18
