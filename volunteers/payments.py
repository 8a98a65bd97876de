"""Payment runs: approved claims → payment order PDF, CSV and SEPA credit transfer (pain.001)."""

import csv
import io

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from sepaxml import SepaTransfer

from kmut.exports import formula_safe
from kmut.money import eur
from volunteers.models import ExpenseClaim, PaymentRun

SEPA_SCHEMA = "pain.001.001.03"


@transaction.atomic
def create_payment_run(*, claims, execution_date, by: User) -> PaymentRun:
    """Collect approved claims into a numbered run and mark them paid on the execution date.

    Claims are locked first, so a claim can only ever be in one run.
    """
    claims = list(
        ExpenseClaim.objects.select_for_update()
        .filter(pk__in=[claim.pk for claim in claims], status=ExpenseClaim.Status.APPROVED)
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
                    total=eur(sum(claim.amount for claim in claims)),
                )
            break
        except IntegrityError:
            continue
    else:
        raise ValidationError(_("Please try again."), code="number")
    for claim in claims:
        claim.payment_run = run
        claim.status = ExpenseClaim.Status.PAID
        claim.paid_on = execution_date
        claim.save()
    return run


def payments_of(run: PaymentRun):
    return run.claims.select_related("volunteer", "assignment").order_by(
        "volunteer__last_name", "service_date"
    )


def _purpose(claim) -> str:
    return _("Expense claim %(id)s of %(date)s") % {
        "id": claim.pk,
        "date": claim.service_date.strftime("%d.%m.%Y"),
    }


def sepa_xml(run: PaymentRun) -> bytes:
    """A pain.001 credit transfer file, validated against the schema by sepaxml."""
    transfer = SepaTransfer(
        {
            "name": settings.KMUT_PAYER_NAME[:70],
            "IBAN": settings.KMUT_PAYER_IBAN,
            "BIC": settings.KMUT_PAYER_BIC,
            "batch": True,
            "currency": "EUR",
        },
        schema=SEPA_SCHEMA,
        clean=True,
    )
    for claim in payments_of(run):
        transfer.add_payment(
            {
                "name": claim.account_holder[:70],
                "IBAN": claim.iban,
                "amount": int(claim.amount * 100),
                "execution_date": run.execution_date,
                "description": f"{run.number} {_purpose(claim)}"[:140],
                "endtoend_id": f"KMUT{claim.pk}",
            }
        )
    return transfer.export(validate=True)


def payment_csv(run: PaymentRun) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Payment run"),
            _("Claim"),
            _("Date of service"),
            _("Payee"),
            _("IBAN"),
            _("Amount (€)"),
            _("Purpose"),
        ]
    )
    for claim in payments_of(run):
        writer.writerow(
            formula_safe(
                [
                    run.number,
                    claim.pk,
                    claim.service_date.strftime("%d.%m.%Y"),
                    claim.account_holder,
                    claim.iban,
                    f"{claim.amount:.2f}".replace(".", ","),
                    _purpose(claim),
                ]
            )
        )
    return "\ufeff" + buffer.getvalue()


def run_total(run: PaymentRun):
    return run.claims.aggregate(total=Sum("amount"))["total"]
