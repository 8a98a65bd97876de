"""A claim from handing in through the query and the two sign-offs to approval or rejection."""

import uuid
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kmut import audit
from kmut.stored_files import storing_files
from volunteers import plausibility, reimbursement
from volunteers.models import ExpenseClaim, Receipt
from volunteers.services.calculation import Preview, preview_claim, reimbursed_in_year
from volunteers.uploads import MAX_RECEIPTS, check_receipt

__all__ = [
    "RESUBMISSION_WINDOW",
    "query_claim",
    "recalculate_claim",
    "reject_claim",
    "save_claim",
    "sign_off",
]


Status = ExpenseClaim.Status


def _freeze(claim: ExpenseClaim, preview: Preview) -> None:
    claim.rate_set = preview.calculation.rate_set
    claim.amount = preview.calculation.total
    claim.calculation = preview.calculation.as_data()
    claim.calculated_at = timezone.now()
    claim.flags = [finding.as_flag() for finding in preview.flags]


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
