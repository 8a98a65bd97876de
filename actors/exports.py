"""File formats of the registry: CSV/XLSX tables (formula-safe) and vCards."""

import csv
import io

import tablib
import vobject
from django.http import FileResponse
from django.utils import timezone

from kmut.exports import formula_safe
from kmut.responses import CSV, XLSX, file_response


def _escaped(dataset: tablib.Dataset) -> tablib.Dataset:
    safe = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        safe.append(formula_safe(row))
    return safe


def table_response(dataset: tablib.Dataset, *, basename: str, file_format: str) -> FileResponse:
    """CSV (UTF-8 with BOM, ';') or XLSX download of a dataset, every cell formula-safe."""
    safe = _escaped(dataset)
    filename = f"{basename}-{timezone.localdate().isoformat()}"
    if file_format == "xlsx":
        return file_response(safe.export("xlsx"), f"{filename}.xlsx", XLSX)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(safe.headers)
    writer.writerows(safe)
    return file_response("\ufeff" + buffer.getvalue(), f"{filename}.csv", CSV)


def vcard_for(contact) -> str:
    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name(family=contact.last_name, given=contact.first_name)
    card.add("fn").value = contact.full_name
    card.add("org").value = [contact.organisation.name]
    if contact.function:
        card.add("title").value = contact.function
    if contact.phone:
        phone = card.add("tel")
        phone.value = contact.phone
        phone.type_param = "WORK"
    if contact.email:
        email = card.add("email")
        email.value = contact.email
        email.type_param = "INTERNET"
    if contact.responsibility:
        card.add("note").value = contact.responsibility
    return card.serialize()
