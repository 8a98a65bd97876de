import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kmut.pdf import render_pdf, static_only_fetcher_class
from tests.factories import MunicipalityFactory
from tests.pdf import pdf_text, response_pdf_text

pytestmark = pytest.mark.django_db


def test_reference_data_pdf_lists_the_municipalities_in_german(coordinator_client):
    parent = MunicipalityFactory(name="Samtgemeinde Lüchow (Wendland)", kind="samtgemeinde")
    MunicipalityFactory(name="Wustrow (Wendland)", kind="town", parent=parent)

    response = coordinator_client.get(reverse("kmut:reference_pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = response_pdf_text(response)
    assert "Wustrow (Wendland)" in text
    assert "Samtgemeinde Lüchow (Wendland)" in text
    assert "Interkulturelle Öffnung" in text
    assert "Arabisch (ar)" in text
    assert "Seite 1 von" in text


@pytest.mark.allow_error_logs
def test_pdf_fetcher_serves_static_files_and_refuses_everything_else(caplog):
    fetcher = static_only_fetcher_class()()

    response = fetcher.fetch("file:///static/pdf/print.css")
    assert response.headers["Content-Type"] == "text/css"
    for url in (
        "http://169.254.169.254/latest/meta-data",
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
    ):
        with pytest.raises(ValueError, match="may not fetch"):
            fetcher.fetch(url)
    assert "refused to fetch" in caplog.text


def test_archival_pdf_is_pdf_a():
    context = {
        "district_name": "Landkreis Test",
        "printed_at": date(2026, 11, 22),
        "municipalities": [],
        "fields_of_action": [],
        "languages": [],
    }
    pdf = render_pdf("kmut/pdf/reference_data.html", context)
    archival = render_pdf("kmut/pdf/reference_data.html", context, archival=True)
    assert "Stand: 22. November 2026" in pdf_text(archival)
    catalogue = PdfReader(io.BytesIO(archival)).trailer["/Root"]
    assert "/OutputIntents" in catalogue
    assert "/OutputIntents" not in PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def test_pdf_fetcher_serves_the_collected_hashed_stylesheets_of_production(settings, tmp_path):
    """With the manifest storage of production, {% static %} names hashed copies in STATIC_ROOT."""
    from django.core.management import call_command
    from django.templatetags.static import static

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    hashed = static("pdf/print.css")
    assert hashed != "/static/pdf/print.css"

    response = static_only_fetcher_class()().fetch("file://" + hashed)

    assert response.headers["Content-Type"] == "text/css"
    assert b"@page" in response.read()


def test_every_pdf_is_tagged_german_and_titled_and_one_variant_at_most():
    context = {
        "district_name": "Landkreis Test",
        "printed_at": date(2026, 11, 22),
        "municipalities": [],
        "fields_of_action": [],
        "languages": [],
    }
    for options in ({}, {"archival": True}, {"accessible": True}):
        reader = PdfReader(
            io.BytesIO(render_pdf("kmut/pdf/reference_data.html", context, **options))
        )
        catalogue = reader.trailer["/Root"]
        assert catalogue["/MarkInfo"]["/Marked"]
        assert "/StructTreeRoot" in catalogue
        assert catalogue["/Lang"] == "de"
        assert reader.metadata.title == "Stammdaten"
    with pytest.raises(ValueError, match="one PDF variant"):
        render_pdf("kmut/pdf/reference_data.html", context, archival=True, accessible=True)
