"""Importing offers with the office's own headings: mapping, matching, exact preview, undo."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors import importing
from actors.models import ImportBatch, ImportMapping, Offer
from kmut.models import FieldOfAction, Language
from tests.factories import MunicipalityFactory, OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

OFFICE_LIST = (
    "Träger;Kurs;Art;Veranstaltungsort;Termine;Beginn;Kosten;Kinderbetreuung\n"
    "Café Zuflucht e.V.;Deutsch für Frauen;Sprachkurs;Gemeindehaus;Mo 9-12;01.02.2027;"
    "kostenlos;Ja\n"
    "Café Zuflucht e.V.;Erzählcafé;Gruppe / Treffpunkt;Café;Do 15 Uhr;;;Nein\n"
).encode("cp1252")


@pytest.fixture
def cafe():
    return OrganisationFactory(name="Café Zuflucht e.V.")


def _upload(client, content: bytes, name="angebote.csv"):
    return client.post(
        reverse("actors:organisation_import"),
        {"file": SimpleUploadedFile(name, content), "kind": "offers"},
    )


def _map(client, **overrides):
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
    return {
        offer.pk: (
            {
                field.attname: getattr(offer, field.attname)
                for field in Offer._meta.concrete_fields
                if field.name != "updated_at"
            },
            sorted(offer.languages.values_list("pk", flat=True)),
        )
        for offer in Offer.objects.all()
    }


def test_the_offices_own_headings_import_offers(coordinator_client, cafe):
    assert _upload(coordinator_client, OFFICE_LIST).status_code == 302
    page = coordinator_client.get(reverse("actors:organisation_import_mapping"))
    form = page.context["form"]
    assert [form[f"column_{index}"].value() for index in range(8)] == [
        "organisation",
        "title",
        "kind",
        "venue",
        "schedule",
        "starts_on",
        "cost",
        "has_childcare",
    ]
    assert "Angebote" in page.content.decode()
    assert _map(coordinator_client).status_code == 302

    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.counts == {"new": 2, "update": 0, "skip": 0, "error": 0, "uncertain": 0}
    assert "2 neu" in preview.content.decode()
    assert not Offer.objects.exists()

    response = _confirm(coordinator_client, preview)
    assert "Import abgeschlossen: 2 neu, 0 aktualisiert, 0 unverändert." in (
        response.content.decode()
    )
    assert ImportBatch.objects.get().counts == plan.counts
    course = Offer.objects.get(title="Deutsch für Frauen")
    assert course.organisation == cafe
    assert course.kind == "language_course"
    assert (course.venue, course.schedule, course.cost) == ("Gemeindehaus", "Mo 9-12", "kostenlos")
    assert course.starts_on == date(2027, 2, 1)
    assert course.has_childcare is True
    assert course.publication == "internal"
    assert Offer.objects.get(title="Erzählcafé").has_childcare is False
    assert course.history.first().history_change_reason == "Import von „angebote.csv“"
    assert ImportMapping.objects.get(kind="offers").columns["Kurs"] == "title"


def test_a_row_matched_by_organisation_and_title_updates_and_keeps_other_fields(
    coordinator_client, cafe
):
    arabic, _created = Language.objects.get_or_create(code="ar", defaults={"name": "Arabisch"})
    course = OfferFactory(
        organisation=cafe,
        title="Deutsch  für Frauen",
        venue="Altes Rathaus",
        description="Mit Kinderbetreuung im Nebenraum",
        publication="public",
        level="A1",
    )
    course.languages.add(arabic)
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    plan = _preview(coordinator_client).context["plan"]
    assert plan.counts == {"new": 1, "update": 1, "skip": 0, "error": 0, "uncertain": 0}
    row = plan.rows[0]
    assert row.target == course
    assert [(c.label, c.old, c.new) for c in row.changes] == [
        ("Veranstaltungsort", "Altes Rathaus", "Gemeindehaus"),
        ("Zeiten", "", "Mo 9-12"),
        ("Beginn", "", "01.02.2027"),
        ("Kosten", "", "kostenlos"),
        ("Kinderbetreuung", "nein", "ja"),
    ]
    _confirm(coordinator_client, _preview(coordinator_client))
    course.refresh_from_db()
    assert course.venue == "Gemeindehaus"
    assert course.title == "Deutsch  für Frauen"  # the matched title is not rewritten
    assert course.description == "Mit Kinderbetreuung im Nebenraum"
    assert (course.publication, course.level) == ("public", "A1")
    assert list(course.languages.all()) == [arabic]


def test_ambiguous_and_unknown_matches_are_german_errors_with_line_and_column(
    coordinator_client, cafe
):
    OfferFactory(organisation=cafe, title="Erzählcafé")
    OfferFactory(organisation=cafe, title="Erzählcafe")
    content = (
        "Träger;Kurs;Art;Beginn;Farbe\n"
        "Café Zuflucht e.V.;Erzählcafé;Gruppe / Treffpunkt;;blau\n"
        "Unbekannter Verein;Nähkurs;Sonstiges;;rot\n"
        "Café Zuflucht e.V.;Nähkurs;Sonstiges;31.02.2027;grün\n"
    ).encode()
    _upload(coordinator_client, content)
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.counts["error"] == 3
    assert not plan.can_import
    assert plan.ignored_columns == ["Farbe"]
    html = preview.content.decode()
    assert "Diese Spalten werden nicht importiert: Farbe" in html
    messages = [str(error) for error in plan.errors]
    assert messages == [
        "Zeile 2, Spalte „Kurs“: „Café Zuflucht e.V.“ hat mehrere Angebote mit dem Titel "
        "„Erzählcafé“; bitte verwenden Sie die Spalte ID.",
        "Zeile 3, Spalte „Träger“: Es gibt keine Organisation mit dem Namen „Unbekannter Verein“.",
        "Zeile 4, Spalte „Beginn“: „31.02.2027“ ist kein Datum; bitte schreiben Sie es als "
        "TT.MM.JJJJ.",
    ]
    errors = coordinator_client.get(reverse("actors:organisation_import_errors"))
    text = errors.getvalue().decode("utf-8-sig")
    assert '4;Beginn;"„31.02.2027“ ist kein Datum' in text
    refused = _confirm(coordinator_client, preview)
    assert "es wurde nichts importiert" in refused.content.decode()
    assert Offer.objects.count() == 2


def test_an_xlsx_with_excel_dates_and_lists_imports_and_undo_restores(coordinator_client, cafe):
    MunicipalityFactory(name="Gartow")
    Language.objects.get_or_create(code="uk", defaults={"name": "Ukrainisch"})
    FieldOfAction.objects.get_or_create(name="Sprache")
    existing = OfferFactory(organisation=cafe, title="Nähkurs", venue="Keller", cost="5 €")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ID", "Organisation", "Titel", "Art", "Gemeinde", "Beginn", "Ende", "Sprachen"])
    sheet.append([None, "Cafe Zuflucht e. V.", "Deutsch B1", "Sprachkurs", "Gartow"])
    sheet.cell(row=2, column=6, value=date(2027, 3, 1))
    sheet.cell(row=2, column=7, value=46477)  # an Excel day number: 31.03.2027
    sheet.cell(row=2, column=8, value="de|uk")
    sheet.append([existing.pk, "", "Nähkurs", "", "Gartow"])
    out = io.BytesIO()
    workbook.save(out)
    Language.objects.get_or_create(code="de", defaults={"name": "Deutsch"})
    before = _state()

    _upload(coordinator_client, out.getvalue(), name="angebote.xlsx")
    _map(coordinator_client)
    preview = _preview(coordinator_client)
    plan = preview.context["plan"]
    assert plan.counts == {"new": 1, "update": 1, "skip": 0, "error": 0, "uncertain": 0}, [
        str(error) for error in plan.errors
    ]
    _confirm(coordinator_client, preview)
    assert ImportBatch.objects.get().counts == plan.counts
    course = Offer.objects.get(title="Deutsch B1")
    assert (course.starts_on, course.ends_on) == (date(2027, 3, 1), date(2027, 3, 31))
    assert course.municipality.name == "Gartow"
    assert sorted(course.languages.values_list("code", flat=True)) == ["de", "uk"]
    existing.refresh_from_db()
    assert (existing.municipality.name, existing.venue, existing.cost) == (
        "Gartow",
        "Keller",
        "5 €",
    )

    batch = ImportBatch.objects.get()
    response = coordinator_client.post(
        reverse("actors:import_batch_undo", args=[batch.pk]), follow=True
    )
    assert "Der Import wurde rückgängig gemacht." in response.content.decode()
    assert _state() == before
    assert existing.history.first().history_change_reason == (
        "Import von „angebote.xlsx“ rückgängig gemacht"
    )


def test_undo_keeps_an_offer_changed_after_the_import(coordinator_client, cafe):
    _upload(coordinator_client, OFFICE_LIST)
    _map(coordinator_client)
    _confirm(coordinator_client, _preview(coordinator_client))
    course = Offer.objects.get(title="Deutsch für Frauen")
    course.venue = "Turnhalle"
    course.save()
    batch = ImportBatch.objects.get()
    importing.undo_batch(batch.pk, batch.created_by)
    batch.refresh_from_db()
    assert batch.undo_messages == [
        "Zeile 2: „Deutsch für Frauen“ wurde nach dem Import geändert und bleibt erhalten."
    ]
    assert list(Offer.objects.values_list("title", flat=True)) == ["Deutsch für Frauen"]


def test_the_upload_offers_the_kinds_of_the_registry(coordinator_client):
    page = coordinator_client.get(reverse("actors:organisation_import"))
    choices = dict(page.context["form"].fields["kind"].choices)
    assert list(choices) == ["organisations", "contacts", "offers"]
    assert "Angebote" in page.content.decode()
