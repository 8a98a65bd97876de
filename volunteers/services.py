"""Write operations of volunteering: claims from submission to payment."""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kmut import audit, roles
from kmut.mail import greeting
from kmut.money import eur
from kmut.services import invite_user
from kmut.stored_files import storing_files
from volunteers import plausibility, reimbursement
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
    claims = ExpenseClaim.objects.reimbursed().filter(volunteer=volunteer, service_date__year=year)
    if exclude is not None and exclude.pk:
        claims = claims.exclude(pk=exclude.pk)
    return eur(claims.aggregate(total=Sum("amount"))["total"] or 0)


def calculate_claim(claim: ExpenseClaim) -> reimbursement.Calculation:
    """A fresh calculation with today's data: for the preview and for freezing, never for
    showing a claim that was handed in (that shows `claim.calculation`)."""
    rate_set = RateSet.objects.valid_on(claim.service_date)
    if rate_set is None:
        raise ValidationError(
            _("No reimbursement rates are set for this date. Please ask the office."),
            code="no_rates",
        )
    year = claim.service_date.year
    return reimbursement.calculate(
        minutes=claim.minutes,
        travel_km=claim.travel_km,
        other_costs=claim.other_costs,
        trips=claim.trips,
        rate_set=rate_set,
        year_rates=reimbursement.rate_set_for_year(year),
        reimbursed_this_year=reimbursed_in_year(claim.volunteer, year, exclude=claim),
    )


@dataclass
class Preview:
    """What handing the claim in would store: the calculation and the plausibility findings."""

    calculation: reimbursement.Calculation | None
    findings: list[plausibility.Finding]

    @property
    def refusals(self) -> list[plausibility.Finding]:
        return [finding for finding in self.findings if finding.refuses]

    @property
    def flags(self) -> list[plausibility.Finding]:
        return [finding for finding in self.findings if not finding.refuses]

    @property
    def digest(self) -> str:
        """Fingerprint of what the volunteer is asked to confirm."""
        return reimbursement.digest(
            {
                "calculation": self.calculation.as_data() if self.calculation else None,
                "findings": [finding.message for finding in self.findings],
            }
        )


def preview_claim(claim: ExpenseClaim, *, receipts: int) -> Preview:
    """The claim's calculation and findings as they would be frozen now (no writes)."""
    rate_set = RateSet.objects.valid_on(claim.service_date) if claim.service_date else None
    findings = plausibility.check_claim(claim, rate_set=rate_set, receipts=receipts)
    calculation = None
    if rate_set is not None and claim.minutes:
        calculation = calculate_claim(claim)
    return Preview(calculation=calculation, findings=findings)


def _freeze(claim: ExpenseClaim, preview: Preview) -> None:
    claim.rate_set = preview.calculation.rate_set
    claim.amount = preview.calculation.total
    claim.calculation = preview.calculation.as_data()
    claim.calculated_at = timezone.now()
    claim.flags = [finding.as_flag() for finding in preview.flags]


def frozen_calculation(claim: ExpenseClaim) -> reimbursement.FrozenCalculation | None:
    """The stored calculation of a handed-in claim: what is signed off and paid."""
    return reimbursement.FrozenCalculation.of(claim.calculation)


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


RESUBMISSION_WINDOW = timedelta(minutes=30)


def _same_claim_just_saved(claim: ExpenseClaim) -> ExpenseClaim | None:
    """A claim of the volunteer with exactly these facts, saved in the last half hour.

    A browser that reloads the form on "back" gives it a new submission token but refills the
    typed values; the same service twice within minutes is that, never a second service.
    """
    return (
        ExpenseClaim.objects.filter(
            volunteer=claim.volunteer,
            assignment_id=claim.assignment_id,
            service_date=claim.service_date,
            start_time=claim.start_time,
            end_time=claim.end_time,
            duration_minutes=claim.duration_minutes,
            travel_km=claim.travel_km,
            trips=claim.trips,
            other_costs=claim.other_costs,
            created_at__gte=timezone.now() - RESUBMISSION_WINDOW,
        )
        .exclude(status=Status.REJECTED)
        .order_by("-pk")
        .first()
    )


def _refusal_error(refusals: list[plausibility.Finding]) -> ValidationError:
    errors: dict = {}
    for finding in refusals:
        errors.setdefault(finding.field or "__all__", []).append(
            ValidationError(finding.message, code=finding.code)
        )
    return ValidationError(errors)


