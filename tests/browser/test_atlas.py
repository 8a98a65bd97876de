"""The public atlas on a phone: results first, filters folded, no sideways scrolling."""

import re

import pytest

from tests.factories import (
    ContactPersonFactory,
    FieldOfActionFactory,
    OfferFactory,
    OrganisationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_phone_the_first_result_shows_before_the_folded_filters_are_opened(
    phone_page, live_server
):
    work = FieldOfActionFactory(name="Atlas Arbeit und Beruf")
    for number in range(12):
        organisation = OrganisationFactory(
            name=f"Beratungsstelle {number:02d} für Migration und Teilhabe im Wendland",
            phone="05841 120-450",
            email=f"ein.sehr.langer.name.fuer.die.beratung{number}@landkreis-luechow-dannenberg.example",
        )
        ContactPersonFactory(organisation=organisation)
        OfferFactory(organisation=organisation, title="Migrationsberatung für Erwachsene (MBE)")
    OrganisationFactory(name="Jobcenter Lüchow-Dannenberg").fields_of_action.add(work)

    phone_page.goto(f"{live_server.url}/atlas/")

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    panel = phone_page.locator("details.atlas-filters")
    assert panel.get_attribute("open") is None
    first = phone_page.locator("article.atlas-entry").first
    box = first.bounding_box()
    assert box["y"] + 60 <= phone_page.viewport_size["height"]  # its name and kind, unscrolled
    assert first.is_visible()

    # Filtering in the folded panel narrows the results (htmx, the page stays).
    panel.locator("summary").click()
    phone_page.get_by_label("Handlungsfeld").select_option(label="Atlas Arbeit und Beruf")
    phone_page.wait_for_url(re.compile(r"field_of_action="))
    results = phone_page.locator("#atlas-results")
    phone_page.wait_for_function("document.querySelectorAll('#atlas-results article').length === 1")
    assert "Jobcenter Lüchow-Dannenberg" in results.inner_text()
    assert "1 Organisation" in results.inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
