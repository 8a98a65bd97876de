import pytest

from kmut import roles
from tests.browser.helpers import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARD_HEADINGS = {
    roles.COORDINATION: "Braucht Ihre Aufmerksamkeit",
    roles.LEADERSHIP: "Braucht Ihre Aufmerksamkeit",
    roles.VOLUNTEER: "Ihr Bereich im Ehrenamt",
    roles.COMMITTEE: "Freigegebene Berichte",
    roles.ADMINISTRATION: "Administration",
}


@pytest.mark.parametrize("role", list(roles.ROLES))
def test_each_role_logs_in_and_sees_its_dashboard(page, live_server, synced_roles, role):
    UserFactory(username=f"b-{role.lower()}", role=role)

    log_in(page, live_server, f"b-{role.lower()}")

    assert page.locator("html").get_attribute("lang") == "de"
    heading = page.get_by_role("heading", name=DASHBOARD_HEADINGS[role])
    assert heading.is_visible()
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    if role in roles.STAFF_ROLES:
        assert nav.get_by_role("link", name="Beratung").is_visible()
    else:
        assert nav.get_by_role("link", name="Beratung").count() == 0


def test_skip_link_is_the_first_stop_for_the_keyboard(page, live_server, synced_roles):
    UserFactory(username="tastatur", role=roles.COORDINATION)
    log_in(page, live_server, "tastatur")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_staff_edit_a_municipality_and_see_it_in_the_history(page, live_server, synced_roles):
    from tests.factories import MunicipalityFactory

    UserFactory(username="miriam", first_name="Miriam", last_name="Okafor", role=roles.COORDINATION)
    municipality = MunicipalityFactory(name="Küsten")
    log_in(page, live_server, "miriam")

    page.goto(f"{live_server.url}/verwaltung/stammdaten/gemeinden/{municipality.pk}/bearbeiten/")
    page.get_by_label("Amtlicher Gemeindeschlüssel").fill("03354013")
    page.get_by_role("button", name="Speichern").click()

    assert page.get_by_text("„Küsten“ wurde gespeichert.").is_visible()
    history = page.get_by_role("region", name="Verlauf")
    assert "Miriam Okafor" in history.inner_text()
    assert "03354013" in history.inner_text()


def test_login_works_on_a_phone_screen(phone_page, live_server, synced_roles):
    UserFactory(username="leyla", role=roles.VOLUNTEER)
    log_in(phone_page, live_server, "leyla")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= phone_page.viewport_size["width"]  # no horizontal scrolling
