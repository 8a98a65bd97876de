"""Search ignores case, accents, umlaut spellings and word order (issue 17, decision 0018).

Runs on SQLite and, with DATABASE_URL, on PostgreSQL: the answers must be the same.
"""

import re
import unicodedata
from datetime import date

import hypothesis
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import strategies as st

from actors.models import ContactPerson, Organisation
from actors.services import merge_organisations
from consultations import retention as consultation_retention
from consultations import services as consultation_services
from consultations.models import Client, ClientIdentity
from kmut.search import fold, refresh_search_text, search_words
from tests.consultations.factories import (
    ClientFactory,
    ClientIdentityFactory,
    ConsultationFactory,
)
from tests.factories import (
    ContactPersonFactory,
    MunicipalityFactory,
    OfferFactory,
    OrganisationFactory,
)
from tests.volunteers.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def _found(client, url_name, query, **params):
    response = client.get(reverse(url_name), {"q": query, **params})
    assert response.status_code == 200
    return {str(obj) for obj in response.context["object_list"]}


# --- the normaliser --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (["Möller", "Moeller", "MOLLER", "moeller"], "moller"),
        (["Sprachcafé", "Sprachcafe", "SPRACHCAFÉ"], "sprachcafe"),
        (["Straße", "Strasse", "STRASSE"], "strasse"),
        (["Äpfel", "Aepfel", "apfel"], "apfel"),
        (["Übung", "Uebung", "ubung"], "ubung"),
        (["Lüchow-Dannenberg", "luechow dannenberg", "Lüchow – Dannenberg"], "luchow dannenberg"),
        (["Çelik", "Celik"], "celik"),
        (["Yıldız", "Yildiz", "YILDIZ"], "yildiz"),
    ],
)
def test_fold_treats_spellings_alike(spellings, folded):
    assert {fold(spelling) for spelling in spellings} == {folded}


def _import_normalise_before(text) -> str:
    """`actors.importing.normalise` as it was before `fold(strict=True)` replaced it."""
    text = str(text or "").casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _fold_before(text) -> str:
    """`fold` as it was before it took `strict`."""
    text = (
        str(text or "")
        .casefold()
        .translate(
            str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ð": "d"})
        )
    )
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(
        re.sub(r"([aou])e", r"\1", word) for word in re.sub(r"[\W_]+", " ", text).split()
    )


# What the imports compare: headings, organisation, municipality, contact and volunteer names,
# offer titles, salutations, weekdays, choice labels.
IMPORT_TEXTS = [
    "Café  Zuflucht e.V.",
    "Straßen-Müller",
    "STRASSEN MUELLER",
    "Muller",
    "Michael Schäfer",
    "Mu\u0308ller",
    "E-Mail",
    "e_mail",
    "PLZ",
    "Träger",
    "Lüchow (Wendland)",
    "Frau",
    "Dr.",
    "Prof.",
    "Dienstag",
    "Mo",
    "Ørsted Ærø",
    "Łódź",
    "İstanbul Yıldız",
    "ẞ",
    "Œuvre",
    "Deutschkurs A2 – Abendkurs",
    " \t tab\nnewline ",
    "29439",
    "",
    None,
]


@pytest.mark.parametrize("text", IMPORT_TEXTS)
def test_strict_folding_gives_what_the_imports_normaliser_gave(text):
    assert fold(text, strict=True) == _import_normalise_before(text)
    assert fold(text) == _fold_before(text)


@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(text=st.text())
def test_both_foldings_are_unchanged_for_any_text(text):
    assert fold(text, strict=True) == _import_normalise_before(text)
    assert fold(text) == _fold_before(text)


def test_strict_folding_keeps_an_umlaut_apart_from_its_plain_vowel():
    assert fold("Müller", strict=True) == fold("Mueller", strict=True) == "mueller"
    assert fold("Muller", strict=True) == "muller"
    assert fold("Michael", strict=True) == "michael"
    assert fold("Michael") == "michal"
    assert fold("Müller") == fold("Muller") == "muller"


def test_search_words_split_at_punctuation_and_drop_repeats():
    assert search_words("  Lüchow-Dannenberg, lüchow ") == ["luchow", "dannenberg"]
    assert search_words("") == []


# --- registry ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "Lüchow Jobcenter",
        "jobcenter lüchow-dannenberg",
        "luechow dannenberg jobcenter",
        "DANNENBERG luchow",
        "Jobcent dannen",
    ],
)
def test_organisation_found_in_any_word_order_and_spelling(coordinator_client, query):
    OrganisationFactory(name="Jobcenter Lüchow-Dannenberg", city="Lüchow (Wendland)")
    OrganisationFactory(name="Jobcenter Uelzen", city="Uelzen")
    found = _found(coordinator_client, "actors:organisation_list", query)
    assert found == {"Jobcenter Lüchow-Dannenberg"}


def test_every_word_must_match(coordinator_client):
    OrganisationFactory(name="Jobcenter Lüchow-Dannenberg")
    assert _found(coordinator_client, "actors:organisation_list", "Jobcenter Hamburg") == set()


