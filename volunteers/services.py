"""Write operations of volunteering: claims from submission to payment."""

from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kmut import roles
from kmut.services import invite_user
from volunteers import reimbursement
from volunteers.models import (
    Assignment,
    CourseParticipant,
    ExpenseClaim,
    HoursEntry,
    RateSet,
    Receipt,
    TrainingCourse,
    TrainingSession,
    Volunteer,
)
from volunteers.uploads import MAX_RECEIPTS, check_receipt

Status = ExpenseClaim.Status


def reimbursed_in_year(volunteer: Volunteer, year: int, *, exclude=None) -> Decimal:
    claims = ExpenseClaim.objects.filter(
        volunteer=volunteer,
        service_date__year=year,
        status__in=[Status.APPROVED, Status.PAID],
    )
    if exclude is not None and exclude.pk:
        claims = claims.exclude(pk=exclude.pk)
    return claims.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def calculate_claim(claim: ExpenseClaim) -> reimbursement.Calculation:
    rate_set = RateSet.objects.valid_on(claim.service_date)
    if rate_set is None:
        raise ValidationError(
            _("No reimbursement rates are set for this date. Please ask the office."),
            code="no_rates",
        )
    return reimbursement.calculate(
        minutes=claim.minutes,
        travel_km=claim.travel_km,
        other_costs=claim.other_costs,
        rate_set=rate_set,
        reimbursed_this_year=reimbursed_in_year(
            claim.volunteer, claim.service_date.year, exclude=claim
        ),
    )


def _apply_calculation(claim: ExpenseClaim) -> None:
    calculation = calculate_claim(claim)
    claim.rate_set = calculation.rate_set
    claim.amount = calculation.total


def _locked(claim: ExpenseClaim) -> ExpenseClaim:
    return ExpenseClaim.objects.select_for_update().select_related("volunteer").get(pk=claim.pk)


def _notify(claim: ExpenseClaim, subject: str) -> None:
    """E-mail the volunteer about a decision (after the transaction commits)."""
    email = claim.volunteer.email or (claim.volunteer.user.email if claim.volunteer.user else "")
    if not email:
        return

    def send():
        with translation.override("de"):
            send_mail(
                subject=subject,
                message=render_to_string("volunteers/emails/claim_decision.txt", {"claim": claim}),
                from_email=None,
                recipient_list=[email],
            )

    transaction.on_commit(send)


@transaction.atomic
def save_claim(*, claim: ExpenseClaim, receipts: list, submit: bool, by: User) -> ExpenseClaim:
    """Save the volunteer's claim (draft or answer to a query); `submit` hands it in."""
    if claim.pk:
        current = _locked(claim)
        if not current.is_editable_by_volunteer:
            raise ValidationError(
                _("This claim has been handed in and can no longer be changed."), code="locked"
            )
        was_queried = current.status == Status.QUERIED
    else:
        was_queried = False
    if len(receipts) + (claim.receipts.count() if claim.pk else 0) > MAX_RECEIPTS:
        raise ValidationError(
            _("At most %(count)s receipts per claim.") % {"count": MAX_RECEIPTS}, code="receipts"
        )
    if submit:
        if was_queried and not claim.reply_message.strip():
            raise ValidationError(
                _("Please answer the office's question before you hand the claim in again."),
                code="reply_required",
            )
        _apply_calculation(claim)
        claim.status = Status.SUBMITTED
        claim.submitted_at = timezone.now()
    claim.full_clean()
    claim.save()
    for upload in receipts:
        content_type = check_receipt(upload)
        Receipt.objects.create(
            claim=claim,
            file=upload,
            original_name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
        )
    return claim


@transaction.atomic
def query_claim(*, claim: ExpenseClaim, message: str, by: User) -> ExpenseClaim:
    if not message.strip():
        raise ValidationError(_("Please write your question."), code="message_required")
    claim = _locked(claim)
    if claim.status != Status.SUBMITTED:
        raise ValidationError(_("Only submitted claims can be queried."), code="state")
    claim.status = Status.QUERIED
    claim.query_message = message
    claim.reply_message = ""
    claim.factual_signoff_by = claim.arithmetic_signoff_by = None
    claim.factual_signoff_at = claim.arithmetic_signoff_at = None
    claim.save()
    _notify(claim, _("Question about your expense claim"))
    return claim


