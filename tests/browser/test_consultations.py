"""A coordinator records five consultations in a row with the keyboard."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import Client, Consultation, Referral
from kmut import roles
from kmut.models import Language
from tests.browser.helpers import field_label, log_in
from tests.consultations.factories import ClientFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.volunteers.factories import AssignmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _routine(page, code: str, topic_tabs: int) -> None:
    """Code, Tab to the wanted topic, Space, Enter: the routine case."""
    code_field = page.get_by_label(field_label("Klientencode"))
    assert code_field.evaluate("element => element === document.activeElement")
    page.keyboard.type(code)
    for _index in range(topic_tabs):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.get_by_text("Die Beratung für").first.wait_for()


def test_five_consultations_in_a_row(page, live_server, synced_roles):
    UserFactory(username="miriam", first_name="Miriam", last_name="Okafor", role=roles.COORDINATION)
    ClientFactory(code="K-2026-0007")
    Language.objects.get_or_create(code="ar", defaults={"name": "Arabisch"})
    jobcenter = OrganisationFactory(name="Jobcenter Lüchow-Dannenberg")
    AssignmentFactory(reference="Termin ABH-2026-014", starts_on=timezone.localdate())

    log_in(page, live_server, "miriam")
    page.get_by_role("link", name="Beratung").first.click()
    page.get_by_role("navigation", name="Beratung").get_by_role(
        "link", name="Neue Beratung"
    ).click()

    # 1: existing client, first topic (Asylverfahren)
    _routine(page, "K-2026-0007", topic_tabs=1)
    # 2: a new client with a typed code; the inline lookup says so
    page.keyboard.type("k-2026-0100")
    page.keyboard.press("Tab")
    page.get_by_text("Neue Klient*in: Dieser Code wird angelegt.").wait_for()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Aufenthaltsrecht
    page.keyboard.press("Enter")
    page.get_by_text("Die Beratung für K-2026-0100").wait_for()
    # 3: no code at all: the next free code is assigned
    _routine(page, "", topic_tabs=3)  # Arbeit
    # 4: the same existing client again, two topics
    page.keyboard.type("K-2026-0007")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.get_by_text("Die Beratung für K-2026-0007").wait_for()
    # 5: with interpreter and referral
    page.keyboard.type("K-2026-0100")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.get_by_label(field_label("Beratungssprache")).select_option(label="Arabisch")
    page.get_by_label("Mit Sprachmittlung", exact=True).check()
    # The interpreting assignment lookup: type part of the reference, choose the match.
    page.get_by_label(field_label("Sprachmittlungseinsatz")).fill("ABH 014")
    assignment = page.get_by_label("Termin ABH-2026-014 · Sprachmittlung", exact=False)
    assignment.check()
    assert (
        page.get_by_label(field_label("Sprachmittlungseinsatz")).input_value()
        == "Termin ABH-2026-014"
    )
    # The referral lookup: type words of the name in any order, Tab to the match, Space.
    OrganisationFactory(name="Jobcenter Uelzen", city="Uelzen")
    page.get_by_label(field_label("Weitervermittelt an (Organisation 1)")).click()
    page.keyboard.type("Lüchow Jobcenter")
    match = page.get_by_label("Jobcenter Lüchow-Dannenberg", exact=False)
    match.wait_for()
    # Early letters ("L") match more; the answer to the whole text offers only the one.
    expect(page.get_by_label("Jobcenter Uelzen", exact=False)).to_have_count(0)
    page.keyboard.press("Tab")
    assert match.evaluate("element => element === document.activeElement")
    page.keyboard.press("Space")
    assert match.is_checked()
    assert (
        page.get_by_label(field_label("Weitervermittelt an (Organisation 1)")).input_value()
        == "Jobcenter Lüchow-Dannenberg"
    )
    assert page.locator("#id_referral_1").input_value() == str(jobcenter.pk)
    page.get_by_label("Weitergabe der Daten an Organisation 1").check()
    page.get_by_label(field_label("Dauer (Minuten)")).press("Enter")
    page.get_by_text("Die Beratung für K-2026-0100").wait_for()

    assert Consultation.objects.count() == 5
    assert Client.objects.count() == 3
    topics = [
        sorted(row.topic for row in consultation.topics.all())
        for consultation in Consultation.objects.order_by("pk")
    ]
    assert topics[:4] == [["asylum"], ["residence"], ["work"], ["asylum", "residence"]]
    last = Consultation.objects.order_by("pk").last()
    assert last.interpreter_used
    assert last.interpreter_assignment.reference == "Termin ABH-2026-014"
    assert last.language.name == "Arabisch"
    referral = Referral.objects.get()
    assert referral.consultation == last
    assert referral.organisation.name == "Jobcenter Lüchow-Dannenberg"
    assert referral.data_sharing_consent
    assert all(c.counsellor.username == "miriam" for c in Consultation.objects.all())
