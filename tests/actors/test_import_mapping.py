"""Imports with the office's own headings: mapping, matching, exact preview, undo (issue 16)."""

import csv
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors import importing
from actors.models import ContactPerson, ImportBatch, ImportMapping, Organisation
from kmut.search import fold
from tests.factories import ContactPersonFactory, MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

OFFICE_LIST = (
    "Träger;Ort;Telefon;Ansprechpartner\n"
    "Café Zuflucht e.V.;Lüchow (Wendland);05841 111;Frau Anna Schmidt\n"
    "Netzwerk Asyl;Gartow;05846 222;Bernd Müller\n"
).encode("cp1252")


@pytest.fixture
def municipalities():
    return {
        name: MunicipalityFactory(name=name) for name in ("Lüchow (Wendland)", "Gartow", "Clenze")
    }


def _upload(client, content: bytes, name="liste.csv"):
    return client.post(
        reverse("actors:organisation_import"), {"file": SimpleUploadedFile(name, content)}
    )


def _map(client, **overrides):
    """Step 2 with the suggested mapping (overrides: column index -> field)."""
    page = client.get(reverse("actors:organisation_import_mapping"))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({f"column_{index}": value for index, value in overrides.items()})
    return client.post(reverse("actors:organisation_import_mapping"), data)


def _preview(client):
    return client.get(reverse("actors:organisation_import_preview"))


def _confirm(client, preview):
    return client.post(
        reverse("actors:organisation_import_confirm"),
        {"fingerprint": preview.context["plan"].fingerprint},
        follow=True,
    )


def _state():
    """Every organisation's and contact's stored values, for comparing before and after."""
    organisations = {
        organisation.pk: (
            {
                field.attname: getattr(organisation, field.attname)
                for field in Organisation._meta.concrete_fields
                if field.name not in ("updated_at", "version")
            },
            sorted(organisation.municipalities.values_list("pk", flat=True)),
        )
        for organisation in Organisation.objects.all()
    }
    contacts = {
        contact.pk: {
            field.attname: getattr(contact, field.attname)
            for field in ContactPerson._meta.concrete_fields
            if field.name not in ("updated_at", "version")
        }
        for contact in ContactPerson.objects.all()
    }
    return organisations, contacts


def test_the_offices_own_headings_are_suggested_and_import_organisations_with_contacts(
    coordinator_client, municipalities
):
    assert _upload(coordinator_client, OFFICE_LIST).url == reverse(
        "actors:organisation_import_mapping"
    )
    page = coordinator_client.get(reverse("actors:organisation_import_mapping"))
    form = page.context["form"]
    assert [form[f"column_{index}"].value() for index in range(4)] == [
        "name",
        "municipality",
        "phone",
        "contact_name",
    ]
    html = page.content.decode()
    assert "nicht importieren" in html
    assert '<option value="contact_name" selected>Ansprechperson: Name</option>' in html
    assert _map(coordinator_client).status_code == 302

    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.counts == {"new": 2, "update": 0, "skip": 0, "error": 0, "uncertain": 0}
    html = preview.content.decode()
    assert "2 neu" in html
    assert "Frau Anna Schmidt" in html
    assert not Organisation.objects.exists()

    response = _confirm(coordinator_client, preview)
    assert (
        "Import abgeschlossen: 2 neu, 0 aktualisiert, 0 unverändert." in response.content.decode()
    )
    batch = ImportBatch.objects.get()
    assert batch.counts == plan.counts
    cafe = Organisation.objects.get(name="Café Zuflucht e.V.")
    assert cafe.phone == "05841 111"
    assert list(cafe.municipalities.all()) == [municipalities["Lüchow (Wendland)"]]
    contact = cafe.contacts.get()
    assert (contact.title, contact.first_name, contact.last_name) == ("Frau", "Anna", "Schmidt")
    assert contact.legal_basis == "public_task"
    assert Organisation.objects.get(name="Netzwerk Asyl").contacts.get().last_name == "Müller"
    assert cafe.history.first().history_change_reason == "Import von „liste.csv“"

    # The mapping is remembered for the next import of organisations.
    assert ImportMapping.objects.get(kind="organisations").columns["Träger"] == "name"