@pytest.mark.parametrize("query", ["moeller", "Moller", "MÖLLER", "anna möller", "Möller Anna"])
def test_organisation_found_by_contact_person(coordinator_client, query):
    organisation = OrganisationFactory(name="Diakonisches Werk")
    ContactPersonFactory(organisation=organisation, first_name="Anna", last_name="Möller")
    ContactPersonFactory(organisation=organisation, first_name="Jens", last_name="Schulz")
    OrganisationFactory(name="Sportbund")
    assert _found(coordinator_client, "actors:organisation_list", query) == {"Diakonisches Werk"}


def test_words_may_match_the_organisation_and_a_contact(coordinator_client):
    organisation = OrganisationFactory(name="Diakonisches Werk")
    ContactPersonFactory(organisation=organisation, first_name="Anna", last_name="Möller")
    ContactPersonFactory(organisation=organisation, first_name="Jens", last_name="Schulz")
    found = _found(coordinator_client, "actors:organisation_list", "diakonie moeller")
    assert found == set()  # "diakonie" is not in "diakonisches"
    found = _found(coordinator_client, "actors:organisation_list", "diakon moeller schulz")
    assert found == {"Diakonisches Werk"}  # one row, although two contacts match


@pytest.mark.parametrize("query", ["Sprachcafe", "sprachcafé", "SPRACHCAFE", "cafe sprach"])
def test_offer_found_without_its_accent(coordinator_client, query):
    OfferFactory(title="Sprachcafé am Markt", kind="group", level="")
    OfferFactory(title="Deutschkurs B1")
    found = _found(coordinator_client, "actors:offer_list", query)
    assert found == {"Sprachcafé am Markt"}


def test_offer_found_by_its_organisation_and_venue(coordinator_client):
    organisation = OrganisationFactory(name="Volkshochschule Lüneburger Heide")
    OfferFactory(organisation=organisation, title="Integrationskurs Heide", venue="Große Straße 5")
    OfferFactory(title="Integrationskurs Nord", venue="Am Markt 1")
    found = _found(coordinator_client, "actors:offer_list", "integrationskurs lueneburger")
    assert found == {"Integrationskurs Heide"}
    found = _found(coordinator_client, "actors:offer_list", "grosse strasse")
    assert found == {"Integrationskurs Heide"}


def test_organisation_found_with_sz_spelled_ss(coordinator_client):
    OrganisationFactory(name="Initiative Weiße Rose", city="Gartow")
    assert _found(coordinator_client, "actors:organisation_list", "weisse rose") == {
        "Initiative Weiße Rose"
    }
    OrganisationFactory(name="Strassenfest e.V.")
    assert _found(coordinator_client, "actors:organisation_list", "straßenfest") == {
        "Strassenfest e.V."
    }


# --- volunteers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["moeller", "Möller", "moller", "jürgen möller", "Moeller Juergen", "gärtner"]
)
def test_volunteer_found_by_any_spelling(coordinator_client, query):
    VolunteerFactory(first_name="Jürgen", last_name="Möller", city="Gärtnerdorf")
    VolunteerFactory(first_name="Jana", last_name="Müller", city="Clenze")
    found = _found(coordinator_client, "volunteers:volunteer_list", query)
    assert found == {"Jürgen Möller"}


def test_volunteer_found_by_accent_and_sz(coordinator_client):
    VolunteerFactory(first_name="José", last_name="Groß")
    VolunteerFactory(first_name="Jonas", last_name="Gross-Meyer")
    assert _found(coordinator_client, "volunteers:volunteer_list", "jose gross") == {"José Groß"}
    assert _found(coordinator_client, "volunteers:volunteer_list", "groß") == {
        "José Groß",
        "Jonas Gross-Meyer",
    }


# --- clients ---------------------------------------------------------------------------------


def _codes(client, query, **params):
    response = client.get(reverse("consultations:client_list"), {"q": query, **params})
    assert response.status_code == 200
    return {c.code for c in response.context["object_list"]}


@pytest.mark.parametrize("query", ["moeller", "Möller", "moller amina", "AMINA MÖLLER"])
def test_client_found_by_the_consented_name(coordinator_client, query):
    ClientIdentityFactory(client=ClientFactory(code="K-2026-0042"), full_name="Amina Möller")
    ClientIdentityFactory(client=ClientFactory(code="K-2026-0043"), full_name="Amina Müller")
    ClientFactory(code="K-2026-0044")
    assert _codes(coordinator_client, query) == {"K-2026-0042"}


@pytest.mark.parametrize("query", ["K-2026-0042", "k-2026-0042", "0042", "2026 0042"])
def test_client_found_by_code(coordinator_client, query):
    ClientFactory(code="K-2026-0042")
    ClientFactory(code="K-2026-0043")
    assert _codes(coordinator_client, query) == {"K-2026-0042"}


