from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actors.models import ContactPerson, Organisation, UpdateRequest
from tests.factories import (
    ContactPersonFactory,
    MunicipalityFactory,
    OfferFactory,
    OrganisationFactory,
    UpdateRequestFactory,
    reply_with_proposal,
)
from tests.pdf import response_pdf_text

pytestmark = pytest.mark.django_db


# --- lists and search ---------------------------------------------------------------------


def test_a2_language_courses_of_a_samtgemeinde_include_its_member_municipalities(
    coordinator_client, django_assert_max_num_queries
):
    samtgemeinde = MunicipalityFactory(name="Samtgemeinde Lüchow (Wendland)", kind="samtgemeinde")
    luechow = MunicipalityFactory(name="Lüchow (Wendland)", kind="town", parent=samtgemeinde)
    clenze = MunicipalityFactory(name="Clenze", parent=samtgemeinde)
    elsewhere = MunicipalityFactory(name="Hitzacker (Elbe)", kind="town")
    OfferFactory(title="Deutsch A2 Lüchow", level="A2", municipality=luechow)
    OfferFactory(title="Deutsch A2 Clenze", level="A2", municipality=clenze)
    OfferFactory(title="Deutsch B1 Lüchow", level="B1", municipality=luechow)
    OfferFactory(title="Deutsch A2 Hitzacker", level="A2", municipality=elsewhere)
    OfferFactory(title="Beratung Lüchow", kind="counselling", level="", municipality=luechow)
    OfferFactory.create_batch(20, level="A2", municipality=clenze)

    with django_assert_max_num_queries(13):  # +1: the second-factor device
        response = coordinator_client.get(
            reverse("actors:offer_list"),
            {"kind": "language_course", "level": "A2", "municipality": samtgemeinde.pk},
        )

    titles = {offer.title for offer in response.context["filter"].qs}
    assert "Deutsch A2 Lüchow" in titles
    assert "Deutsch A2 Clenze" in titles
    assert "Deutsch B1 Lüchow" not in titles
    assert "Deutsch A2 Hitzacker" not in titles
    assert "Beratung Lüchow" not in titles


def test_organisation_list_stays_within_fixed_queries(
    coordinator_client, django_assert_max_num_queries
):
    municipality = MunicipalityFactory()
    for organisation in OrganisationFactory.create_batch(40):
        organisation.municipalities.add(municipality)
    with django_assert_max_num_queries(13):  # +1: the second-factor device
        response = coordinator_client.get(reverse("actors:organisation_list"))
    assert response.status_code == 200
    assert response.context["paginator"].count == 40


def test_archived_entries_are_hidden_unless_asked_for(coordinator_client):
    OrganisationFactory(name="Aktiv e.V.")
    OrganisationFactory(name="Aufgelöst e.V.", status="archived")
    html = coordinator_client.get(reverse("actors:organisation_list")).content.decode()
    assert "Aktiv e.V." in html
    assert "Aufgelöst e.V." not in html
    html = coordinator_client.get(reverse("actors:organisation_list"), {"status": ""}).content
    assert "Aufgelöst e.V." in html.decode()


def test_stale_filter_lists_entries_not_confirmed_for_a_year(coordinator_client):
    OrganisationFactory(name="Frisch e.V.")
    OrganisationFactory(name="Alt e.V.", last_confirmed_on=timezone.localdate() - timedelta(400))
    response = coordinator_client.get(reverse("actors:organisation_list"), {"stale": "on"})
    names = [organisation.name for organisation in response.context["object_list"]]
    assert names == ["Alt e.V."]


# --- create, duplicates, actions ----------------------------------------------------------


def _organisation_data(**overrides):
    data = {"name": "Netzwerkgruppe Asyl Gartow", "kind": "initiative", "publication": "public"}
    data.update(overrides)
    return data


