"""Payment runs: approved claims → payment order PDF, CSV and SEPA transfer (pain.001.001.09).

A run goes draft → exported → booked (or is cancelled before booking):

- draft: the claims are reserved for the run and stay "approved";
- exported: the SEPA file is made once and stored; every download returns the same bytes with the
  same message id (MsgId), so the bank recognises a second upload of the same file;
- booked: a person confirmed the bank statement; only now are the claims "paid".
"""

import csv
import functools
import hashlib
import io
import re
import secrets
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import holidays
import sepaxml
import xmlschema
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.formats import date_format as localized_date
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from sepaxml import SepaTransfer
from text_unidecode import unidecode

from kmut import audit, formatting
from kmut.exports import formula_safe
from kmut.money import eur
from volunteers.models import ExpenseClaim, PaymentRun

SEPA_SCHEMA = "pain.001.001.09"
SEPA_NAMESPACE = f"urn:iso:std:iso:20022:tech:xsd:{SEPA_SCHEMA}"
SEPA_XSD = Path(sepaxml.__file__).parent / "schemas" / f"{SEPA_SCHEMA}.xsd"
NAME_MAX = 70
REMITTANCE_MAX = 140

Status = PaymentRun.Status


# --- TARGET2 business days -----------------------------------------------------------------


@functools.cache
def _target2_holidays(year: int):
    return holidays.financial_holidays("XECB", years=year)


def is_business_day(day: date) -> bool:
    """A TARGET2 business day: Monday to Friday and not a TARGET2 holiday."""
    return day.weekday() < 5 and day not in _target2_holidays(day.year)


def next_business_day(day: date) -> date:
    """The day itself if it is a TARGET2 business day, else the next one."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def execution_date_for(day: date) -> tuple[date, str]:
    """The execution date for a requested day, and a note if it had to move.

    Refuses a day in the past; a weekend or TARGET2 holiday moves to the next business day.
    """
    if day < timezone.localdate():
        raise ValidationError(
            _("The execution date must not be in the past."), code="execution_date_past"
        )
    moved = next_business_day(day)
    if moved == day:
        return day, ""
    return moved, _(
        "%(day)s is not a TARGET2 business day (weekend or bank holiday); the execution date "
        "was moved to %(moved)s."
    ) % {"day": localized_date(day, "SHORT_DATE_FORMAT"), "moved": localized_date(moved)}


# --- SEPA text ------------------------------------------------------------------------------

GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
NOT_SEPA = re.compile(r"[^a-zA-Z0-9/\-?:().,'+ ]")


@dataclass(frozen=True)
class SepaText:
    original: str
    text: str
    shortened: bool

    @property
    def changed(self) -> bool:
        return self.text != self.original


def sepa_text(value: str, max_length: int) -> SepaText:
    """Text in the SEPA Latin character set, German umlauts transliterated (ä → ae).

    Other letters lose their accents, "&" becomes "+", anything else outside
    `a-z A-Z 0-9 / - ? : ( ) . , ' + space` becomes a space. Longer text is shortened to
    max_length and says so (callers show a warning for every changed text).
    """
    text = unicodedata.normalize("NFC", value).translate(GERMAN).replace("&", "+")
    text = unidecode(text)
    text = " ".join(NOT_SEPA.sub(" ", text).split())
    shortened = len(text) > max_length
    if shortened:
        text = text[:max_length].rstrip()
    return SepaText(original=value, text=text, shortened=shortened)


def text_warning(label: str, cleaned: SepaText) -> str:
    if cleaned.shortened:
        return _(
            "%(label)s “%(original)s” is too long for the bank file and is shortened to “%(text)s”."
        ) % {"label": label, "original": cleaned.original, "text": cleaned.text}
    return _(
        "%(label)s “%(original)s” contains characters a bank file cannot carry and is sent "
        "as “%(text)s”."
    ) % {"label": label, "original": cleaned.original, "text": cleaned.text}


# --- payer account --------------------------------------------------------------------------


def payer_problem() -> str:
    """Why the paying account cannot be used, or "" when it is configured and valid."""
    if not settings.KMUT_PAYER_IBAN or not settings.KMUT_PAYER_NAME:
        return _("The paying account is not configured (KMUT_PAYER_IBAN, KMUT_PAYER_NAME).")
    try:
        IBAN(settings.KMUT_PAYER_IBAN)
        if settings.KMUT_PAYER_BIC:
            BIC(settings.KMUT_PAYER_BIC)
    except ValueError:
        return _("The paying account KMUT_PAYER_IBAN or KMUT_PAYER_BIC is not valid.")
    return ""


# --- the states -----------------------------------------------------------------------------


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


# --- what a run pays ------------------------------------------------------------------------


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
        return [
            Row(
                claim=item["claim"],
                service_date=date.fromisoformat(item["service_date"]),
                payee=item["payee"],
                iban=item["iban"],
                amount=eur(item["amount"]),
                remittance=item["remittance"],
            )
            for item in run.items
        ]
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


# --- the SEPA file --------------------------------------------------------------------------


@functools.cache
def _schema():
    return xmlschema.XMLSchema(str(SEPA_XSD))


def _tag(name: str) -> str:
    return f"{{{SEPA_NAMESPACE}}}{name}"


def sepa_xml(run: PaymentRun, *, created_at) -> bytes:
    """The pain.001.001.09 credit transfer (DFÜ-Abkommen Anlage 3, GBIC_4) of the run's items.

    Called once, at export. The message id is the run's; the payment information id is derived
    from it, so nothing in the file is random. Validated against the ISO schema.
    """
    config = {
        "name": sepa_text(settings.KMUT_PAYER_NAME, NAME_MAX).text,
        "IBAN": settings.KMUT_PAYER_IBAN.replace(" ", "").upper(),
        "batch": True,
        "currency": "EUR",
    }
    if settings.KMUT_PAYER_BIC:
        config["BIC"] = settings.KMUT_PAYER_BIC
    transfer = SepaTransfer(config, schema=SEPA_SCHEMA, clean=True)
    transfer.msg_id = run.message_id
    for item in run.items:
        transfer.add_payment(
            {
                "name": item["payee"],
                "IBAN": item["iban"],
                "amount": int(eur(item["amount"]) * 100),
                "execution_date": run.execution_date,
                "description": item["remittance"],
                "endtoend_id": item["end_to_end_id"],
            }
        )
    xml = transfer.export(validate=True)

    ET.register_namespace("", SEPA_NAMESPACE)
    root = ET.fromstring(xml)
    header = root.find(f"{_tag('CstmrCdtTrfInitn')}/{_tag('GrpHdr')}")
    header.find(_tag("MsgId")).text = run.message_id
    header.find(_tag("CreDtTm")).text = timezone.localtime(created_at).isoformat(timespec="seconds")
    for number, info in enumerate(root.iter(_tag("PmtInf")), start=1):
        info.find(_tag("PmtInfId")).text = f"{run.message_id}-{number}"
        institution = info.find(f"{_tag('DbtrAgt')}/{_tag('FinInstnId')}")
        if not len(institution):  # GBIC: no BIC given → Othr/Id NOTPROVIDED
            other = ET.SubElement(institution, _tag("Othr"))
            ET.SubElement(other, _tag("Id")).text = "NOTPROVIDED"
    xml = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
    _schema().validate(xml.decode())
    return xml


def stored_file(run: PaymentRun) -> bytes:
    """The file as exported, byte for byte."""
    return bytes(run.sepa_file)


def file_name(run: PaymentRun) -> str:
    return f"{run.number}-{SEPA_SCHEMA}.xml"


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
