"""Reading uploaded CSV/XLSX files for the registry import, checked by content and size."""

import csv
import io
import zipfile

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kmut.exports import unescape_cell

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
_ZIP_MAGIC = b"PK\x03\x04"


def read_table(content: bytes) -> tablib.Dataset:
    """A dataset from the bytes of a CSV (';' or ',', UTF-8 or Windows-1252) or XLSX file."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_IMPORT_BYTES // 1024 // 1024},
            code="too_large",
        )
    if not content.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    dataset = _read_xlsx(content) if content.startswith(_ZIP_MAGIC) else _read_csv(content)
    if not dataset.headers:
        raise ValidationError(_("The file has no header row."), code="no_header")
    if len(dataset) > MAX_IMPORT_ROWS:
        raise ValidationError(
            _("The file has more than %(rows)s rows; please split it.") % {"rows": MAX_IMPORT_ROWS},
            code="too_many_rows",
        )
    cleaned = tablib.Dataset(headers=[str(header or "").strip() for header in dataset.headers])
    for row in dataset:
        cleaned.append([unescape_cell("" if cell is None else cell) for cell in row])
    return cleaned


def _read_xlsx(content: bytes) -> tablib.Dataset:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise ValidationError(_("This is not an Excel (XLSX) file."), code="not_xlsx")
        return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ValidationError(_("The Excel file could not be read."), code="unreadable") from error


def _read_csv(content: bytes) -> tablib.Dataset:
    if b"\x00" in content[:4096]:
        raise ValidationError(_("This is neither a CSV nor an Excel file."), code="binary")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.splitlines()[0] if text else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ValidationError(_("The file is empty."), code="empty")
    headers, body = rows[0], rows[1:]
    dataset = tablib.Dataset(headers=headers)
    for number, row in enumerate(body, start=2):
        if len(row) != len(headers):
            raise ValidationError(
                _("Line %(line)s has %(found)s columns, the header has %(expected)s.")
                % {"line": number, "found": len(row), "expected": len(headers)},
                code="columns",
            )
        dataset.append(row)
    return dataset


def _messages_by_field(error: ValidationError) -> dict[str, list[str]]:
    """The messages of a ValidationError by field; one raised without fields is "__all__"."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"__all__": error.messages}


def import_preview(result, dataset: tablib.Dataset, resource) -> dict:
    """What a dry run would do, row by row, in a form templates can show."""
    columns = {field.attribute: field.column_name for field in resource.fields.values()}
    rows = []
    for number, row_result in enumerate(result.rows, start=2):
        errors = [str(error.error) for error in row_result.errors]
        if row_result.validation_error is not None:
            for field, field_errors in _messages_by_field(row_result.validation_error).items():
                label = "" if field == "__all__" else f"{columns.get(field, field)}: "
                errors.extend(f"{label}{message}" for message in field_errors)
        rows.append(
            {
                "line": number,
                "type": "error" if errors else row_result.import_type,
                "name": dataset[number - 2][dataset.headers.index("Name")]
                if "Name" in dataset.headers
                else "",
                "errors": errors,
            }
        )
    counts = {
        kind: sum(1 for row in rows if row["type"] == kind)
        for kind in ("new", "update", "skip", "error")
    }
    return {"rows": rows, "counts": counts, "can_import": counts["error"] == 0 and bool(rows)}
