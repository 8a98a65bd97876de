"""Hostile import files: built in memory in well under a second, shared by the benchmark (how
fast a huge file is refused) and the tests (that it is refused after bounded work)."""

import io
import zipfile

import openpyxl

MILLION = 1_000_000
SHEET = "xl/worksheets/sheet1.xml"


def xlsx_with_sheet(rows: int, *, dimension: str, cell: bytes = b"<c><v>1</v></c>") -> bytes:
    """A real workbook whose sheet XML is written directly: a header row "Name", then `rows`
    rows of `cell`, under a declared `dimension` that need not be true."""
    template = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name"])
    workbook.save(template)
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="' + dimension.encode() + b'"/><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
    )
    chunk = b"<row>" + cell + b"</row>"
    output = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            if member.filename != SHEET:
                target.writestr(member, source.read(member))
        with target.open(SHEET, "w") as sheet:
            sheet.write(head)
            block = chunk * 10_000
            for _ in range(rows // 10_000):
                sheet.write(block)
            sheet.write(chunk * (rows % 10_000))
            sheet.write(b"</sheetData></worksheet>")
    return output.getvalue()


def million_row_xlsx() -> bytes:
    # The declared dimension lies: it claims two rows.
    return xlsx_with_sheet(MILLION, dimension="A1:A2")


def million_row_csv() -> bytes:
    # Two bytes a row keep a million rows under the 2 MB upload limit.
    return b"Name\n" + b"x\n" * MILLION


def zip_bomb_xlsx() -> bytes:
    # About 75 MB of sheet XML in a zip of well under 1 MB.
    return xlsx_with_sheet(2_500_000, dimension="A1", cell=b"<c><v>12345</v></c>")
