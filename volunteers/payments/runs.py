"""The states of a payment run: create a draft, change its date, export, book, cancel."""

import hashlib
import secrets
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format as localized_date
from django.utils.translation import gettext as _

from kmut import audit
from kmut.money import eur
from volunteers.models import ExpenseClaim, PaymentRun
from volunteers.payments.business_days import execution_date_for, is_business_day
from volunteers.payments.items import _items, claims_of
from volunteers.payments.sepa import payer_problem, sepa_xml

__all__ = [
    "book_payment_run",
    "cancel_payment_run",
    "change_execution_date",
    "create_payment_run",
    "export_payment_run",
]


Status = PaymentRun.Status


def _locked(run: PaymentRun) -> PaymentRun:
    return PaymentRun.objects.select_for_update().get(pk=run.pk)


def _who(user) -> str:
    if user is None:
        return "?"
    return user.get_full_name() or user.get_username()


@audit.records_actor
@transaction.atomic
def create_payment_run(*, claims, execution_date: date, by: User) -> PaymentRun:
    """A draft run of the given claims that are payable (approved, in no other run).

    Claims are locked first, so a claim can only ever be in one run; they stay "approved" until
    the run is booked. `run.notice` says if the execution date had to move to a business day.
    """
    execution_date, notice = execution_date_for(execution_date)
    claims = list(
        ExpenseClaim.objects.payable()
        .select_for_update()
        .filter(pk__in=[claim.pk for claim in claims])
        .order_by("pk")
    )
    if not claims:
        raise ValidationError(_("There are no approved claims to pay."), code="empty")
    year = execution_date.year
    count = PaymentRun.objects.filter(number__startswith=f"ZL-{year}-").count()
    for attempt in range(5):
        number = f"ZL-{year}-{count + 1 + attempt:03d}"
        try:
            with transaction.atomic():
                run = PaymentRun.objects.create(
                    number=number,
                    created_by=by,
                    execution_date=execution_date,
                    total=eur(sum(eur(claim.amount) for claim in claims)),
                    claim_count=len(claims),
                )
            break
        except IntegrityError:
            continue
    else:
        raise ValidationError(_("Please try again."), code="number")
    for claim in claims:
        claim.payment_run = run
        claim.save(update_fields=["payment_run", "updated_at"])
    run.notice = notice
    return run


@audit.records_actor
@transaction.atomic
def change_execution_date(*, run: PaymentRun, execution_date: date, by: User) -> PaymentRun:
    """A new execution date for a draft run (e.g. when the old one has passed)."""
    run = _locked(run)
    if run.status != Status.DRAFT:
        raise ValidationError(
            _("Only the execution date of a draft can be changed."), code="not_draft"
        )
    run.execution_date, run.notice = execution_date_for(execution_date)
    run.full_clean()
    run.save(update_fields=["execution_date", "updated_at"])
    return run


@audit.records_actor
@transaction.atomic
def export_payment_run(*, run: PaymentRun, by: User) -> PaymentRun:
    """Make the SEPA file of a draft run, once, and store it with its message id and items."""
    run = _locked(run)
    if run.status in (Status.EXPORTED, Status.BOOKED):
        raise ValidationError(
            _("This payment run was already exported on %(date)s by %(name)s.")
            % {
                "date": localized_date(
                    timezone.localtime(run.exported_at), "SHORT_DATETIME_FORMAT"
                ),
                "name": _who(run.exported_by),
            },
            code="already_exported",
        )
    if run.status != Status.DRAFT:
        raise ValidationError(_("This payment run was cancelled."), code="cancelled")
    if problem := payer_problem():
        raise ValidationError(problem, code="no_payer")
    if run.execution_date < timezone.localdate() or not is_business_day(run.execution_date):
        raise ValidationError(
            _(
                "The execution date %(date)s is in the past or not a TARGET2 business day. "
                "Please set a new execution date first."
            )
            % {"date": localized_date(run.execution_date, "SHORT_DATE_FORMAT")},
            code="execution_date",
        )
    claims = list(claims_of(run).select_for_update(of=("self",)))
    if not claims:
        raise ValidationError(_("This payment run has no claims."), code="empty")
    now = timezone.now()
    run.message_id = f"KMUT-{run.number}-{secrets.token_hex(3).upper()}"
    run.items = [item.as_data() for item in _items(run, claims)]
    run.sepa_file = sepa_xml(run, created_at=now)
    run.sepa_sha256 = hashlib.sha256(run.sepa_file).hexdigest()
    run.total = eur(sum(eur(item["amount"]) for item in run.items))
    run.claim_count = len(run.items)
    run.status = Status.EXPORTED
    run.exported_at = now
    run.exported_by = by
    run.full_clean()
    run.save()
    return run


@audit.records_actor
@transaction.atomic
def book_payment_run(*, run: PaymentRun, booked_on: date, by: User) -> PaymentRun:
    """The bank statement shows the run: its claims are paid on the booking date."""
    run = _locked(run)
    if run.status == Status.BOOKED:
        raise ValidationError(_("This payment run is already booked."), code="already_booked")
    if run.status != Status.EXPORTED:
        raise ValidationError(_("Only an exported payment run can be booked."), code="not_exported")
    if booked_on > timezone.localdate():
        raise ValidationError(_("The booking date must not be in the future."), code="future")
    if booked_on < timezone.localdate(run.exported_at):
        raise ValidationError(
            _("The booking date must not be before the export on %(date)s.")
            % {"date": localized_date(timezone.localdate(run.exported_at), "SHORT_DATE_FORMAT")},
            code="before_export",
        )
    for claim in claims_of(run).select_for_update(of=("self",)):
        claim.status = ExpenseClaim.Status.PAID
        claim.paid_on = booked_on
        claim.save(update_fields=["status", "paid_on", "updated_at"])
    run.status = Status.BOOKED
    run.booked_on = booked_on
    run.booked_at = timezone.now()
    run.booked_by = by
    run.full_clean()
    run.save()
    return run


@audit.records_actor
@transaction.atomic
def cancel_payment_run(*, run: PaymentRun, by: User) -> PaymentRun:
    """Cancel a run that was not booked: its claims return to "approved" and can be paid again.

    An exported run keeps its file and items for the record; do not upload it any more.
    """
    run = _locked(run)
    if run.status == Status.BOOKED:
        raise ValidationError(_("A booked payment run cannot be cancelled."), code="booked")
    if run.status == Status.CANCELLED:
        raise ValidationError(_("This payment run is already cancelled."), code="already_cancelled")
    claims = list(claims_of(run).select_for_update(of=("self",)))
    if not run.items:  # a draft: keep on record what it held
        run.items = [item.as_data() for item in _items(run, claims)]
    for claim in claims:
        claim.payment_run = None
        claim.status = ExpenseClaim.Status.APPROVED
        claim.save(update_fields=["payment_run", "status", "updated_at"])
    run.status = Status.CANCELLED
    run.cancelled_at = timezone.now()
    run.cancelled_by = by
    run.full_clean()
    run.save()
    return run
