import re

import pytest
from django.core import mail

from actors.models import Organisation
from kmut import roles
from tests.browser.helpers import log_in
from tests.factories import MunicipalityFactory, OfferFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_finds_a2_language_courses_of_a_samtgemeinde_in_two_clicks(
    page, live_server, synced_roles
):
    samtgemeinde = MunicipalityFactory(name="Samtgemeinde Lüchow (Wendland)", kind="samtgemeinde")
    clenze = MunicipalityFactory(name="Clenze", parent=samtgemeinde)
    hitzacker = MunicipalityFactory(name="Hitzacker (Elbe)", kind="town")
    OfferFactory(title="Integrationskurs A2 Clenze", kind="integration_course", municipality=clenze)
    OfferFactory(title="Deutsch A2 Hitzacker", municipality=hitzacker)
    OfferFactory(title="Deutsch B1 Clenze", level="B1", municipality=clenze)
    UserFactory(username="miriam", role=roles.COORDINATION)
    log_in(page, live_server, "miriam")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Akteure"
    ).click()  # click 1
    page.get_by_label("Gemeinde").select_option(label="Samtgemeinde Lüchow (Wendland)")
    page.get_by_label("Sprachniveau").select_option("A2")
    page.get_by_role("button", name="Kurse anzeigen").click()  # click 2

    results = page.locator("table tbody")
    assert "Integrationskurs A2 Clenze" in results.inner_text()
    assert "Hitzacker" not in results.inner_text()
    assert "B1" not in results.inner_text()


def test_update_request_from_mail_to_accepted_change(page, browser, live_server, synced_roles):
    UserFactory(username="miriam", first_name="Miriam", last_name="Okafor", role=roles.COORDINATION)
    organisation = OrganisationFactory(name="Cafe Zuflucht", email="cafe@zuflucht.example")
    log_in(page, live_server, "miriam")

    page.goto(f"{live_server.url}/akteure/organisationen/{organisation.pk}/")
    page.get_by_role("link", name="Aktualisierung anfragen").click()
    page.get_by_role("button", name="Senden").click()
    assert page.get_by_text("1 Aktualisierungsanfrage wurde versendet.").is_visible()

    link = re.search(r"http://\S+/aktualisierung/\S+/", mail.outbox[-1].body).group(0)
    outside = browser.new_context(locale="de-DE")
    partner = outside.new_page()
    partner.goto(link)
    partner.get_by_label("Straße und Hausnummer").fill("Lange Straße 7")
    partner.get_by_label("Ihr Name").fill("Petra Sommer")
    partner.get_by_role("button", name="An die Koordinierungsstelle senden").click()
    assert partner.get_by_role("heading", name="Vielen Dank").is_visible()
    outside.close()

    page.goto(f"{live_server.url}/akteure/anfragen/")
    page.get_by_role("link", name="Cafe Zuflucht").click()
    assert page.get_by_text("Lange Straße 7").first.is_visible()
    page.get_by_role("button", name="Übernehmen").click()
    assert page.get_by_text("Die Änderungen wurden in den Eintrag übernommen.").is_visible()

    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.street == "Lange Straße 7"
    page.goto(f"{live_server.url}/akteure/organisationen/{organisation.pk}/")
    history = page.get_by_role("region", name="Verlauf").inner_text()
    assert "Miriam Okafor" in history
    assert "Lange Straße 7" in history