def test_a_row_matched_by_name_updates_and_keeps_municipalities_and_publication(
    coordinator_client, municipalities
):
    existing = OrganisationFactory(
        name="Cafe  Zuflucht e. V.", publication="public", phone="alt", city="Lüchow (Wendland)"
    )
    existing.municipalities.add(municipalities["Clenze"], municipalities["Lüchow (Wendland)"])
    contact = ContactPersonFactory(organisation=existing, first_name="Anna", last_name="Schmidt")
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.counts == {"new": 1, "update": 1, "skip": 0, "error": 0, "uncertain": 0}
    changes = [(c.label, c.old, c.new) for c in plan.rows[0].changes]
    assert changes == [("Telefon", "alt", "05841 111")]
    assert "alt → 05841 111" in preview.content.decode()

    _confirm(coordinator_client, preview)
    assert ImportBatch.objects.get().counts == plan.counts
    assert Organisation.objects.count() == 2
    existing.refresh_from_db()
    assert existing.phone == "05841 111"
    assert existing.name == "Cafe  Zuflucht e. V."  # the matched name is not rewritten
    assert existing.publication == "public"
    assert set(existing.municipalities.all()) == {
        municipalities["Clenze"],
        municipalities["Lüchow (Wendland)"],
    }
    assert list(existing.contacts.all()) == [contact]


def test_undo_restores_the_state_before_and_happens_once(coordinator_client, municipalities):
    existing = OrganisationFactory(name="Netzwerk Asyl", phone="0", city="Gartow")
    existing.municipalities.add(municipalities["Clenze"])
    before = _state()
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    assert preview.context["plan"].counts["update"] == 1
    _confirm(coordinator_client, preview)
    batch = ImportBatch.objects.get()
    assert _state() != before
    existing.refresh_from_db()
    assert set(existing.municipalities.all()) == {
        municipalities["Clenze"],
        municipalities["Gartow"],
    }

    url = reverse("actors:import_batch_undo", args=[batch.pk])
    response = coordinator_client.post(url, follow=True)
    assert "Der Import wurde rückgängig gemacht." in response.content.decode()
    assert _state() == before
    assert existing.history.first().history_change_reason == (
        "Import von „liste.csv“ rückgängig gemacht"
    )
    batch.refresh_from_db()
    assert batch.undone_by is not None

    response = coordinator_client.post(url, follow=True)
    assert "bereits rückgängig gemacht" in response.content.decode()
    assert _state() == before


def test_undo_keeps_an_entry_changed_after_the_import(coordinator_client, municipalities):
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    _confirm(coordinator_client, _preview(coordinator_client))
    cafe = Organisation.objects.get(name="Café Zuflucht e.V.")
    cafe.contacts.get().delete()
    cafe.refresh_from_db()
    cafe.notes = "Nach dem Import geändert"
    cafe.save()
    batch = ImportBatch.objects.get()
    response = coordinator_client.post(
        reverse("actors:import_batch_undo", args=[batch.pk]), follow=True
    )
    html = response.content.decode()
    assert "nach dem Import geändert und bleibt erhalten" in html
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Café Zuflucht e.V."]


def test_an_unknown_column_is_listed_and_not_imported(coordinator_client, municipalities):
    content = b"Name;Lieblingsfarbe;Ort\nVerein Blau;blau;Gartow\n"
    _upload(coordinator_client, content)
    page = coordinator_client.get(reverse("actors:organisation_import_mapping"))
    assert page.context["form"]["column_1"].value() == ""
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    assert preview.context["plan"].ignored_columns == ["Lieblingsfarbe"]
    assert "Diese Spalten werden nicht importiert: Lieblingsfarbe" in preview.content.decode()


