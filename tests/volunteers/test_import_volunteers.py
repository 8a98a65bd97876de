"""Importing volunteers: own headings, matching by ID, e-mail or name, exact preview, undo, and
the round trip of the export."""

import io
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.models import ImportBatch, ImportMapping
from kmut.models import Language
from tests.factories import MunicipalityFactory, OrganisationFactory
from tests.volunteers.factories import ProgrammeFactory, VolunteerFactory
from volunteers.models import Volunteer, VolunteerLanguage

pytestmark = pytest.mark.django_db

OFFICE_LIST = (
    "Name;Mail;Handy;Wohnort;Sprachen;Führungszeugnis;Verschwiegenheitserklärung\n"
    "Anna Schmidt;anna@example.org;0171 111;Lüchow;ar (Muttersprache)|de (gut);"
    "15.01.2026;16.01.2026\n"
    "Müller, Bernd;;0172 222;Gartow;;;\n"
).encode("cp1252")


@pytest.fixture
def languages():
    return {
        code: Language.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (("ar", "Arabisch"), ("de", "Deutsch"), ("uk", "Ukrainisch"))
    }


def _upload(client, content: bytes, name="ehrenamtliche.csv"):
    return client.post(
        reverse("volunteers:volunteer_import"), {"file": SimpleUploadedFile(name, content)}
    )


def _map(client, **overrides):
    page = client.get(reverse("volunteers:volunteer_import_mapping"))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({f"column_{index}": value for index, value in overrides.items()})
    return client.post(reverse("volunteers:volunteer_import_mapping"), data)


def _preview(client):
    return client.get(reverse("volunteers:volunteer_import_preview"))


def _confirm(client, preview, decisions=None):
    return client.post(
        reverse("volunteers:volunteer_import_confirm"),
        {"fingerprint": preview.context["plan"].fingerprint},
        follow=True,
    )


def _state():
    return {
        volunteer.pk: (
            {
                field.attname: getattr(volunteer, field.attname)
                for field in Volunteer._meta.concrete_fields
                if field.name not in ("updated_at", "version")
            },
            sorted(volunteer.programmes.values_list("pk", flat=True)),
            sorted(volunteer.municipalities.values_list("pk", flat=True)),
            sorted(volunteer.language_skills.values_list("language_id", "level")),
        )
        for volunteer in Volunteer.objects.all()
    }


def test_the_volunteer_list_has_an_import_button(coordinator_client):
    page = coordinator_client.get(reverse("volunteers:volunteer_list"))
    assert reverse("volunteers:volunteer_import") in page.content.decode()
    assert "Liste importieren" in page.content.decode()
    upload = coordinator_client.get(reverse("volunteers:volunteer_import"))
    html = upload.content.decode()
    assert "Ehrenamtliche importieren" in html
    assert "die übrigen werden über die E-Mail-Adresse, sonst über Vor- und Nachname" in html
    assert "kind" not in upload.context["form"].fields


def test_the_offices_own_headings_import_volunteers_with_languages(coordinator_client, languages):
    assert _upload(coordinator_client, OFFICE_LIST).url == reverse(
        "volunteers:volunteer_import_mapping"
    )
    page = coordinator_client.get(reverse("volunteers:volunteer_import_mapping"))
    form = page.context["form"]
    assert [form[f"column_{index}"].value() for index in range(7)] == [
        "full_name",
        "email",
        "phone",
        "city",
        "languages",
        "certificate_inspected_on",
        "confidentiality_signed_on",
    ]
    assert _map(coordinator_client).status_code == 302
    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.counts == {"new": 2, "update": 0, "skip": 0, "error": 0, "uncertain": 0}
    assert not Volunteer.objects.exists()

    response = _confirm(coordinator_client, preview)
    assert "Import abgeschlossen: 2 neu, 0 aktualisiert, 0 unverändert." in (
        response.content.decode()
    )
    assert ImportBatch.objects.get().counts == plan.counts
    anna = Volunteer.objects.get(email="anna@example.org")
    assert (anna.first_name, anna.last_name, anna.phone) == ("Anna", "Schmidt", "0171 111")
    assert anna.certificate_inspected_on == date(2026, 1, 15)
    assert anna.confidentiality_signed_on == date(2026, 1, 16)
    assert sorted(anna.language_skills.values_list("language__code", "level")) == [
        ("ar", "native"),
        ("de", "good"),
    ]
    assert anna.status == "interested"
    bernd = Volunteer.objects.get(last_name="Müller")
    assert (bernd.first_name, bernd.city) == ("Bernd", "Gartow")
    assert anna.history.first().history_change_reason == "Import von „ehrenamtliche.csv“"
    skill = VolunteerLanguage.objects.get(volunteer=anna, language=languages["ar"])
    assert skill.history.first().history_change_reason == "Import von „ehrenamtliche.csv“"
    assert ImportMapping.objects.get(kind="volunteers").columns["Name"] == "full_name"


