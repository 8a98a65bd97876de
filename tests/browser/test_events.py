"""A coordinator enters seed 004 events out of order; the annual report lists them by date."""

import re

import pytest

from kmut import roles
from tests.browser.helpers import field_label, log_in
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Seed 004 §2.4, entered in this order (not the order of the dates).
SEED_004 = [
    ("Ausstellung „Odyssee Europa – Flucht und Zuflucht seit 1945“", "2016-10-19", "2016-11-30",
     "Kreishaus Lüchow, Foyer", "Kreismuseum Lüchow-Dannenberg"),
    ("Ausstellung „Shingal“", "2016-01-13", "", "Kreishaus Lüchow, Foyer",
     "Kreismuseum Lüchow-Dannenberg"),
    ("Kreissportkonferenz „Sport und Flüchtlinge“", "2016-06-07", "", "Dannenberg (Elbe)",
     "Kreissportbund Lüchow-Dannenberg e.V."),
]  # fmt: skip


def _enter(page, live_server, title, starts_on, ends_on, place, partner):
    page.goto(f"{live_server.url}/gremien/")
    page.get_by_role("link", name="Veranstaltungen und Projekte").first.click()
    page.get_by_role("link", name="Neue Veranstaltung / neues Projekt").click()
    page.get_by_label(field_label("Titel")).fill(title)
    page.get_by_label(field_label("Art")).select_option(label="Veranstaltung")
    page.get_by_label(field_label("Datum bzw. erster Tag")).fill(starts_on)
    if ends_on:
        page.get_by_label(field_label("Letzter Tag")).fill(ends_on)
    page.get_by_label(field_label("Ort")).fill(place)
    page.get_by_label(field_label("Partnerorganisationen")).select_option(label=partner)
    page.get_by_role("button", name="Speichern").click()
    assert page.get_by_text("Der Eintrag wurde gespeichert.").is_visible()


def test_events_entered_out_of_order_appear_by_date_in_the_report(page, live_server, synced_roles):
    UserFactory(username="miriam", first_name="Miriam", last_name="Okafor", role=roles.COORDINATION)
    OrganisationFactory(name="Kreismuseum Lüchow-Dannenberg")
    OrganisationFactory(name="Kreissportbund Lüchow-Dannenberg e.V.")
    log_in(page, live_server, "miriam")

    for row in SEED_004:
        _enter(page, live_server, *row)

    page.goto(f"{live_server.url}/berichte/jahresberichte/")
    page.locator("input[name=year]").fill("2016")
    page.get_by_role("button", name="Entwurf anlegen").click()
    page.wait_for_url(re.compile(r"/berichte/jahresberichte/\d+/$"))
    section = page.locator("#s-projects table.events-list tbody tr")
    rows = section.all_inner_texts()
    assert [row.split("\t")[1].split("\n")[0] for row in rows] == [
        "Ausstellung „Shingal“",
        "Kreissportkonferenz „Sport und Flüchtlinge“",
        "Ausstellung „Odyssee Europa – Flucht und Zuflucht seit 1945“",
    ]
    assert rows[0].startswith("13.01.2016")
    assert rows[2].startswith("19.10.2016–30.11.2016")
    assert "Kreissportbund Lüchow-Dannenberg e.V." in rows[1]