def test_an_uncertain_match_needs_a_choice_before_importing(coordinator_client, municipalities):
    elsewhere = OrganisationFactory(name="Netzwerk Asyl", city="Dannenberg (Elbe)")
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.counts["uncertain"] == 1
    assert not plan.can_import
    html = preview.content.decode()
    assert "neu anlegen" in html
    assert "mit „Netzwerk Asyl“ (Dannenberg (Elbe)) zusammenführen und aktualisieren" in html
    assert "Jetzt importieren" not in html

    # Importing anyway (e.g. a stale form) changes nothing.
    _confirm(coordinator_client, preview)
    assert Organisation.objects.count() == 1

    coordinator_client.post(
        reverse("actors:organisation_import_decide"), {"decision-3": elsewhere.pk}
    )
    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.counts == {"new": 1, "update": 1, "skip": 0, "error": 0, "uncertain": 0}
    _confirm(coordinator_client, preview)
    elsewhere.refresh_from_db()
    assert elsewhere.phone == "05846 222"
    assert Organisation.objects.count() == 2


def test_a_change_between_preview_and_import_is_refused(coordinator_client, municipalities):
    existing = OrganisationFactory(name="Netzwerk Asyl", city="Gartow", phone="0")
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    existing.phone = "05846 222"
    existing.save()
    response = _confirm(coordinator_client, preview)
    assert "seit der Vorschau geändert" in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert Organisation.objects.count() == 1


def test_errors_name_line_and_column_and_can_be_downloaded(coordinator_client, municipalities):
    content = (
        "Träger;PLZ;Gemeinde;E-Mail\n"
        "Gut e.V.;29439;Gartow;gut@example.org\n"
        "Schlecht e.V.;123;Atlantis;keine-adresse\n"
    ).encode()
    _upload(coordinator_client, content)
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    html = preview.content.decode()
    assert "Zeile 3, Spalte „PLZ“: Eine Postleitzahl hat fünf Ziffern." in html
    assert "Zeile 3, Spalte „Gemeinde“: „Atlantis“ ist keine Gemeinde des Landkreises." in html
    assert "Zeile 3, Spalte „E-Mail“:" in html
    assert "Jetzt importieren" not in html

    download = coordinator_client.get(reverse("actors:organisation_import_errors"))
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Zeile", "Spalte", "Fehler"]
    assert ["3", "PLZ", "Eine Postleitzahl hat fünf Ziffern."] in rows
    assert {row[1] for row in rows[1:]} == {"PLZ", "Gemeinde", "E-Mail"}
    assert not Organisation.objects.exists()


def test_mapping_a_field_twice_or_no_name_is_refused(coordinator_client):
    _upload(coordinator_client, "Träger;Verein\nA;B\n".encode())
    response = _map(coordinator_client, **{"0": "name", "1": "name"})
    assert "Das Feld „Name“ ist mehr als einer Spalte zugeordnet." in response.content.decode()
    response = _map(coordinator_client, **{"0": "", "1": "phone"})
    assert "Bitte ordnen Sie dem Feld „Name“ eine Spalte zu." in response.content.decode()


def test_normalised_names_ignore_case_umlauts_and_punctuation():
    assert fold("Café  Zuflucht e.V.", strict=True) == fold("cafe zuflucht e. v", strict=True)
    assert fold("Straßen-Müller", strict=True) == fold("STRASSEN MUELLER", strict=True)


def test_planning_reads_the_registry_once_not_per_row():
    gartow = MunicipalityFactory(name="Gartow")
    for number in range(40):
        organisation = OrganisationFactory(name=f"Verein {number}", city="Gartow")
        organisation.municipalities.add(gartow)
        ContactPersonFactory(organisation=organisation, first_name="Eva", last_name="Meyer")
    dataset = tablib.Dataset(headers=["Träger", "Ort", "Telefon", "Ansprechpartner"])
    for number in range(40):
        dataset.append([f"Verein {number}", "Gartow", "0", "Eva Meyer"])
    mapping = importing.suggested_mapping("organisations", dataset.headers)
    with CaptureQueriesContext(connection) as queries:
        plan = importing.plan_import("organisations", dataset, mapping, {}, {})
    assert plan.counts["update"] == 40
    # Apart from Django's check of each row's database constraints (and its savepoints), the
    # registry is read once: organisations, their lists and contacts, the municipalities.
    reads = [
        query["sql"]
        for query in queries.captured_queries
        if '"_check"' not in query["sql"] and "SAVEPOINT" not in query["sql"]
    ]
    assert len(reads) <= 8, reads