def test_match_by_email_or_name_updates_and_keeps_other_fields(coordinator_client, languages):
    programme = ProgrammeFactory()
    anna = VolunteerFactory(
        first_name="Anna", last_name="Schmidt", email="ANNA@example.org", notes="Bleibt"
    )
    anna.programmes.add(programme)
    VolunteerLanguage.objects.create(volunteer=anna, language=languages["uk"], level="fluent")
    bernd = VolunteerFactory(first_name="Bernd", last_name="Müller", email="", phone="alt")
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.counts == {"new": 0, "update": 2, "skip": 0, "error": 0, "uncertain": 0}
    assert [row.target for row in plan.rows] == [anna, bernd]
    assert [(c.label, c.old, c.new) for c in plan.rows[1].changes] == [
        ("Telefon", "alt", "0172 222"),
        ("Ort", "", "Gartow"),
    ]
    _confirm(coordinator_client, preview)
    anna.refresh_from_db()
    assert anna.phone == "0171 111"
    assert anna.notes == "Bleibt"
    assert list(anna.programmes.all()) == [programme]
    assert sorted(anna.language_skills.values_list("language__code", flat=True)) == ["ar", "de"]
    bernd.refresh_from_db()
    assert (bernd.phone, bernd.city, bernd.first_name) == ("0172 222", "Gartow", "Bernd")
    assert bernd.history.first().history_change_reason == "Import von „ehrenamtliche.csv“"


def test_uncertain_and_ambiguous_matches(coordinator_client, languages):
    anna = VolunteerFactory(first_name="Anna", last_name="Schmidt", email="schmidt@example.org")
    VolunteerFactory(first_name="Bernd", last_name="Müller")
    VolunteerFactory(first_name="Bernd", last_name="Mueller")
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.counts == {"new": 0, "update": 0, "skip": 0, "error": 1, "uncertain": 1}
    assert [str(error) for error in plan.errors] == [
        "Zeile 3, Spalte „Name“: Mehrere Ehrenamtliche heißen „Bernd Müller“; bitte verwenden "
        "Sie die Spalte ID."
    ]
    assert plan.rows[0].candidates == [anna]
    assert "mit „Anna Schmidt“" in preview.content.decode()

    # Decided: the same person with a new address.
    coordinator_client.post(reverse("volunteers:volunteer_import_decide"), {"decision-2": anna.pk})
    plan = _preview(coordinator_client).context["plan"]
    assert plan.rows[0].action == "update"
    assert plan.rows[0].target == anna
    assert ("E-Mail", "schmidt@example.org", "anna@example.org") in [
        (c.label, c.old, c.new) for c in plan.rows[0].changes
    ]


def test_unknown_column_and_errors_with_line_and_column(coordinator_client, languages):
    content = (
        "Vorname;Nachname;Sprachen;Status;Farbe\n"
        "Anna;Schmidt;ar;aktiv;blau\n"
        "Bernd;Müller;de (gut);im Urlaub;rot\n"
    ).encode()
    _upload(coordinator_client, content)
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.ignored_columns == ["Farbe"]
    assert [str(error) for error in plan.errors] == [
        "Zeile 2, Spalte „Sprachen“: Bitte geben Sie das Niveau für ar an, z. B. „ar (gut)“.",
        "Zeile 3, Spalte „Status“: „im Urlaub“ ist kein zulässiger Wert.",
    ]
    errors = coordinator_client.get(reverse("volunteers:volunteer_import_errors"))
    assert "3;Status;„im Urlaub“ ist kein zulässiger Wert." in errors.getvalue().decode("utf-8-sig")
    assert not plan.can_import


