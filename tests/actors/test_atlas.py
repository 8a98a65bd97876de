"""The public atlas: search, filters, one entry per organisation, links, PDF, public data only."""

import itertools
import re

import pytest
from django.test import Client
from django.urls import reverse

from kmut.telephone import tel_uri
from tests.factories import (
    ContactPersonFactory,
    FieldOfActionFactory,
    LanguageFactory,
    MunicipalityFactory,
    OfferFactory,
    OrganisationFactory,
)
from tests.pdf import response_pdf_text

pytestmark = pytest.mark.django_db

ATLAS = "actors_public:atlas"


def _names(response) -> list[str]:
    """The organisations' names as listed, in order (each entry's heading)."""
    html = response.content.decode()
    return re.findall(
        r'<article class="card mb-2 atlas-entry">.*?<h3 class="h6 mb-1">(.*?)</h3>', html, re.S
    )


@pytest.fixture
def district():
    """Two fields, a Samtgemeinde with a member, a town, two languages and four organisations."""
    work = FieldOfActionFactory(name="Atlas Arbeit")
    language_learning = FieldOfActionFactory(name="Atlas Sprache")
    samtgemeinde = MunicipalityFactory(name="Samtgemeinde Atlasaue", kind="samtgemeinde")
    member = MunicipalityFactory(name="Atlasdorf", parent=samtgemeinde)
    town = MunicipalityFactory(name="Atlasstadt", kind="town")
    arabic = LanguageFactory(name="Atlas-Arabisch")
    ukrainian = LanguageFactory(name="Atlas-Ukrainisch")

    jobcenter = OrganisationFactory(name="Jobcenter Lüchow-Dannenberg", phone="05841 120-450")
    jobcenter.fields_of_action.add(work, language_learning)
    jobcenter.municipalities.add(town)
    jobcenter.languages.add(arabic)
    OfferFactory(organisation=jobcenter, title="Bewerbungstraining", target_group="workers")

    kvhs = OrganisationFactory(name="KVHS Lüchow-Dannenberg", phone="+49 (0)5841 9999")
    kvhs.fields_of_action.add(language_learning)
    kvhs.municipalities.add(samtgemeinde)
    course = OfferFactory(
        organisation=kvhs,
        title="Frauenintegrationskurs A2",
        target_group="women",
        municipality=member,
    )
    course.languages.add(ukrainian)
    OfferFactory(organisation=kvhs, title="Deutsch B1 Abendkurs", level="B1")

    cafe = OrganisationFactory(
        name="Sprachcafé Hitzacker", phone="", email="cafe@hitzacker.example"
    )
    ContactPersonFactory(
        organisation=cafe,
        first_name="Petra",
        last_name="Sommer",
        phone="0160 1234567",
        email="petra.sommer@hitzacker.example",
    )
    OrganisationFactory(name="Tafel Dannenberg")
    return {
        "work": work,
        "language_learning": language_learning,
        "samtgemeinde": samtgemeinde,
        "town": town,
        "arabic": arabic,
        "ukrainian": ukrainian,
    }


# --- search and filters -------------------------------------------------------------------


def test_without_filters_every_public_organisation_is_listed_once_by_name(client, district):
    response = client.get(reverse(ATLAS))
    assert _names(response) == [
        "Jobcenter Lüchow-Dannenberg",
        "KVHS Lüchow-Dannenberg",
        "Sprachcafé Hitzacker",
        "Tafel Dannenberg",
    ]
    assert "4 Organisationen" in response.content.decode()


def test_an_organisation_in_several_fields_and_places_is_listed_once(client, district):
    OfferFactory.create_batch(
        3, organisation=OrganisationFactory(name="Diakonie"), municipality=district["town"]
    )
    diakonie = OrganisationFactory(name="Caritas")
    diakonie.fields_of_action.add(district["work"], district["language_learning"])
    diakonie.municipalities.add(district["town"], district["samtgemeinde"])
    for _index in range(3):
        OfferFactory(organisation=diakonie, municipality=district["town"]).fields_of_action.add(
            district["work"], district["language_learning"]
        )

    for query in (
        {},
        {"municipality": district["town"].pk},
        {"field_of_action": district["work"].pk},
    ):
        names = _names(client.get(reverse(ATLAS), query))
        assert names.count("Caritas") == 1, query
        assert len(names) == len(set(names))


