"""Assignments and hours: clearance, notifying the assigned volunteer, logging time."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kmut import audit
from kmut.mail import greeting
from volunteers.models import Assignment, HoursEntry, Volunteer

__all__ = ["assign_volunteer", "log_hours", "save_assignment"]


def _check_clearance(
    *, assignment: Assignment, volunteer: Volunteer, by: User, confirmed: bool
) -> None:
    """Refuse a volunteer who is not cleared unless the assigning person confirmed it; record
    the confirmation (who, when, what was missing) on the assignment."""
    problems = assignment.clearance_problems_of(volunteer)
    if not problems:
        assignment.clearance_confirmed_by = None
        assignment.clearance_confirmed_at = None
        assignment.clearance_confirmed_problems = ""
        return
    if not confirmed:
        raise ValidationError(
            _(
                "%(name)s is not cleared for this assignment (%(problems)s). Please confirm that "
                "you assign the volunteer anyway."
            )
            % {"name": volunteer.full_name, "problems": "; ".join(problems)},
            code="not_cleared",
        )
    assignment.clearance_confirmed_by = by
    assignment.clearance_confirmed_at = timezone.now()
    assignment.clearance_confirmed_problems = "; ".join(problems)[:250]
    assignment._change_reason = _("Assigned despite: %(problems)s") % {
        "problems": assignment.clearance_confirmed_problems
    }


def _notify_assignment(assignment: Assignment) -> None:
    """E-mail the newly assigned volunteer (after the transaction commits)."""
    volunteer = assignment.volunteer
    email = volunteer.email or (volunteer.user.email if volunteer.user else "")
    if not email:
        return

    def send():
        with translation.override("de"):
            context = {
                "assignment": assignment,
                "volunteer": volunteer,
                "greeting": greeting(volunteer),
            }
            send_mail(
                subject=_("New assignment: %(reference)s") % {"reference": assignment.reference},
                message=render_to_string("volunteers/emails/assignment_new.txt", context),
                from_email=None,
                recipient_list=[email],
            )

    transaction.on_commit(send)


@audit.records_actor
@transaction.atomic
def save_assignment(
    *, assignment: Assignment, by: User, clearance_confirmed: bool = False
) -> Assignment:
    """Save an assignment from the form; a newly chosen volunteer is checked and notified."""
    previous = (
        Assignment.objects.select_for_update()
        .filter(pk=assignment.pk)
        .values_list("volunteer_id", flat=True)
        .first()
        if assignment.pk
        else None
    )
    newly_assigned = assignment.volunteer_id is not None and assignment.volunteer_id != previous
    if newly_assigned:
        _check_clearance(
            assignment=assignment,
            volunteer=assignment.volunteer,
            by=by,
            confirmed=clearance_confirmed,
        )
    assignment.save()
    if newly_assigned:
        _notify_assignment(assignment)
    return assignment


@audit.records_actor
@transaction.atomic
def assign_volunteer(
    *, assignment: Assignment, volunteer: Volunteer, by: User, clearance_confirmed: bool = False
) -> Assignment:
    """Give the assignment to a volunteer (from the matching suggestions)."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status in (Assignment.Status.COMPLETED, Assignment.Status.CANCELLED):
        raise ValidationError(_("This assignment is closed."), code="closed")
    if volunteer.status != Volunteer.Status.ACTIVE:
        raise ValidationError(_("Only active volunteers can take on assignments."), code="inactive")
    if assignment.volunteer_id == volunteer.pk:
        return assignment
    _check_clearance(
        assignment=assignment, volunteer=volunteer, by=by, confirmed=clearance_confirmed
    )
    assignment.volunteer = volunteer
    if assignment.status == Assignment.Status.REQUESTED:
        assignment.status = Assignment.Status.ACTIVE
    assignment.save()
    _notify_assignment(assignment)
    return assignment


@audit.records_actor
def log_hours(*, entry: HoursEntry, by: User) -> HoursEntry:
    """Record time given on an assignment; only the assigned volunteer's time counts."""
    assignment = entry.assignment
    if assignment.volunteer_id is None:
        raise ValidationError(
            _("Hours can only be logged once a volunteer is assigned."), code="unassigned"
        )
    if assignment.status == Assignment.Status.CANCELLED:
        raise ValidationError(_("This assignment was cancelled."), code="cancelled")
    if entry.date > timezone.localdate():
        raise ValidationError({"date": _("Hours cannot be logged for a future date.")})
    if entry.date < assignment.starts_on:
        raise ValidationError({"date": _("This date is before the assignment began.")})
    entry.volunteer_id = assignment.volunteer_id
    entry.logged_by = by
    entry.full_clean()
    entry.save()
    return entry
