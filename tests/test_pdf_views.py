"""Every PDF the project serves is tagged, has a title and keeps its text inside the page.

The views are taken from the permission matrix (objects and a role that may open them); a guard
test makes sure a new PDF URL is added here.
"""

import io
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

from kmut import roles
from reporting import releases
from tests.factories import (
    ContactPersonFactory,
    FieldOfActionFactory,
    OfferFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.pdf import text_outside_page
from tests.test_permissions import MATRIX, OWN_ONLY, PUBLIC
from tests.volunteers import factories as vol

# url name -> (extra kwargs, query string); names without ".pdf" in their route are listed too.
PDF_VIEWS = {
    "kmut:reference_pdf": ({}, ""),
    "actors_public:atlas_pdf": ({}, ""),
    "consultations:client_export_pdf": ({}, ""),
    "consultations:statistics_pdf": ({}, ""),
    "roundtable:minutes_pdf": ({}, ""),
    "roundtable:minutes_pdf public": ({}, "?variant=public"),
    "roundtable:attendance_pdf": ({}, ""),
    "volunteers:volunteer_confirmation": ({}, ""),
    "volunteers:certificate": ({}, ""),
    "volunteers:paymentrun_document": ({"file_format": "pdf"}, ""),
    "volunteers:portal_certificate": ({}, ""),
    "volunteers:portal_confirmation": ({}, ""),
    "reporting:funding_export": ({"file_format": "pdf"}, ""),
    "reporting:actionplan_pdf": ({}, ""),
    "reporting:annualreport_preview": ({}, ""),
    "reporting:released_download": ({}, ""),
}
# Accessible (PDF/UA-1) and archival (PDF/A-3b) documents, docs/decisions/0006.
PDF_UA = {"actors_public:atlas_pdf"}
PDF_A = {"reporting:released_download"}


def _routes(patterns, namespace="", prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", route, pattern.default_args


def test_every_pdf_url_is_checked():
    pdf_urls = {
        name
        for name, route, defaults in _routes(get_resolver().url_patterns)
        if "pdf" in route or "<str:file_format>" in route or defaults.get("file_format") == "pdf"
    }
    checked = {name.split(" ")[0] for name in PDF_VIEWS}
    # statistics_export serves only CSV and XLSX (its PDF is statistics_pdf).
    assert pdf_urls - checked <= {"consultations:statistics_export"}
    assert checked <= pdf_urls


def _atlas_entries():
    """Entries as long as the real ones (seed 001), which once pushed a column off the page."""
    field = FieldOfActionFactory(name="Sprache, Bildung und Beruf im Wendland")
    agency = OrganisationFactory(
        name="Agentur für Arbeit Uelzen – Geschäftsstelle Lüchow",
        street="Dannenberger Straße 32",
        phone="0800 4555500",
        email="uelzen.luechow@arbeitsagentur.example",
    )
    agency.fields_of_action.add(field)
    ContactPersonFactory(
        organisation=agency,
        first_name="Svenja",
        last_name="Möller",
        function="Beauftragte für Chancengleichheit am Arbeitsmarkt",
        email="svenja.moeller@arbeitsagentur.example",
    )
    for title in (
        "Frauenintegrationskurs A2 – Clenze",
        "Prüfungsvorbereitung DTZ B1 – Wustrow",
        "Berufssprachkurs B2 (DeuFöV)",
        "Elternintegrationskurs A1 – Dannenberg",
    ):
        OfferFactory(organisation=agency, title=title, level="B1")


def _released_report(lead):
    report = releases.create_report(year=2026, by=lead)
    report.paper_number = "2026-31/0815"
    report.save()
    releases.mark_reviewed(report=report, by=UserFactory(role=roles.COORDINATION))
    report = releases.release(
        report=report,
        by=lead,
        confirmed=[gap.code for gap in releases.completeness(report)],
        base_url="http://testserver",
    )
    return {"pk": report.pk}


def _client_and_url(name, client_for):
    url_name = name.split(" ")[0]
    extra, query = PDF_VIEWS[name]
    allowed, make_kwargs = MATRIX[url_name]
    if url_name == "volunteers:portal_certificate":
        participant = vol.CertifiedParticipantFactory()
        client = Client()
        client.force_login(participant.volunteer.user)
        return client, reverse(url_name, kwargs={"pk": participant.pk})
    assert allowed != OWN_ONLY, f"{url_name}: add how its owner logs in"
    if allowed == PUBLIC:
        client = Client()
    else:
        client = client_for(roles.LEADERSHIP if roles.LEADERSHIP in allowed else allowed[0])
    if url_name == "reporting:released_download":
        kwargs = _released_report(UserFactory(role=roles.LEADERSHIP))
    else:
        kwargs = make_kwargs() if make_kwargs else {}
    return client, reverse(url_name, kwargs={**kwargs, **extra}) + query


def _pdfinfo(path) -> dict:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) not installed")
    output = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return {
        key.strip(): value.strip()
        for key, _sep, value in (line.partition(":") for line in output.splitlines())
    }


def _xmp(path) -> str:
    return subprocess.run(
        ["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.django_db
@pytest.mark.parametrize("name", PDF_VIEWS)
def test_pdf_is_tagged_titled_german_and_inside_its_pages(name, client_for, tmp_path):
    _atlas_entries()
    client, url = _client_and_url(name, client_for)

    response = client.get(url)

    assert response.status_code == 200, url
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-")
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    info = _pdfinfo(path)
    assert info["Tagged"] == "yes"
    assert info.get("Title"), "a PDF needs a title (the template's <title>)"
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "de"
    assert not text_outside_page(data)
    metadata = _xmp(path)
    assert ('pdfuaid:part="1"' in metadata) == (name in PDF_UA)
    assert ('pdfaid:part="3"' in metadata) == (name in PDF_A)