@transaction.atomic
def sign_off(*, claim: ExpenseClaim, kind: str, by: User) -> ExpenseClaim:
    """Factual ("factual") or arithmetical ("arithmetic") sign-off; both approve the claim.

    The row lock makes two reviewers clicking at the same time change the claim once.
    """
    claim = _locked(claim)
    if claim.status != Status.SUBMITTED:
        raise ValidationError(
            _("This claim is not waiting for a sign-off (it is “%(status)s”).")
            % {"status": claim.get_status_display()},
            code="state",
        )
    field = {"factual": "factual_signoff", "arithmetic": "arithmetic_signoff"}[kind]
    other = "arithmetic_signoff" if kind == "factual" else "factual_signoff"
    if getattr(claim, f"{field}_by_id"):
        raise ValidationError(_("This sign-off has already been given."), code="already")
    if getattr(claim, f"{other}_by_id") == by.pk:
        raise ValidationError(
            _("The factual and the arithmetical sign-off need two different people."),
            code="same_person",
        )
    setattr(claim, f"{field}_by", by)
    setattr(claim, f"{field}_at", timezone.now())
    if claim.factual_signoff_by_id and claim.arithmetic_signoff_by_id:
        _apply_calculation(claim)
        claim.status = Status.APPROVED
        _notify(claim, _("Your expense claim was approved"))
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def reject_claim(*, claim: ExpenseClaim, reason: str, by: User) -> ExpenseClaim:
    if not reason.strip():
        raise ValidationError(_("Please give a reason for the rejection."), code="reason_required")
    claim = _locked(claim)
    if claim.status not in (Status.SUBMITTED, Status.QUERIED):
        raise ValidationError(_("This claim can no longer be rejected."), code="state")
    claim.status = Status.REJECTED
    claim.rejection_reason = reason
    claim.save()
    _notify(claim, _("Your expense claim was rejected"))
    return claim


def yearly_totals(volunteer: Volunteer) -> list[dict]:
    """Reimbursed amounts per year (approved and paid), against that year's allowance."""
    rows = (
        ExpenseClaim.objects.filter(volunteer=volunteer, status__in=[Status.APPROVED, Status.PAID])
        .values("service_date__year")
        .annotate(total=Sum("amount"))
        .order_by("-service_date__year")
    )
    rate_sets = list(RateSet.objects.order_by("-valid_from"))  # a handful, loaded once
    totals = []
    for row in rows:
        year = row["service_date__year"]
        rate_set = next((rates for rates in rate_sets if rates.valid_from.year <= year), None)
        allowance = rate_set.tax_free_allowance if rate_set else None
        totals.append(
            {
                "year": year,
                "total": row["total"] or Decimal("0.00"),
                "allowance": allowance,
                "near_limit": allowance is not None
                and (row["total"] or 0) > allowance * Decimal("0.8"),
                "over_limit": allowance is not None and (row["total"] or 0) > allowance,
            }
        )
    return totals


@transaction.atomic
def invite_to_portal(*, volunteer: Volunteer, base_url: str, by: User) -> Volunteer:
    """Create the volunteer's portal account (role Ehrenamt) and e-mail the invitation."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.user_id:
        raise ValidationError(_("This volunteer already has a portal account."), code="exists")
    if not volunteer.email:
        raise ValidationError(
            _("Please enter the volunteer's e-mail address first."), code="no_email"
        )
    if User.objects.filter(username__iexact=volunteer.email).exists():
        raise ValidationError(
            _("An account with this e-mail address already exists."), code="duplicate"
        )
    volunteer.user = invite_user(
        first_name=volunteer.first_name,
        last_name=volunteer.last_name,
        email=volunteer.email.lower(),
        role=Group.objects.get(name=roles.VOLUNTEER),
        base_url=base_url,
        by=by,
    )
    volunteer.save()
    return volunteer


# --- assignments and hours ---------------------------------------------------------------


@transaction.atomic
def assign_volunteer(*, assignment: Assignment, volunteer: Volunteer, by: User) -> Assignment:
    """Give the assignment to a volunteer (from the matching suggestions)."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status in (Assignment.Status.COMPLETED, Assignment.Status.CANCELLED):
        raise ValidationError(_("This assignment is closed."), code="closed")
    if volunteer.status != Volunteer.Status.ACTIVE:
        raise ValidationError(_("Only active volunteers can take on assignments."), code="inactive")
    assignment.volunteer = volunteer
    if assignment.status == Assignment.Status.REQUESTED:
        assignment.status = Assignment.Status.ACTIVE
    assignment.save()
    return assignment


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


# --- training courses ----------------------------------------------------------------------


def attended_hours(participant: CourseParticipant) -> Decimal:
    return participant.sessions.aggregate(total=Sum("teaching_hours"))["total"] or Decimal("0")


def course_hours(course: TrainingCourse) -> Decimal:
    return course.sessions.aggregate(total=Sum("teaching_hours"))["total"] or Decimal("0")


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


@transaction.atomic
def set_attendance(*, session: TrainingSession, present, by: User) -> None:
    """Replace the session's attendance list (only the course's own participants)."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.course.status == TrainingCourse.Status.COMPLETED:
        raise ValidationError(
            _("The course is completed; its attendance can no longer be changed."), code="closed"
        )
    present = list(present)
    if any(participant.course_id != session.course_id for participant in present):
        raise ValidationError(_("Only participants of this course can attend."), code="foreign")
    session.attendees.set(present)


@transaction.atomic
def complete_course(*, course: TrainingCourse, by: User) -> list[CourseParticipant]:
    """Close the course and issue certificates to everyone with enough attendance.

    Returns the participants who received a certificate. Completing twice changes nothing.
    """
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    if course.status == TrainingCourse.Status.COMPLETED:
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
        if (participant.attended or 0) >= total * course.min_attendance:
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
