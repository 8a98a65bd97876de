"""Training courses: participants, attendance, completion with certificates."""

from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kmut import audit
from volunteers.models import CourseParticipant, TrainingCourse, TrainingSession, Volunteer

__all__ = [
    "add_participants",
    "attended_hours",
    "complete_course",
    "course_hours",
    "set_attendance",
]


def attended_hours(participant: CourseParticipant) -> Decimal:
    return participant.sessions.aggregate(total=Sum("teaching_hours"))["total"] or Decimal("0")


def course_hours(course: TrainingCourse) -> Decimal:
    return course.sessions.aggregate(total=Sum("teaching_hours"))["total"] or Decimal("0")


@audit.records_actor
@transaction.atomic
def add_participants(*, course: TrainingCourse, volunteers, by: User) -> int:
    """Enrol volunteers; interested volunteers move on to "in training"."""
    added = 0
    for volunteer in volunteers:
        _place, created = CourseParticipant.objects.get_or_create(
            course=course, volunteer=volunteer
        )
        if created:
            added += 1
            if volunteer.status == Volunteer.Status.INTERESTED:
                volunteer.status = Volunteer.Status.IN_TRAINING
                volunteer.save(update_fields=["status", "updated_at"])
    return added


@audit.records_actor
@transaction.atomic
def set_attendance(*, session: TrainingSession, present, by: User) -> None:
    """Replace the session's attendance list (only the course's own participants)."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if not session.course.is_open:
        raise ValidationError(
            _("The course is completed; its attendance can no longer be changed."), code="closed"
        )
    present = list(present)
    if any(participant.course_id != session.course_id for participant in present):
        raise ValidationError(_("Only participants of this course can attend."), code="foreign")
    session.attendees.set(present)


@audit.records_actor
@transaction.atomic
def complete_course(*, course: TrainingCourse, by: User) -> list[CourseParticipant]:
    """Close the course and issue certificates to everyone with enough attendance (when the
    course issues certificates; participants counted by group get theirs counted on the form).

    Returns the participants who received a certificate. Completing twice changes nothing.
    """
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    if not course.is_open:
        raise ValidationError(_("This course is already completed."), code="already")
    total = course_hours(course)
    if not total:
        raise ValidationError(
            _("Add the course's sessions and their attendance first."), code="no_sessions"
        )
    today = timezone.localdate()
    certified = []
    participants = course.participants.select_related("volunteer").annotate(
        attended=Sum("sessions__teaching_hours")
    )
    for participant in participants:
        if (participant.attended or 0) < total * course.min_attendance:
            continue
        if course.issues_certificates:
            participant.certificate_issued_on = today
            participant.save(update_fields=["certificate_issued_on", "updated_at"])
            certified.append(participant)
        volunteer = participant.volunteer
        if volunteer.status == Volunteer.Status.IN_TRAINING:
            volunteer.status = Volunteer.Status.ACTIVE
            volunteer.save(update_fields=["status", "updated_at"])
    course.status = TrainingCourse.Status.COMPLETED
    course.completed_on = today
    course.save()
    return certified
