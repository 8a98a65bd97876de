"""Volunteers can be exported as CSV and XLSX like the registry (issue 16)."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from kmut.models import Language
from tests.factories import MunicipalityFactory
from tests.volunteers.factories import ProgrammeFactory, VolunteerFactory
from volunteers.models import VolunteerLanguage

pytestmark = pytest.mark.django_db


def _volunteer():
    volunteer = VolunteerFactory(
        first_name="Amira",
        last_name="Haddad",
        phone="+49 5841 42",
        available_days="02",
        certificate_renewal_due_on=date(2027, 3, 31),
        notes="=SUMME(A1)",
    )
    volunteer.municipalities.add(MunicipalityFactory(name="Gartow"))
    volunteer.programmes.add(ProgrammeFactory())
    VolunteerLanguage.objects.create(
        volunteer=volunteer,
        language=Language.objects.get_or_create(code="ar", defaults={"name": "Arabisch"})[0],
        level="native",
    )
    return volunteer


def test_csv_export_has_the_filtered_volunteers_formula_safe(coordinator_client):
    _volunteer()
    VolunteerFactory(last_name="Ausgeschieden", status="left")
    response = coordinator_client.get(
        reverse("volunteers:volunteer_export"), {"format": "csv", "status": "active"}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="ehrenamtliche-')
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["Vorname"], row["Nachname"]) == ("Amira", "Haddad")
    assert row["Telefon"] == "'+49 5841 42"
    assert row["Gemeinden"] == "Gartow"
    assert row["Programme"] == "Pool an Sprachmittelnden"
    assert row["Sprachen"] == "ar (Muttersprache)"
    assert row["Verfügbar an"] == "Montag, Mittwoch"
    assert row["Status"] == "aktiv"
    assert row["Führungszeugnis erneuern bis"] == "31.03.2027"
    assert row["Interne Notizen"] == "'=SUMME(A1)"


def test_xlsx_export_opens_in_excel(coordinator_client):
    _volunteer()
    response = coordinator_client.get(reverse("volunteers:volunteer_export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("ID", "Vorname", "Nachname")
    assert rows[1][1:3] == ("Amira", "Haddad")


def test_the_list_links_to_the_export(coordinator_client):
    html = coordinator_client.get(reverse("volunteers:volunteer_list")).content.decode()
    assert reverse("volunteers:volunteer_export") in html