def test_search_finds_names_and_offer_titles_ignoring_case_and_word_order(client, district):
    assert _names(client.get(reverse(ATLAS), {"q": "jobcenter"})) == ["Jobcenter Lüchow-Dannenberg"]
    assert _names(client.get(reverse(ATLAS), {"q": "DANNENBERG lüchow"})) == [
        "Jobcenter Lüchow-Dannenberg",
        "KVHS Lüchow-Dannenberg",
        "Tafel Dannenberg",  # its address is in Lüchow (Wendland): the town is searched too
    ]
    # one word in the name, the other in an offer's title
    assert _names(client.get(reverse(ATLAS), {"q": "kvhs abendkurs"})) == ["KVHS Lüchow-Dannenberg"]
    assert _names(client.get(reverse(ATLAS), {"q": "bewerbungs"})) == [
        "Jobcenter Lüchow-Dannenberg"
    ]
    response = client.get(reverse(ATLAS), {"q": "Zirkus"})
    assert _names(response) == []
    assert "Keine Einträge passen zu Ihrer Suche." in response.content.decode()


def test_field_of_action_matches_the_organisation_or_one_of_its_offers(client, district):
    sport = FieldOfActionFactory(name="Atlas Sport")
    OfferFactory(
        organisation=OrganisationFactory(name="MTV Dannenberg"), title="Fußball für alle"
    ).fields_of_action.add(sport)
    assert _names(client.get(reverse(ATLAS), {"field_of_action": district["work"].pk})) == [
        "Jobcenter Lüchow-Dannenberg"
    ]
    assert _names(
        client.get(reverse(ATLAS), {"field_of_action": district["language_learning"].pk})
    ) == ["Jobcenter Lüchow-Dannenberg", "KVHS Lüchow-Dannenberg"]
    assert _names(client.get(reverse(ATLAS), {"field_of_action": sport.pk})) == ["MTV Dannenberg"]


def test_a_samtgemeinde_includes_organisations_and_offers_of_its_members(client, district):
    damnatz_only = OrganisationFactory(name="Heimatverein Damnatz")
    damnatz_only.municipalities.add(district["samtgemeinde"].children.get())
    assert _names(client.get(reverse(ATLAS), {"municipality": district["samtgemeinde"].pk})) == [
        "Heimatverein Damnatz",
        "KVHS Lüchow-Dannenberg",
    ]
    assert _names(client.get(reverse(ATLAS), {"municipality": district["town"].pk})) == [
        "Jobcenter Lüchow-Dannenberg"
    ]


def test_language_matches_the_organisation_or_one_of_its_offers(client, district):
    assert _names(client.get(reverse(ATLAS), {"language": district["arabic"].pk})) == [
        "Jobcenter Lüchow-Dannenberg"
    ]
    assert _names(client.get(reverse(ATLAS), {"language": district["ukrainian"].pk})) == [
        "KVHS Lüchow-Dannenberg"
    ]


def test_target_group_lists_only_the_offers_for_that_group(client, district):
    response = client.get(reverse(ATLAS), {"target_group": "women"})
    html = response.content.decode()
    assert _names(response) == ["KVHS Lüchow-Dannenberg"]
    assert "Frauenintegrationskurs A2" in html
    assert "für Frauen" in html
    assert "Deutsch B1 Abendkurs" not in html


