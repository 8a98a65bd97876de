"""The SEPA credit transfer file (pain.001.001.09) of an exported run, and the paying account
it is made for."""

import functools
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN

from kmut.money import eur
from volunteers.models import PaymentRun
from volunteers.payments.text import NAME_MAX, sepa_text

__all__ = [
    "SEPA_NAMESPACE",
    "SEPA_SCHEMA",
    "SEPA_XSD",
    "file_name",
    "payer_problem",
    "sepa_xml",
    "stored_file",
]


SEPA_SCHEMA = "pain.001.001.09"
SEPA_NAMESPACE = f"urn:iso:std:iso:20022:tech:xsd:{SEPA_SCHEMA}"
# sepaxml (with numpy) and xmlschema are imported when a file is made or checked: together they
# cost every process about 25 MB. Finding the package's folder does not import it.
_SEPAXML = Path(importlib.util.find_spec("sepaxml").origin).parent
SEPA_XSD = _SEPAXML / "schemas" / f"{SEPA_SCHEMA}.xsd"


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


# --- the SEPA file --------------------------------------------------------------------------


@functools.cache
def _schema():
    import xmlschema

    return xmlschema.XMLSchema(str(SEPA_XSD))


def _tag(name: str) -> str:
    return f"{{{SEPA_NAMESPACE}}}{name}"


def sepa_xml(run: PaymentRun, *, created_at) -> bytes:
    """The pain.001.001.09 credit transfer (DFÜ-Abkommen Anlage 3, GBIC_4) of the run's items.

    Called once, at export. The message id is the run's; the payment information id is derived
    from it, so nothing in the file is random. Validated against the ISO schema.
    """
    from sepaxml import SepaTransfer

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
