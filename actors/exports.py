"""File formats of the registry: CSV/XLSX tables (formula-safe) and vCards."""

import csv
import io

import tablib
import vobject
from django.http import HttpResponse
from django.utils import timezone

from kmut.exports import formula_safe


def _escaped(dataset: tablib.Dataset) -> tablib.Dataset:
    safe = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        safe.append(formula_safe(row))
    return safe


def table_response(dataset: tablib.Dataset, *, basename: str, file_format: str) -> HttpResponse:
    """CSV (UTF-8 with BOM, ';') or XLSX download of a dataset, every cell formula-safe."""
    safe = _escaped(dataset)
    stamp = timezone.localdate().isoformat()
    if file_format == "xlsx":
        response = HttpResponse(
            safe.export("xlsx"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        extension = "xlsx"
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(safe.headers)
        writer.writerows(safe)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        extension = "csv"
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.{extension}"'
    return response


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