def test_a_name_close_to_an_existing_one_asks_first_and_keeps_the_input(coordinator_client):
    existing = OrganisationFactory(name="Netzwerkgruppe Asyl Gartow e.V.")

    response = coordinator_client.post(
        reverse("actors:organisation_create"), _organisation_data(phone="05846 123")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert Organisation.objects.count() == 1
    assert "ähnlichen Namen" in html
    assert reverse("actors:organisation_detail", args=[existing.pk]) in html
    assert 'value="05846 123"' in html

    response = coordinator_client.post(
        reverse("actors:organisation_create"), _organisation_data(confirm_new="1")
    )
    assert response.status_code == 302
    assert Organisation.objects.count() == 2


def test_similar_names_show_while_typing(coordinator_client):
    OrganisationFactory(name="Migrationsberatung BLEIBEN")
    response = coordinator_client.get(
        reverse("actors:organisation_similar"), {"name": "Migrationsberatung Bleiben"}
    )
    assert "Migrationsberatung BLEIBEN" in response.content.decode()


def test_bad_postal_code_gets_a_german_message(coordinator_client):
    response = coordinator_client.post(
        reverse("actors:organisation_create"),
        _organisation_data(name="Ganz Neu e.V.", postal_code="2943"),
    )
    assert "Eine Postleitzahl hat fünf Ziffern." in response.content.decode()


def test_archive_and_confirm_are_recorded(coordinator, coordinator_client):
    organisation = OrganisationFactory(last_confirmed_on=None)
    coordinator_client.post(reverse("actors:organisation_confirm", args=[organisation.pk]))
    coordinator_client.post(reverse("actors:organisation_archive", args=[organisation.pk]))
    organisation.refresh_from_db()
    assert organisation.last_confirmed_on == timezone.localdate()
    assert organisation.status == "archived"
    assert organisation.history.latest().history_user == coordinator


def test_contact_with_consent_needs_the_consent_date(coordinator_client):
    organisation = OrganisationFactory()
    response = coordinator_client.post(
        reverse("actors:contact_create", args=[organisation.pk]),
        {"last_name": "Yilmaz", "publication": "internal", "legal_basis": "consent"},
    )
    assert "Bitte geben Sie das Datum der Einwilligung an." in response.content.decode()
    assert not ContactPerson.objects.exists()


def test_vcard_contains_the_contact(coordinator_client):
    contact = ContactPersonFactory(
        first_name="Amina", last_name="Rahimi", email="a.rahimi@verein.example", phone="05841 1"
    )
    response = coordinator_client.get(reverse("actors:contact_vcard", args=[contact.pk]))
    body = response.getvalue().decode()
    assert response["Content-Type"].startswith("text/vcard")
    assert "FN:Amina Rahimi" in body
    assert "a.rahimi@verein.example" in body
    assert contact.organisation.name in body


# --- update request: the organisation's link ----------------------------------------------


def _reply_data(organisation, **overrides):
    data = {
        "org-name": organisation.name,
        "org-street": "Neue Straße 5",
        "org-postal_code": "29439",
        "org-city": "Lüchow (Wendland)",
        "org-phone": "05841 4711",
        "org-email": organisation.email,
        "org-website": "",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "30",
        "contacts-0-last_name": "Neumann",
        "contacts-0-first_name": "Lea",
        "contacts-0-function": "Koordination",
        "contacts-0-may_publish": "on",
        "offers-TOTAL_FORMS": "0",
        "offers-INITIAL_FORMS": "0",
        "offers-MIN_NUM_FORMS": "0",
        "offers-MAX_NUM_FORMS": "50",
        "reply-responder_name": "Lea Neumann",
    }
    data.update(overrides)
    return data


def test_update_link_works_without_login_and_staff_acceptance_applies_it(client, lead_client):
    update_request = UpdateRequestFactory()
    organisation = update_request.organisation
    url = reverse("actors_public:update_reply", args=[update_request.token])

    page = client.get(url)
    assert page.status_code == 200
    assert organisation.name in page.content.decode()
    response = client.post(url, _reply_data(organisation))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.street == ""  # nothing changes before review

    review = lead_client.get(reverse("actors:updaterequest_detail", args=[update_request.pk]))
    html = review.content.decode()
    assert "Neue Straße 5" in html
    assert "Neumann" in html
    response = lead_client.post(reverse("actors:updaterequest_accept", args=[update_request.pk]))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.street == "Neue Straße 5"
    contact = organisation.contacts.get(last_name="Neumann")
    assert contact.publication == "public"
    assert contact.legal_basis == "published"
    assert organisation.history.latest().history_user is not None


def test_update_link_cannot_touch_another_organisations_contact(client):
    update_request = UpdateRequestFactory()
    foreign = ContactPersonFactory(last_name="Fremd")
    data = _reply_data(
        update_request.organisation,
        **{
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-id": str(foreign.pk),
            "contacts-0-last_name": "Gekapert",
        },
    )
    response = client.post(reverse("actors_public:update_reply", args=[update_request.token]), data)
    assert response.status_code == 200
    update_request.refresh_from_db()
    assert update_request.status == UpdateRequest.Status.SENT
    foreign.refresh_from_db()
    assert foreign.last_name == "Fremd"


def test_expired_update_link_says_so_and_takes_nothing(client):
    update_request = UpdateRequestFactory(
        due_on=timezone.localdate() - timedelta(days=40),
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    url = reverse("actors_public:update_reply", args=[update_request.token])
    assert "nicht mehr gültig" in client.get(url).content.decode()
    response = client.post(url, _reply_data(update_request.organisation))
    assert response.status_code == 410
    update_request.refresh_from_db()
    assert update_request.proposal is None


def test_unknown_update_token_is_a_404(client):
    response = client.get(reverse("actors_public:update_reply", args=["erfunden"]))
    assert response.status_code == 404


def test_staff_send_update_requests_to_a_filtered_list(coordinator_client):
    OrganisationFactory(name="Eins e.V.", kind="association")
    OrganisationFactory(name="Zwei e.V.", kind="association")
    OrganisationFactory(name="Amt", kind="authority")
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = coordinator_client.post(
        reverse("actors:updaterequest_create") + "?kind=association",
        {"title": "Jahresabfrage", "due_on": due, "message": ""},
    )
    assert response.status_code == 302
    names = set(UpdateRequest.objects.values_list("organisation__name", flat=True))
    assert names == {"Eins e.V.", "Zwei e.V."}


def test_sending_to_organisations_without_address_shows_the_services_refusal(
    coordinator_client,
):
    organisation = OrganisationFactory(email="")
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = coordinator_client.post(
        reverse("actors:updaterequest_create") + f"?organisation={organisation.pk}",
        {"title": "Jahresabfrage", "due_on": due, "message": ""},
    )
    assert response.status_code == 200
    assert "Keine der ausgewählten Organisationen hat eine E-Mail-Adresse." in (
        response.content.decode()
    )
    assert not UpdateRequest.objects.exists()


def test_reply_date_in_the_past_is_refused(coordinator_client):
    organisation = OrganisationFactory()
    response = coordinator_client.post(
        reverse("actors:updaterequest_create") + f"?organisation={organisation.pk}",
        {"title": "x", "due_on": "2020-01-01"},
    )
    assert "darf nicht in der Vergangenheit liegen" in response.content.decode()
    assert not UpdateRequest.objects.exists()


# --- atlas --------------------------------------------------------------------------------


def _atlas_fixture():
    public = OrganisationFactory(name="Cafe Zuflucht", publication="public")
    ContactPersonFactory(organisation=public, last_name="Öffentlich", publication="public")
    ContactPersonFactory(organisation=public, last_name="Intern", publication="internal")
    ContactPersonFactory(organisation=public, last_name="Netzwerk", publication="network")
    OfferFactory(organisation=public, title="Sprachcafé", publication="public")
    OfferFactory(organisation=public, title="Geheimkurs", publication="internal")
    OrganisationFactory(name="Interne Stelle", publication="internal")
    OrganisationFactory(name="Archiviert e.V.", publication="public", status="archived")


def test_public_atlas_needs_no_login_and_shows_only_public_entries(client):
    _atlas_fixture()
    html = client.get(reverse("actors_public:atlas")).content.decode()
    assert "Cafe Zuflucht" in html
    assert "Öffentlich" in html
    assert "Sprachcafé" in html
    for hidden in ("Intern<", "Intern,", "Netzwerk", "Geheimkurs", "Interne Stelle", "Archiviert"):
        assert hidden not in html


def test_atlas_pdf_never_shows_an_internal_contact(client):
    _atlas_fixture()
    response = client.get(reverse("actors_public:atlas_pdf"))
    text = response_pdf_text(response)
    assert "Cafe Zuflucht" in text
    assert "Öffentlich" in text
    assert "Intern " not in text
    assert "Netzwerk" not in text
    assert "Geheimkurs" not in text
    assert "Interne Stelle" not in text
    assert "Seite 1 von" in text


# --- export and import --------------------------------------------------------------------


def test_csv_export_is_excel_friendly_and_formula_safe(coordinator_client):
    OrganisationFactory(name='=HYPERLINK("http://evil.example")', phone="+49 5841 1")
    response = coordinator_client.get(reverse("actors:organisation_export"), {"format": "csv"})
    body = response.getvalue().decode("utf-8")
    assert body.startswith("\ufeffID;Name;")
    assert "'=HYPERLINK" in body
    assert "'+49 5841 1" in body


def _upload(client, content: bytes, name="liste.csv"):
    """Upload and accept the suggested column mapping (the export's headings map by name)."""
    response = client.post(
        reverse("actors:organisation_import"), {"file": SimpleUploadedFile(name, content)}
    )
    if response.status_code != 302:
        return response
    form = client.get(reverse("actors:organisation_import_mapping")).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return client.post(reverse("actors:organisation_import_mapping"), data)


def test_import_with_a_bad_row_reports_it_in_german_and_writes_nothing(coordinator_client):
    content = (
        b"Name;Art;PLZ;Gemeinden\n"
        b"Neuer Verein e.V.;Initiative;29439;\n"
        b"Kaputt e.V.;Raumschiff;29439;\n"
        b"Noch einer e.V.;Initiative;123;Atlantis\n"
    )
    response = _upload(coordinator_client, content)
    assert response.status_code == 302
    preview = coordinator_client.get(reverse("actors:organisation_import_preview"))
    html = preview.content.decode()
    rows = preview.context["plan"].rows
    assert [row.action for row in rows] == ["new", "error", "error"]
    assert rows[1].line == 3
    assert "„Raumschiff“ ist kein zulässiger Wert." in html
    assert "Unbekannte Einträge: Atlantis" in html
    assert "Postleitzahl hat fünf Ziffern" in html
    assert not Organisation.objects.exists()

    response = coordinator_client.post(
        reverse("actors:organisation_import_confirm"),
        {"fingerprint": preview.context["plan"].fingerprint},
        follow=True,
    )
    assert "nichts importiert" in response.content.decode()
    assert not Organisation.objects.exists()


def test_import_rejects_files_that_are_not_tables(coordinator_client):
    response = _upload(coordinator_client, b"\x89PNG\r\n\x1a\n\x00\x00binary", "bild.csv")
    assert response.status_code == 200
    assert "weder eine CSV- noch eine Excel-Datei" in response.content.decode()
    response = _upload(coordinator_client, b"PK\x03\x04not really a zip", "liste.xlsx")
    assert "konnte nicht gelesen werden" in response.content.decode()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_round_trips_without_loss(coordinator_client, file_format):
    municipality = MunicipalityFactory(name="Gartow")
    parent = OrganisationFactory(name="Landkreis", kind="authority")
    organisation = OrganisationFactory(
        name="Netzwerkgruppe Asyl Gartow",
        kind="initiative",
        parent=parent,
        street="Hauptstraße 1",
        phone="+49 5846 123",
        website="https://asyl-gartow.example",
        notes="=Zeile mit Gleichheitszeichen\nzweite Zeile",
        publication="network",
        last_confirmed_on=timezone.localdate() - timedelta(days=10),
    )
    organisation.municipalities.add(municipality)
    before = {
        field: getattr(organisation, field)
        for field in (
            "name",
            "kind",
            "parent_id",
            "street",
            "phone",
            "website",
            "notes",
            "publication",
            "status",
            "last_confirmed_on",
        )
    }
    export = coordinator_client.get(
        reverse("actors:organisation_export"), {"format": file_format}
    ).getvalue()

    Organisation.objects.filter(pk=organisation.pk).update(street="", phone="", notes="")
    organisation.municipalities.clear()
    _upload(coordinator_client, export, f"export.{file_format}")
    preview = coordinator_client.get(reverse("actors:organisation_import_preview"))
    plan = preview.context["plan"]
    assert plan.can_import, [str(error) for error in plan.errors]
    response = coordinator_client.post(
        reverse("actors:organisation_import_confirm"),
        {"fingerprint": plan.fingerprint},
    )
    assert response.status_code == 302

    organisation.refresh_from_db()
    after = {field: getattr(organisation, field) for field in before}
    assert after == before
    assert list(organisation.municipalities.all()) == [municipality]
    assert Organisation.objects.count() == 2


def test_action_messages_are_german(coordinator_client):
    organisation = OrganisationFactory(name="Bleibt e.V.")
    response = coordinator_client.post(
        reverse("actors:organisation_confirm", args=[organisation.pk]), follow=True
    )
    assert "„Bleibt e.V.“ wurde als aktuell bestätigt." in response.content.decode()


def test_the_request_list_marks_what_the_model_calls_overdue(coordinator_client):
    today = timezone.localdate()
    late = UpdateRequestFactory(
        organisation__name="Spät e.V.", due_on=today - timedelta(days=1), expires_on=today
    )
    UpdateRequestFactory(organisation__name="Pünktlich e.V.")
    html = coordinator_client.get(reverse("actors:updaterequest_list")).content.decode()
    assert late.is_overdue
    assert html.count('<span class="badge text-bg-warning">überfällig</span>') == 1
    row = html[html.index("Spät e.V.") :].split("</tr>", 1)[0]
    assert "überfällig" in row


def test_rejecting_a_reply_without_reason_is_refused_with_a_message(coordinator_client):
    organisation = OrganisationFactory(name="Alter Name e.V.")
    update_request = reply_with_proposal(UpdateRequestFactory(organisation=organisation))
    detail = reverse("actors:updaterequest_detail", args=[update_request.pk])
    html = coordinator_client.get(detail).content.decode()
    assert f'action="{reverse("actors:updaterequest_reject", args=[update_request.pk])}"' in html
    assert f'formaction="{reverse("actors:updaterequest_accept", args=[update_request.pk])}"' in (
        html
    )
    url = reverse("actors:updaterequest_reject", args=[update_request.pk])
    response = coordinator_client.post(url, {"review_note": " "}, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert "Bitte geben Sie einen Grund für die Ablehnung an." in response.content.decode()
    update_request.refresh_from_db()
    assert update_request.status == "responded"

    response = coordinator_client.post(url, {"review_note": "Dublette"}, follow=True)
    assert "Der Vorschlag wurde abgelehnt." in response.content.decode()
    update_request.refresh_from_db()
    assert (update_request.status, update_request.review_note) == ("rejected", "Dublette")
    assert coordinator_client.post(detail).status_code == 405