@audit.records_actor
@transaction.atomic
def save_claim(
    *,
    claim: ExpenseClaim,
    receipts: list,
    submit: bool,
    by: User,
    submission_token: uuid.UUID | None = None,
    confirmed: str | None = None,
) -> ExpenseClaim:
    """Save the volunteer's claim (draft or answer to a query); `submit` hands it in.

    Handing in freezes the calculation and the flags. `confirmed` is the digest of the preview
    the volunteer confirmed; when the preview has changed since (or was never shown), nothing is
    saved and a ValidationError with code "unconfirmed" asks to confirm again. A new claim's
    `submission_token` makes a second POST of the same form return the first claim.
    """
    is_new = claim.pk is None
    if claim.pk:
        current = _locked(claim)
        if not current.is_editable_by_volunteer:
            raise ValidationError(
                _("This claim has been handed in and can no longer be changed."), code="locked"
            )
        was_queried = current.status == Status.QUERIED
    else:
        if submission_token is not None:
            existing = ExpenseClaim.objects.filter(
                submission_token=submission_token, volunteer=claim.volunteer
            ).first()
            if existing is not None:
                existing.was_saved_before = True
                return existing
            claim.submission_token = submission_token
        if (existing := _same_claim_just_saved(claim)) is not None:
            existing.was_saved_before = True  # the back button reloaded the form: same claim
            return existing
        was_queried = False
    stored_receipts = claim.receipts.count() if claim.pk else 0
    if len(receipts) + stored_receipts > MAX_RECEIPTS:
        raise ValidationError(
            _("At most %(count)s receipts per claim.") % {"count": MAX_RECEIPTS}, code="receipts"
        )
    if submit:
        if was_queried and not claim.reply_message.strip():
            raise ValidationError(
                _("Please answer the office's question before you hand the claim in again."),
                code="reply_required",
            )
        preview = preview_claim(claim, receipts=len(receipts) + stored_receipts)
        if preview.refusals:
            raise _refusal_error(preview.refusals)
        if confirmed != preview.digest:
            raise ValidationError(
                _("Please check the calculation and the notes below, then confirm again."),
                code="unconfirmed",
            )
        _freeze(claim, preview)
        claim.status = Status.SUBMITTED
        claim.submitted_at = timezone.now()
    claim.full_clean()
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        # The same form posted twice at once: the other request created the claim.
        existing = ExpenseClaim.objects.filter(submission_token=submission_token).first()
        if existing is None:
            raise
        existing.was_saved_before = True
        return existing
    try:
        with storing_files() as files:
            for upload in receipts:
                receipt = Receipt(
                    claim=claim,
                    original_name=upload.name[:200],
                    content_type=check_receipt(upload),
                    size=upload.size,
                )
                files.store(receipt.file, upload)
                receipt.save()
    except ValidationError:
        if is_new:  # the row is rolled back: the form shows a new claim again
            claim.pk = None
            claim._state.adding = True
        raise
    return claim


@audit.records_actor
@transaction.atomic
def recalculate_claim(*, claim: ExpenseClaim, by: User) -> ExpenseClaim:
    """Calculate a submitted claim again with the current data (an explicit step before
    approval, recorded in the history). Sign-offs given so far are cleared when it changes;
    `calculation_changed` on the claim returned says whether it did."""
    claim = _locked(claim)
    if not claim.can_be_recalculated:
        raise ValidationError(
            _("Only submitted claims that are not yet approved can be recalculated."),
            code="state",
        )
    preview = preview_claim(claim, receipts=claim.receipts.count())
    if preview.calculation is None:
        raise _refusal_error(preview.refusals)
    before = claim.calculation
    _freeze(claim, preview)
    claim.calculation_changed = claim.calculation != before
    if claim.calculation_changed:
        claim.factual_signoff_by = claim.arithmetic_signoff_by = None
        claim.factual_signoff_at = claim.arithmetic_signoff_at = None
    claim._change_reason = _("Recalculated with the rates valid from %(date)s") % {
        "date": date_format(preview.calculation.rate_set.valid_from, "SHORT_DATE_FORMAT")
    }
    claim.full_clean()
    claim.save()
    return claim


@audit.records_actor
@transaction.atomic
def query_claim(*, claim: ExpenseClaim, message: str, by: User) -> ExpenseClaim:
    if not message.strip():
        raise ValidationError(_("Please write your question."), code="message_required")
    claim = _locked(claim)
    if not claim.can_be_signed_off:
        raise ValidationError(_("Only submitted claims can be queried."), code="state")
    claim.status = Status.QUERIED
    claim.query_message = message
    claim.reply_message = ""
    claim.factual_signoff_by = claim.arithmetic_signoff_by = None
    claim.factual_signoff_at = claim.arithmetic_signoff_at = None
    claim.save()
    _notify(claim, _("Question about your expense claim"))
    return claim