def test_filters_combine_and_unknown_values_are_ignored(client, district):
    both = {"field_of_action": district["language_learning"].pk, "q": "kvhs"}
    assert _names(client.get(reverse(ATLAS), both)) == ["KVHS Lüchow-Dannenberg"]
    none = {"field_of_action": district["work"].pk, "target_group": "women"}
    assert _names(client.get(reverse(ATLAS), none)) == []
    response = client.get(
        reverse(ATLAS), {"municipality": "999999", "language": "x", "target_group": "aliens"}
    )
    assert response.status_code == 200
    assert len(_names(response)) == 4


def test_htmx_gets_only_the_results(client, district):
    response = client.get(reverse(ATLAS), {"q": "kvhs"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.startswith('<section id="atlas-results"')
    assert "<form" not in html
    assert f'href="{reverse("actors_public:atlas_pdf")}?q=kvhs"' in html
    assert "HX-Request" in response["Vary"]


def test_the_form_works_without_javascript_and_keeps_the_chosen_values(client, district):
    html = client.get(
        reverse(ATLAS), {"q": "kurs", "municipality": district["samtgemeinde"].pk}
    ).content.decode()
    assert 'method="get"' in html
    assert 'value="kurs"' in html
    assert f'<option value="{district["samtgemeinde"].pk}" selected>' in html
    assert "<details" in html
    assert "Filter (1 aktiv)" in html
    assert " hx-" not in html.split('<main id="main"')[1]  # only data-hx-* attributes


# --- links --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "uri"),
    [
        ("05841 120-450", "tel:+495841120450"),
        ("0800 4555500", "tel:+498004555500"),
        ("(05841) 9 76 54/3", "tel:+49584197654" + "3"),
        ("+49 (0)5841 9999", "tel:+4958419999"),
        ("0049 5841 9999", "tel:+4958419999"),
        ("+31 20 1234567", "tel:+31201234567"),
        ("120450", ""),
        ("nach Vereinbarung", ""),
        ("", ""),
    ],
)
def test_phone_numbers_become_global_tel_uris(number, uri):
    assert tel_uri(number) == uri


def test_phone_numbers_and_addresses_are_links(client, district):
    html = client.get(reverse(ATLAS)).content.decode()
    assert '<a href="tel:+495841120450">05841 120-450</a>' in html
    assert '<a href="tel:+4958419999">+49 (0)5841 9999</a>' in html
    assert '<a href="tel:+491601234567">0160 1234567</a>' in html
    assert '<a href="mailto:cafe@hitzacker.example">' in html
    assert '<a href="mailto:petra.sommer@hitzacker.example">' in html


# --- queries and PDF ----------------------------------------------------------------------


def _busy_organisation(district, number):
    organisation = OrganisationFactory(name=f"Verein {number:02d}", phone="05841 1")
    organisation.fields_of_action.add(district["work"], district["language_learning"])
    organisation.municipalities.add(district["town"], district["samtgemeinde"])
    organisation.languages.add(district["arabic"])
    ContactPersonFactory.create_batch(2, organisation=organisation)
    for _index in range(2):
        OfferFactory(organisation=organisation).languages.add(district["ukrainian"])


@pytest.mark.parametrize("query", [{}, "all filters"])
def test_the_number_of_queries_does_not_grow_with_the_entries(
    client, district, django_assert_max_num_queries, query
):
    if query:
        query = {
            "q": "verein",
            "field_of_action": district["work"].pk,
            "municipality": district["town"].pk,
            "language": district["arabic"].pk,
            "target_group": "everyone",
        }
    _busy_organisation(district, 0)
    with django_assert_max_num_queries(13):
        few = client.get(reverse(ATLAS), query)
    for number in range(1, 25):
        _busy_organisation(district, number)
    with django_assert_max_num_queries(13):
        many = client.get(reverse(ATLAS), query)
    assert len(_names(many)) == len(_names(few)) + 24


def test_the_pdf_follows_the_filters(client, district):
    response = client.get(
        reverse("actors_public:atlas_pdf"), {"field_of_action": district["work"].pk}
    )
    text = response_pdf_text(response)
    assert "Jobcenter" in text
    assert "Bewerbungstraining" in text
    assert "Handlungsfeld: Atlas Arbeit" in text
    assert "KVHS" not in text
    assert "Tafel Dannenberg" not in text

    text = response_pdf_text(client.get(reverse("actors_public:atlas_pdf"), {"q": "tafel"}))
    assert "Tafel Dannenberg" in text
    assert "Jobcenter" not in text


def test_the_page_links_the_pdf_of_the_filtered_view(client, district):
    html = client.get(reverse(ATLAS), {"q": "kvhs", "target_group": "women"}).content.decode()
    assert f"{reverse('actors_public:atlas_pdf')}?q=kvhs&amp;target_group=women" in html


# --- public data only ---------------------------------------------------------------------


def test_no_filter_combination_shows_anything_that_is_not_public(district):
    """Every hidden thing carries "GEHEIM" and matches every filter it can."""
    places = (district["town"], district["samtgemeinde"].children.get())

    def matching_everything(organisation):
        organisation.fields_of_action.add(district["work"])
        organisation.municipalities.add(*places)
        organisation.languages.add(district["arabic"])
        return organisation

    hidden_organisations = [
        matching_everything(OrganisationFactory(name="GEHEIM intern", publication="internal")),
        matching_everything(OrganisationFactory(name="GEHEIM netz", publication="network")),
        matching_everything(
            OrganisationFactory(name="GEHEIM archiv", publication="public", status="archived")
        ),
    ]
    public = matching_everything(OrganisationFactory(name="Offen e.V."))
    for owner in [*hidden_organisations, public]:
        # an offer marked public is still hidden when its organisation is not public
        for publication, is_active in (("public", True), ("internal", True), ("public", False)):
            shown = owner == public and publication == "public" and is_active
            offer = OfferFactory(
                organisation=owner,
                title="Offener Kurs" if shown else f"GEHEIM kurs {publication} {is_active}",
                target_group="women",
                municipality=places[1],
                publication=publication,
                is_active=is_active,
            )
            offer.languages.add(district["arabic"])
            offer.fields_of_action.add(district["work"])
        for publication, is_active in (("internal", True), ("network", True), ("public", False)):
            ContactPersonFactory(
                organisation=owner,
                last_name="GEHEIMKONTAKT",
                email="geheim@example.org",
                phone="05841 666",
                publication=publication,
                is_active=is_active,
            )

    district_names = set(_names(Client().get(reverse(ATLAS)))) - {"Offen e.V."}
    choices = {
        "q": ["", "geheim", "kurs", "offen"],
        "field_of_action": ["", district["work"].pk],
        "municipality": ["", district["town"].pk, district["samtgemeinde"].pk],
        "language": ["", district["arabic"].pk],
        "target_group": ["", "women"],
    }
    client = Client()
    for values in itertools.product(*choices.values()):
        query = {name: value for name, value in zip(choices, values, strict=True) if value}
        response = client.get(reverse(ATLAS), query)
        entries = " ".join(
            re.findall(r"<article.*?</article>", response.content.decode(), re.S)
        ).upper()
        assert "GEHEIM" not in entries, query
        assert "666" not in entries, query
        assert set(_names(response)) <= {"Offen e.V.", *district_names}, query
    text = response_pdf_text(
        client.get(reverse("actors_public:atlas_pdf"), {"q": "kurs", "target_group": "women"})
    )
    assert "Offen e.V." in text
    assert "GEHEIM" not in text.upper()


def test_the_atlas_search_ignores_accents_umlaut_spellings_and_word_order(client, district):
    def found(query):
        return _names(client.get(reverse(ATLAS), {"q": query}))

    assert found("sprachcafe") == ["Sprachcafé Hitzacker"]
    assert found("Lüchow Jobcenter") == ["Jobcenter Lüchow-Dannenberg"]
    assert found("luechow jobcenter") == ["Jobcenter Lüchow-Dannenberg"]
    assert found("abendkurs deutsch") == ["KVHS Lüchow-Dannenberg"]  # an offer's title