def test_an_xlsx_imports_and_undo_restores(coordinator_client, languages):
    MunicipalityFactory(name="Gartow")
    bernd = VolunteerFactory(first_name="Bernd", last_name="Müller", phone="alt")
    VolunteerLanguage.objects.create(volunteer=bernd, language=languages["uk"], level="basic")
    before = _state()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ID", "Vorname", "Nachname", "Telefon", "Gemeinden", "Sprachen", "Datenschutz"])
    sheet.append([bernd.pk, "Bernd", "Müller", "05846 1", "Gartow", "de (gut)|uk (fließend)"])
    sheet.append([None, "Clara", "Neu", 5841123, "", "de (Muttersprache)"])
    sheet.cell(row=2, column=7, value=date(2026, 2, 2))
    out = io.BytesIO()
    workbook.save(out)
    _upload(coordinator_client, out.getvalue(), name="liste.xlsx")
    _map(coordinator_client, **{"6": "data_protection_instructed_on"})
    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.counts == {"new": 1, "update": 1, "skip": 0, "error": 0, "uncertain": 0}, [
        str(error) for error in plan.errors
    ]
    _confirm(coordinator_client, preview)
    bernd.refresh_from_db()
    assert bernd.phone == "05846 1"
    assert bernd.data_protection_instructed_on == date(2026, 2, 2)
    assert sorted(bernd.language_skills.values_list("language__code", "level")) == [
        ("de", "good"),
        ("uk", "fluent"),
    ]
    assert Volunteer.objects.get(last_name="Neu").phone == "5841123"

    batch = ImportBatch.objects.get()
    response = coordinator_client.post(
        reverse("actors:import_batch_undo", args=[batch.pk]), follow=True
    )
    assert "Der Import wurde rückgängig gemacht." in response.content.decode()
    assert _state() == before
    assert bernd.history.first().history_change_reason == (
        "Import von „liste.xlsx“ rückgängig gemacht"
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_imported_again_is_unchanged(coordinator_client, languages, file_format):
    programme = ProgrammeFactory()
    organisation = OrganisationFactory(name="Netzwerk Asyl")
    place = MunicipalityFactory(name="Clenze")
    anna = VolunteerFactory(
        first_name="Anna",
        last_name="Schmidt",
        phone="05841 111",
        street="Lange Str. 1",
        postal_code="29439",
        city="Lüchow",
        organisation=organisation,
        available_days="03",
        availability="nachmittags",
        certificate_inspected_by="Frau Meyer",
        data_protection_instructed_on=date(2026, 1, 2),
        notes="=1+1 und mehr\nzweite Zeile",
    )
    anna.programmes.add(programme)
    anna.municipalities.add(place)
    VolunteerLanguage.objects.create(volunteer=anna, language=languages["ar"], level="native")
    VolunteerLanguage.objects.create(volunteer=anna, language=languages["de"], level="good")
    VolunteerFactory(first_name="Bernd", last_name="Müller", email="", status="paused")
    before = _state()
    export = coordinator_client.get(reverse("volunteers:volunteer_export"), {"format": file_format})
    content = b"".join(export.streaming_content) if export.streaming else export.content

    _upload(coordinator_client, content, name=f"ehrenamtliche.{file_format}")
    _map(coordinator_client)
    plan = _preview(coordinator_client).context["plan"]
    assert plan.ignored_columns == []
    assert plan.counts == {"new": 0, "update": 0, "skip": 2, "error": 0, "uncertain": 0}, [
        (row.label, [(c.field, c.old, c.new) for c in row.changes], [str(e) for e in row.errors])
        for row in plan.rows
    ]
    assert _state() == before


def test_the_volunteer_import_and_its_batches_need_its_permission(
    coordinator_client, coordinator, languages
):
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    _confirm(coordinator_client, _preview(coordinator_client))
    batch = ImportBatch.objects.get()
    _upload(coordinator_client, OFFICE_LIST)
    coordinator.groups.get().permissions.remove(Permission.objects.get(codename="import_volunteer"))
    client = coordinator_client
    assert client.get(reverse("volunteers:volunteer_import")).status_code == 403
    assert client.get(reverse("volunteers:volunteer_import_mapping")).status_code == 403
    page = client.get(reverse("volunteers:volunteer_list"))
    assert reverse("volunteers:volunteer_import") not in page.content.decode()
    # The registry's import stays; the volunteers' batch is neither shown nor undone.
    assert client.get(reverse("actors:organisation_import")).status_code == 200
    assert batch not in client.get(reverse("actors:import_batch_list")).context["object_list"]
    assert client.post(reverse("actors:import_batch_undo", args=[batch.pk])).status_code == 404
    assert Volunteer.objects.count() == 2
