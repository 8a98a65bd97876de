"""Reading uploaded CSV/XLSX files for the registry import, checked by content and size."""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

import tablib
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kmut.exports import unescape_cell

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# Rows read at all, blank ones included: bounds the work a file of empty rows can cause.
MAX_READ_ROWS = 10 * MAX_IMPORT_ROWS
# Unpacked size of all members of an XLSX: a small zip can expand hugely (zip bomb), and
# openpyxl keeps the shared strings in memory.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_SNIFF_BYTES = 4096


def read_table(source: BinaryIO) -> tablib.Dataset:
    """A dataset from an uploaded CSV (';' or ',', UTF-8 or Windows-1252) or XLSX file.

    The file is read row by row and refused as soon as it has more than MAX_IMPORT_ROWS data
    rows, so a huge file costs no more time or memory than one just over the limit.
    """
    size = _size(source)
    if size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_IMPORT_BYTES // 1024 // 1024},
            code="too_large",
        )
    source.seek(0)
    start = source.read(_SNIFF_BYTES)
    source.seek(0)
    if not start.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    rows = _xlsx_rows(source) if start.startswith(_ZIP_MAGIC) else _csv_rows(source, start)
    headers = None
    dataset = None
    try:
        for line, row in _limited(rows):
            if headers is None:
                headers = [str(header or "").strip() for header in row]
                if not any(headers):
                    raise ValidationError(_("The file has no header row."), code="no_header")
                dataset = tablib.Dataset(headers=headers)
                continue
            if not _is_blank(row[len(headers) :]):
                raise _column_error(line, len(row), len(headers))
            cells = list(row[: len(headers)]) + [None] * (len(headers) - len(row))
            dataset.append([unescape_cell("" if cell is None else cell) for cell in cells])
    finally:
        rows.close()  # the reader lets go of the file while it is still open
    if headers is None:
        raise ValidationError(_("The file is empty."), code="empty")
    return dataset


def _size(source: BinaryIO) -> int:
    size = getattr(source, "size", None)
    if size is None:
        size = source.seek(0, io.SEEK_END)
    return size


def _is_blank(row) -> bool:
    return not any(cell is not None and str(cell).strip() for cell in row)


def _too_many_rows() -> ValidationError:
    return ValidationError(
        _("The file has more than %(rows)s rows; please split it.")
        % {"rows": number_format(MAX_IMPORT_ROWS, force_grouping=True)},
        code="too_many_rows",
    )


def _column_error(line: int, found: int, expected: int) -> ValidationError:
    return ValidationError(
        _("Line %(line)s has %(found)s columns, the header has %(expected)s.")
        % {"line": line, "found": found, "expected": expected},
        code="columns",
    )


def _limited(rows: Iterator[tuple]) -> Iterator[tuple[int, tuple]]:
    """(line, row) of the non-blank rows, header first; refused once past the row limit."""
    data_rows = -1  # the header is not a data row
    for line, row in enumerate(rows, start=1):
        if line > MAX_READ_ROWS:
            raise _too_many_rows()
        if _is_blank(row):
            continue
        data_rows += 1
        if data_rows > MAX_IMPORT_ROWS:
            raise _too_many_rows()
        yield line, row


def _xlsx_rows(source: BinaryIO) -> Iterator[tuple]:
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            if "xl/workbook.xml" not in {member.filename for member in members}:
                raise ValidationError(_("This is not an Excel (XLSX) file."), code="not_xlsx")
            if sum(member.file_size for member in members) > MAX_XLSX_UNPACKED_BYTES:
                raise ValidationError(
                    _("The Excel file is larger than %(size)s MB when unpacked.")
                    % {"size": MAX_XLSX_UNPACKED_BYTES // 1024 // 1024},
                    code="too_large_unpacked",
                )
        source.seek(0)
        import openpyxl  # imported when a workbook is read: with numpy ~20 MB in every process

        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ValidationError(_("The Excel file could not be read."), code="unreadable") from error
    try:
        sheet = workbook.active
        if sheet is None:
            raise ValidationError(_("The Excel file could not be read."), code="unreadable")
        # The sheet's declared dimension can lie: read the rows that are there, not padded to it.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ValidationError(_("The Excel file could not be read."), code="unreadable") from error
    finally:
        workbook.close()


def _csv_rows(source: BinaryIO, start: bytes) -> Iterator[list[str]]:
    if b"\x00" in start:
        raise ValidationError(_("This is neither a CSV nor an Excel file."), code="binary")
    encoding = "utf-8-sig" if _is_utf8(source) else "cp1252"
    text = io.TextIOWrapper(source, encoding=encoding, newline="")
    try:
        first_line = text.readline()
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
        text.seek(0)
        reader = csv.reader(text, delimiter=delimiter)
        width = None
        for row in reader:
            if not any(cell.strip() for cell in row):
                yield row
                continue
            if width is None:
                width = len(row)
            elif len(row) != width:
                raise _column_error(reader.line_num, len(row), width)
            yield row
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValidationError(_("The file could not be read."), code="unreadable") from error
    finally:
        text.detach()


def _is_utf8(source: BinaryIO) -> bool:
    """Whether the whole file is UTF-8, read in chunks (no copy of it is kept)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in iter(lambda: source.read(64 * 1024), b""):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        source.seek(0)
    return True