def test_client_no_longer_found_by_name_after_consent_is_withdrawn(coordinator_client, lead):
    client = ClientFactory(code="K-2026-0042")
    ClientIdentityFactory(client=client, full_name="Amina Möller")
    consultation_services.save_identity(
        client=client,
        by=lead,
        consent_given_on=date(2026, 1, 5),
        consent_scope="Name und Telefon für Rückrufe",
        consent_withdrawn_on=date(2026, 2, 1),
    )
    assert _codes(coordinator_client, "moeller") == set()
    assert not ClientIdentity.objects.filter(search_text__contains="moller").exists()


def test_anonymised_client_not_found_by_old_name_or_code(coordinator_client, lead):
    client = ClientFactory(code="K-2026-0042")
    ClientIdentityFactory(client=client, full_name="Amina Möller")
    consultation_retention.erase_client(client=client, by=lead)
    for query in ("moeller", "amina", "K-2026-0042"):
        assert _codes(coordinator_client, query, include_anonymised="on") == set()
    assert _codes(coordinator_client, f"ANON-{client.pk}", include_anonymised="on") == {
        f"ANON-{client.pk}"
    }
    assert Client.objects.get(pk=client.pk).search_text == fold(f"ANON-{client.pk}")


@override_settings(KMUT_CONSULTATION_RETENTION_YEARS=3)
def test_retention_run_leaves_no_searchable_name(coordinator_client, synced_roles):
    client = ClientFactory(code="K-2022-0042")
    ClientIdentityFactory(client=client, full_name="Amina Möller")
    ConsultationFactory(client=client, held_on=date(2022, 3, 1))
    assert _codes(coordinator_client, "moeller") == {"K-2022-0042"}
    call_command("apply_retention", today=date(2025, 5, 2), stdout=open("/dev/null", "w"))  # noqa: SIM115
    for query in ("moeller", "amina", "K-2022-0042"):
        assert _codes(coordinator_client, query, include_anonymised="on") == set()
    assert not Client.objects.filter(search_text__contains="2022").exists()
    assert not ClientIdentity.objects.exists()


# --- writes that bypass a single form ----------------------------------------------------


def test_merge_keeps_the_search_columns_right(coordinator_client, coordinator):
    target = OrganisationFactory(name="Tafel Dannenberg", short_name="")
    duplicate = OrganisationFactory(name="Dannenberger Tafel", short_name="Tafel Süd")
    ContactPersonFactory(organisation=duplicate, first_name="Özlem", last_name="Şahin")
    merge_organisations(target=target, duplicate=duplicate, by=coordinator)
    assert _found(coordinator_client, "actors:organisation_list", "ozlem sahin") == {
        "Tafel Dannenberg"
    }
    assert _found(coordinator_client, "actors:organisation_list", "tafel sud") == {
        "Tafel Dannenberg"
    }


def test_refresh_rebuilds_after_a_bulk_update(coordinator_client):
    organisation = OrganisationFactory(name="Alter Name")
    Organisation.objects.filter(pk=organisation.pk).update(name="Flüchtlingshilfe Göhrde")
    assert _found(coordinator_client, "actors:organisation_list", "gohrde") == set()
    assert refresh_search_text(Organisation.objects.all()) == 1
    assert _found(coordinator_client, "actors:organisation_list", "goehrde fluchtlingshilfe") == {
        "Flüchtlingshilfe Göhrde"
    }


def test_save_with_update_fields_keeps_search_text(coordinator_client):
    contact = ContactPersonFactory(last_name="Alt")
    contact.last_name = "Bäcker"
    contact.save(update_fields=["last_name", "updated_at"])
    assert ContactPerson.objects.get(pk=contact.pk).search_text.endswith("backer")


def test_search_text_is_not_kept_in_the_history():
    organisation = OrganisationFactory(name="Möller-Stiftung")
    historical = organisation.history.model
    assert "search_text" not in {field.name for field in historical._meta.fields}
    assert organisation.history.count() == 1


def test_search_keeps_query_counts_flat(coordinator_client):
    def queries_for(query):
        with CaptureQueriesContext(connection) as captured:
            found = _found(coordinator_client, "actors:organisation_list", query)
        return len(captured), found

    for index in range(2):
        organisation = OrganisationFactory(name=f"Jobcenter Lüchow {index}")
        ContactPersonFactory(organisation=organisation, last_name="Möller")
    few, found = queries_for("moeller luchow jobcenter")
    assert len(found) == 2
    for index in range(2, 14):
        organisation = OrganisationFactory(name=f"Jobcenter Lüchow {index}")
        ContactPersonFactory(organisation=organisation, last_name="Möller")
    many, found = queries_for("moeller luchow jobcenter")
    assert len(found) == 14
    assert many == few


def test_reference_data_search_folds_too(coordinator_client):
    MunicipalityFactory(name="Lüchow (Wendland)")
    response = coordinator_client.get(reverse("kmut:municipality_list"), {"q": "luechow"})
    assert "Lüchow (Wendland)" in {str(m) for m in response.context["object_list"]}