# --- contact persons -------------------------------------------------------------------------


def _upload_kind(client, content: bytes, kind: str, name="kontakte.csv"):
    return client.post(
        reverse("actors:organisation_import"),
        {"file": SimpleUploadedFile(name, content), "kind": kind},
    )


def test_contacts_import_by_organisation_and_name_and_undo(coordinator_client):
    cafe = OrganisationFactory(name="Café Zuflucht e.V.")
    known = ContactPersonFactory(
        organisation=cafe, first_name="Anna", last_name="Schmidt", function="Beratung"
    )
    before = _state()
    content = (
        "Träger;Ansprechpartner;Funktion;E-Mail\n"
        "cafe zuflucht e. v.;Frau Anna Schmidt;Leitung;\n"
        "Café Zuflucht e.V.;Herr Jonas Weber;Sprachcafé;weber@example.org\n"
        "Unbekannt e.V.;Eva Meyer;;\n"
    ).encode()
    assert _upload_kind(coordinator_client, content, "contacts").status_code == 302
    page = coordinator_client.get(reverse("actors:organisation_import_mapping"))
    form = page.context["form"]
    assert [form[f"column_{index}"].value() for index in range(4)] == [
        "organisation",
        "full_name",
        "function",
        "email",
    ]
    assert "default_kind" not in form.fields
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert [row.action for row in plan.rows] == ["update", "new", "error"]
    assert [(c.label, c.old, c.new) for c in plan.rows[0].changes] == [
        ("Anrede / Titel", "", "Frau"),
        ("Funktion", "Beratung", "Leitung"),
    ]
    assert (
        "Zeile 4, Spalte „Träger“: Es gibt keine Organisation mit dem Namen „Unbekannt e.V.“."
        in preview.content.decode()
    )

    # Without the row in error, the import runs and can be undone.
    _upload_kind(coordinator_client, content.rsplit(b"\n", 2)[0] + b"\n", "contacts")
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    assert preview.context["plan"].counts["update"] == 1
    _confirm(coordinator_client, preview)
    batch = ImportBatch.objects.get()
    assert batch.kind == "contacts"
    assert batch.counts == preview.context["plan"].counts
    known.refresh_from_db()
    assert known.function == "Leitung"
    weber = cafe.contacts.get(last_name="Weber")
    assert (weber.title, weber.first_name, weber.email) == ("Herr", "Jonas", "weber@example.org")
    assert ImportMapping.objects.get(kind="contacts").columns["Träger"] == "organisation"

    coordinator_client.post(reverse("actors:import_batch_undo", args=[batch.pk]))
    assert _state() == before


def test_the_preview_posts_each_action_to_its_own_url(coordinator_client):
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    html = preview.content.decode()
    assert f'action="{reverse("actors:organisation_import_confirm")}"' in html
    assert f'action="{reverse("actors:organisation_import_decide")}"' in html
    assert f'formaction="{reverse("actors:organisation_import_cancel")}"' in html
    assert coordinator_client.post(reverse("actors:organisation_import_preview")).status_code == 405


def test_cancelling_forgets_the_file_and_writes_nothing(coordinator_client):
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    response = coordinator_client.post(reverse("actors:organisation_import_cancel"), follow=True)
    assert "Der Import wurde abgebrochen; es wurde nichts geändert." in response.content.decode()
    assert not Organisation.objects.exists()
    again = coordinator_client.get(reverse("actors:organisation_import_preview"))
    assert again.url == reverse("actors:organisation_import")
