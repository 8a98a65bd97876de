"""The registry import reads files row by row and refuses a huge one quickly (issue 15)."""

import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.imports import read_table

pytestmark = pytest.mark.django_db

MILLION = 1_000_000
SHEET = "xl/worksheets/sheet1.xml"
# The acceptance: a huge file is refused within 2 s and 100 MB.
MAX_SECONDS = 2.0
MAX_PEAK_BYTES = 100 * 1024 * 1024


def _xlsx_with_sheet(rows: int, *, dimension: str, cell: bytes = b"<c><v>1</v></c>") -> bytes:
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


@pytest.fixture(scope="session")
def million_row_xlsx(tmp_path_factory):
    path = tmp_path_factory.mktemp("imports") / "million.xlsx"
    # The declared dimension lies: it claims two rows.
    path.write_bytes(_xlsx_with_sheet(MILLION, dimension="A1:A2"))
    return path.read_bytes()


def _million_row_csv() -> bytes:
    # Two bytes a row keep a million rows under the 2 MB upload limit.
    return b"Name\n" + b"x\n" * MILLION


def _post(client, name, content):
    return client.post(
        reverse("actors:organisation_import"), {"file": SimpleUploadedFile(name, content)}
    )


def _refused_quickly_and_lean(client, name, content):
    started = time.perf_counter()
    response = _post(client, name, content)
    seconds = time.perf_counter() - started
    assert response.status_code == 200
    assert "Die Datei hat mehr als 5.000 Zeilen" in response.content.decode()
    assert seconds < MAX_SECONDS, f"took {seconds:.2f} s"

    tracemalloc.start()
    try:
        response = _post(client, name, content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "Die Datei hat mehr als 5.000 Zeilen" in response.content.decode()
    assert peak < MAX_PEAK_BYTES, f"peak {peak / 1024 / 1024:.0f} MB"


def test_a_million_row_xlsx_is_refused_within_two_seconds_and_100_mb(
    coordinator_client, million_row_xlsx
):
    assert len(million_row_xlsx) < 2 * 1024 * 1024
    _refused_quickly_and_lean(coordinator_client, "riesig.xlsx", million_row_xlsx)


def test_a_million_row_csv_is_refused_within_two_seconds_and_100_mb(coordinator_client):
    content = _million_row_csv()
    assert len(content) < 2 * 1024 * 1024
    _refused_quickly_and_lean(coordinator_client, "riesig.csv", content)


def test_an_xlsx_that_unpacks_to_more_than_50_mb_is_refused_before_parsing(coordinator_client):
    # About 75 MB of sheet XML in a zip of well under 1 MB: a small zip bomb.
    content = _xlsx_with_sheet(2_500_000, dimension="A1", cell=b"<c><v>12345</v></c>")
    assert len(content) < 2 * 1024 * 1024
    started = time.perf_counter()
    response = _post(coordinator_client, "bombe.xlsx", content)
    assert time.perf_counter() - started < MAX_SECONDS
    assert response.status_code == 200
    assert "entpackt größer als 50 MB" in response.content.decode()


def test_an_upload_over_2_mb_is_refused_by_its_size(coordinator_client):
    response = _post(coordinator_client, "gross.csv", b"Name\n" + b"x" * (2 * 1024 * 1024))
    assert "Die Datei ist größer als 2 MB." in response.content.decode()


def test_exactly_5000_rows_are_read_also_under_a_lying_dimension():
    xlsx = _xlsx_with_sheet(5000, dimension="A1:A2", cell=b'<c t="inlineStr"><is><t>V</t></is></c>')
    assert len(read_table(io.BytesIO(xlsx))) == 5000
    csv = b"Name\n" + b"V\n" * 5000
    assert len(read_table(io.BytesIO(csv))) == 5000


def test_a_dimension_claiming_the_whole_sheet_does_not_pad_rows():
    xlsx = _xlsx_with_sheet(3, dimension="A1:XFD1048576", cell=b"<c><v>7</v></c>")
    dataset = read_table(io.BytesIO(xlsx))
    assert dataset.headers == ["Name"]
    assert [list(row) for row in dataset] == [[7], [7], [7]]


def test_blank_rows_are_skipped_and_a_csv_with_late_umlauts_in_cp1252_is_read():
    content = ("Name;Ort\n\n" + "Verein;Gartow\n" * 2000 + "Café Zuflucht;Lüchow\n").encode(
        "cp1252"
    )
    dataset = read_table(io.BytesIO(content))
    assert len(dataset) == 2001
    assert dataset[-1] == ("Café Zuflucht", "Lüchow")


def test_a_row_wider_than_the_header_is_an_error_with_its_line():
    with pytest.raises(ValidationError) as error:
        read_table(io.BytesIO(b"Name;Ort\nA;B\nC;D;E\n"))
    assert error.value.code == "columns"
    assert "3" in error.value.messages[0]
