"""The state rules of volunteering, each tested where it lives (model or service); the views and
templates ask these and repeat none of them."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.volunteers.factories import (
    CourseParticipantFactory,
    ExpenseClaimFactory,
    RateSetFactory,
    TrainingCourseFactory,
    TrainingSessionFactory,
    VolunteerFactory,
)
from volunteers import services
from volunteers.models import CERTIFICATE_DUE_SOON_DAYS, ExpenseClaim, TrainingCourse, Volunteer

Status = ExpenseClaim.Status


def _claim(status):
    return ExpenseClaim(status=status)


@pytest.mark.parametrize(
    ("days", "due"),
    [(None, False), (-1, True), (0, True), (CERTIFICATE_DUE_SOON_DAYS, True), (61, False)],
)
def test_a_certificate_is_due_soon_sixty_days_before_its_recorded_renewal(days, due):
    renewal = None if days is None else timezone.localdate() + timedelta(days=days)
    volunteer = Volunteer(certificate_renewal_due_on=renewal)
    assert CERTIFICATE_DUE_SOON_DAYS == 60
    assert volunteer.certificate_due_soon is due


@pytest.mark.django_db
def test_the_staff_pages_mark_a_certificate_due_soon(coordinator_client):
    soon = VolunteerFactory(certificate_renewal_due_on=timezone.localdate() + timedelta(days=60))
    later = VolunteerFactory(certificate_renewal_due_on=timezone.localdate() + timedelta(days=61))
    badge = "Führungszeugnis fällig"
    listing = coordinator_client.get(reverse("volunteers:volunteer_list")).content.decode()
    assert listing.count(badge) == 1
    row = listing[listing.index(soon.full_name) :].split("</td>")[0]
    assert badge in row
    for volunteer, shown in ((soon, True), (later, False)):
        url = reverse("volunteers:volunteer_detail", args=[volunteer.pk])
        assert (badge in coordinator_client.get(url).content.decode()) is shown


@pytest.mark.parametrize(
    ("status", "is_open"),
    [("planned", True), ("running", True), ("cancelled", True), ("completed", False)],
)
def test_a_course_is_open_until_it_is_completed(status, is_open):
    assert TrainingCourse(status=status).is_open is is_open


@pytest.mark.django_db
def test_the_services_refuse_to_change_a_completed_course(coordinator):
    course = TrainingCourseFactory(status="completed")
    session = TrainingSessionFactory(course=course)
    place = CourseParticipantFactory(course=course)
    with pytest.raises(ValidationError) as error:
        services.set_attendance(session=session, present=[place], by=coordinator)
    assert error.value.code == "closed"
    with pytest.raises(ValidationError) as error:
        services.complete_course(course=course, by=coordinator)
    assert error.value.code == "already"


@pytest.mark.django_db
def test_a_completed_course_refuses_new_participants(coordinator_client):
    course = TrainingCourseFactory(status="completed")
    volunteer = VolunteerFactory(status="interested")
    url = reverse("volunteers:course_enrol", args=[course.pk])
    response = coordinator_client.post(url, {"volunteers": [volunteer.pk]})
    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Die Schulung ist abgeschlossen und kann nicht mehr geändert werden."
    ]
    assert not course.participants.exists()


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (Status.DRAFT, False),
        (Status.SUBMITTED, True),
        (Status.QUERIED, True),
        (Status.APPROVED, False),
        (Status.REJECTED, False),
        (Status.PAID, False),
    ],
)
def test_only_claims_in_review_can_be_rejected(status, allowed):
    assert _claim(status).can_be_rejected is allowed


@pytest.mark.django_db
def test_the_rejection_service_asks_the_claim(coordinator):
    claim = ExpenseClaimFactory(status="approved")
    with pytest.raises(ValidationError) as error:
        services.reject_claim(claim=claim, reason="Doppelt", by=coordinator)
    assert error.value.code == "state"


@pytest.mark.parametrize("status", Status.values)
def test_only_submitted_claims_are_signed_off_queried_and_recalculated(status):
    claim = _claim(status)
    submitted = status == Status.SUBMITTED
    assert (claim.can_be_signed_off, claim.can_be_recalculated) == (submitted, submitted)
    assert claim.is_editable_by_volunteer is (status in (Status.DRAFT, Status.QUERIED))


@pytest.mark.django_db
def test_the_query_and_sign_off_services_ask_the_claim(coordinator):
    claim = ExpenseClaimFactory(status="approved")
    with pytest.raises(ValidationError) as error:
        services.query_claim(claim=claim, message="Frage", by=coordinator)
    assert error.value.code == "state"
    with pytest.raises(ValidationError) as error:
        services.sign_off(claim=claim, kind="factual", by=coordinator)
    assert error.value.code == "state"


def test_the_open_sign_offs_are_those_not_given_yet():
    claim = _claim(Status.SUBMITTED)
    assert claim.open_signoffs == ["factual", "arithmetic"] == list(ExpenseClaim.SIGN_OFF_KINDS)
    claim.factual_signoff_by_id = 1
    assert claim.open_signoffs == ["arithmetic"]
    claim.arithmetic_signoff_by_id = 2
    assert claim.open_signoffs == []


@pytest.mark.django_db
def test_the_sign_off_service_refuses_a_sign_off_given_already(coordinator):
    RateSetFactory()
    claim = services.recalculate_claim(claim=ExpenseClaimFactory(), by=coordinator)
    claim.factual_signoff_by = UserFactory(role="Leitung")
    claim.save()
    with pytest.raises(ValidationError) as error:
        services.sign_off(claim=claim, kind="factual", by=coordinator)
    assert error.value.code == "already"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("claim_query", "Bitte schreiben Sie Ihre Rückfrage."),
        ("claim_reject", "Bitte geben Sie einen Grund für die Ablehnung an."),
    ],
)
def test_an_empty_question_or_reason_is_refused_by_the_service(coordinator_client, name, message):
    claim = ExpenseClaimFactory()
    response = coordinator_client.post(reverse(f"volunteers:{name}", args=[claim.pk]), {})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED


@pytest.mark.django_db
def test_recalculating_says_whether_the_calculation_changed(coordinator, coordinator_client):
    RateSetFactory()
    claim = services.recalculate_claim(claim=ExpenseClaimFactory(), by=coordinator)
    assert claim.calculation_changed is True  # none was stored
    assert services.recalculate_claim(claim=claim, by=coordinator).calculation_changed is False
    response = coordinator_client.post(reverse("volunteers:claim_recalculate", args=[claim.pk]))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Die Abrechnung wurde neu berechnet; die Berechnung ist unverändert."
    ]
