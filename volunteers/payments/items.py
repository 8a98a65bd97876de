"""What a run pays: its claims, the transfers with their bank texts, the rows of the payment
order and its CSV."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from kmut import formatting
from kmut.exports import formula_safe
from kmut.money import eur
from volunteers.models import PaymentRun
from volunteers.payments.text import NAME_MAX, REMITTANCE_MAX, SepaText, sepa_text, text_warning

__all__ = [
    "Item",
    "Row",
    "claims_of",
    "payment_csv",
    "rows_from_items",
    "rows_of",
    "text_warnings",
]


def claims_of(run: PaymentRun):
    return run.claims.select_related("volunteer").order_by(
        "volunteer__last_name", "service_date", "pk"
    )


@dataclass(frozen=True)
class Item:
    """One transfer of a run, with the texts as the bank file carries them."""

    claim: int
    service_date: date
    payee: SepaText
    iban: str
    amount: Decimal
    end_to_end_id: str
    remittance: SepaText

    def as_data(self) -> dict:
        return {
            "claim": self.claim,
            "service_date": self.service_date.isoformat(),
            "payee": self.payee.text,
            "account_holder": self.payee.original,
            "iban": self.iban,
            "amount": str(self.amount),
            "end_to_end_id": self.end_to_end_id,
            "remittance": self.remittance.text,
        }


def _remittance(run: PaymentRun, claim) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(run)s expense claim %(id)s of %(date)s") % {
            "run": run.number,
            "id": claim.pk,
            "date": date_format(claim.service_date, "d.m.Y"),
        }


def _items(run: PaymentRun, claims) -> list[Item]:
    return [
        Item(
            claim=claim.pk,
            service_date=claim.service_date,
            payee=sepa_text(claim.account_holder, NAME_MAX),
            iban=claim.iban.replace(" ", "").upper(),
            amount=eur(claim.amount),
            end_to_end_id=f"{run.number}-{claim.pk}",
            remittance=sepa_text(_remittance(run, claim), REMITTANCE_MAX),
        )
        for claim in claims
    ]


def text_warnings(run: PaymentRun, claims=None) -> list[str]:
    """A warning for every payee name or text that the bank file will carry changed."""
    warnings = []
    payer = sepa_text(settings.KMUT_PAYER_NAME, NAME_MAX)
    if payer.changed:
        warnings.append(text_warning(_("Paying account holder"), payer))
    for item in _items(run, claims_of(run) if claims is None else claims):
        if item.payee.changed:
            warnings.append(text_warning(_("Payee"), item.payee))
        if item.remittance.changed:
            warnings.append(text_warning(_("Remittance text"), item.remittance))
    return warnings


@dataclass(frozen=True)
class Row:
    claim: int
    service_date: date
    payee: str
    iban: str
    amount: Decimal
    remittance: str


def rows_of(run: PaymentRun, claims=None) -> list[Row]:
    """The payments of a run: as exported once there is a file, else as the claims are now."""
    if run.items:
        return rows_from_items(run.items)
    return [
        Row(
            claim=item.claim,
            service_date=item.service_date,
            payee=item.payee.original,
            iban=item.iban,
            amount=item.amount,
            remittance=item.remittance.text,
        )
        for item in _items(run, claims_of(run) if claims is None else claims)
    ]


def rows_from_items(items: list[dict]) -> list[Row]:
    """Rows of items frozen at the export (`PaymentRun.items`, or a page of them)."""
    return [
        Row(
            claim=item["claim"],
            service_date=date.fromisoformat(item["service_date"]),
            payee=item["payee"],
            iban=item["iban"],
            amount=eur(item["amount"]),
            remittance=item["remittance"],
        )
        for item in items
    ]


# --- payment order list ---------------------------------------------------------------------


def payment_csv(run: PaymentRun) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Payment run"),
            _("Message id (MsgId)"),
            _("Status"),
            _("Claim"),
            _("Date of service"),
            _("Payee"),
            _("IBAN"),
            _("Amount (€)"),
            _("Purpose"),
        ]
    )
    message_id = run.message_id or ""
    status = run.get_status_display()
    rows = rows_of(run)
    for row in rows:
        writer.writerow(
            formula_safe(
                [
                    run.number,
                    message_id,
                    status,
                    row.claim,
                    date_format(row.service_date, "d.m.Y"),
                    row.payee,
                    row.iban,
                    formatting.amount(row.amount),
                    row.remittance,
                ]
            )
        )
    writer.writerow(
        formula_safe(
            [
                run.number,
                message_id,
                status,
                "",
                "",
                _("Total"),
                "",
                formatting.amount(run.total),
                "",
            ]
        )
    )
    return "\ufeff" + buffer.getvalue()