@audit.records_actor
@transaction.atomic
def sign_off(
    *, claim: ExpenseClaim, kind: str, by: User, confirmed: str | None = None
) -> ExpenseClaim:
    """Factual ("factual") or arithmetical ("arithmetic") sign-off; both approve the claim.

    A sign-off confirms the frozen calculation whose digest the reviewer saw (`confirmed`); if
    it was recalculated in the meantime, nothing is signed. The row lock makes two reviewers
    clicking at the same time change the claim once. Approval keeps the frozen amount.
    """
    claim = _locked(claim)
    if not claim.can_be_signed_off:
        raise ValidationError(
            _("This claim is not waiting for a sign-off (it is “%(status)s”).")
            % {"status": claim.get_status_display()},
            code="state",
        )
    if not claim.calculation:  # handed in before calculations were stored
        preview = preview_claim(claim, receipts=claim.receipts.count())
        if preview.refusals:
            raise _refusal_error(preview.refusals)
        if preview.calculation is None:
            raise ValidationError(
                _("This claim has no calculation. Please recalculate it first."),
                code="no_calculation",
            )
        _freeze(claim, preview)
    if confirmed is not None and confirmed != reimbursement.digest(claim.calculation):
        raise ValidationError(
            _("The calculation was changed in the meantime. Please check it again."),
            code="changed",
        )
    field = {"factual": "factual_signoff", "arithmetic": "arithmetic_signoff"}[kind]
    other = "arithmetic_signoff" if kind == "factual" else "factual_signoff"
    if kind not in claim.open_signoffs:
        raise ValidationError(_("This sign-off has already been given."), code="already")
    if getattr(claim, f"{other}_by_id") == by.pk:
        raise ValidationError(
            _("The factual and the arithmetical sign-off need two different people."),
            code="same_person",
        )
    setattr(claim, f"{field}_by", by)
    setattr(claim, f"{field}_at", timezone.now())
    if claim.factual_signoff_by_id and claim.arithmetic_signoff_by_id:
        _check_yearly_cap(claim)
        claim.status = Status.APPROVED
        _notify(claim, _("Your expense claim was approved"))
    claim.full_clean()
    claim.save()
    return claim


def _check_yearly_cap(claim: ExpenseClaim) -> None:
    """Another claim approved since this one was calculated may have used up the yearly cap."""
    year = claim.service_date.year
    rates = reimbursement.rate_set_for_year(year)
    if rates is None or rates.yearly_cap is None:
        return
    if reimbursed_in_year(claim.volunteer, year, exclude=claim) + claim.amount > rates.yearly_cap:
        raise ValidationError(
            _(
                "With the claims approved since this one was calculated, it would exceed the "
                "yearly cap of %(cap)s €. Please recalculate it first."
            )
            % {"cap": reimbursement.number(rates.yearly_cap)},
            code="yearly_cap",
        )


@audit.records_actor
@transaction.atomic
def reject_claim(*, claim: ExpenseClaim, reason: str, by: User) -> ExpenseClaim:
    if not reason.strip():
        raise ValidationError(_("Please give a reason for the rejection."), code="reason_required")
    claim = _locked(claim)
    if not claim.can_be_rejected:
        raise ValidationError(_("This claim can no longer be rejected."), code="state")
    claim.status = Status.REJECTED
    claim.rejection_reason = reason
    claim.save()
    _notify(claim, _("Your expense claim was rejected"))
    return claim


def yearly_totals(volunteer: Volunteer) -> list[dict]:
    """Reimbursed amounts per year (approved and paid), against that year's allowance."""
    rows = (
        ExpenseClaim.objects.reimbursed()
        .filter(volunteer=volunteer)
        .values("service_date__year")
        .annotate(total=Sum("amount"))
        .order_by("-service_date__year")
    )
    rate_sets = list(RateSet.objects.order_by("-valid_from"))  # a handful, loaded once
    totals = []
    for row in rows:
        year = row["service_date__year"]
        total = eur(row["total"] or 0)
        rates = reimbursement.rate_set_for_year(year, rate_sets)
        totals.append(
            {
                "year": year,
                "total": total,
                "allowance": rates.tax_free_allowance if rates else None,
                "warning_percent": (
                    reimbursement.number(rates.allowance_warning_share * 100, 0) if rates else ""
                ),
                "level": reimbursement.allowance_level(total, rates),
            }
        )
    return totals


@audit.records_actor
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


# --- training courses ----------------------------------------------------------------------


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
