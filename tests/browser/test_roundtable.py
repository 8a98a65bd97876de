from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from kmut import roles
from roundtable.models import Meeting
from tests.browser.helpers import field_label, log_in
from tests.factories import UserFactory
from tests.pdf import pdf_text
from tests.roundtable.factories import BodyFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _plan(page, live_server, body, when, title):
    page.goto(f"{live_server.url}/gremien/{body.pk}/")
    page.get_by_role("link", name="Sitzung planen").first.click()
    page.get_by_label("Titel / Thema").fill(title)
    page.get_by_label("Beginn").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ort").fill("Kreishaus Lüchow, Raum 101")
    page.get_by_role("button", name="Speichern").click()
    assert page.get_by_text("Die Sitzung wurde geplant.").is_visible()


def _add(page, link, fields, select=None):
    page.get_by_role("link", name=link).click()
    for label, value in fields.items():
        page.get_by_label(field_label(label)).fill(value)
    for label, value in (select or {}).items():
        page.get_by_label(field_label(label)).select_option(label=value)
    page.get_by_role("button", name="Speichern").click()


def test_round_table_from_planning_to_approved_minutes(page, live_server, synced_roles):
    UserFactory(username="miriam", first_name="Miriam", last_name="Okafor", role=roles.COORDINATION)
    body = BodyFactory(name="Runder Tisch Migration und Teilhabe", short_name="RT")
    MembershipFactory(body=body, organisation__name="Cafe Zuflucht")
    MembershipFactory(body=body, organisation__name="KVHS Lüchow-Dannenberg")
    log_in(page, live_server, "miriam")

    when = timezone.localtime() + timedelta(days=10)
    _plan(page, live_server, body, when, "Runder Tisch im Frühjahr")
    _add(page, "Tagesordnungspunkt hinzufügen", {"Titel": "Bericht Sprachkurse"})
    _add(page, "Tagesordnungspunkt hinzufügen", {"Titel": "Fallbesprechung"})

    page.get_by_role("button", name="Einladungen versenden").click()
    assert page.get_by_text("2 Einladungen wurden versendet.").is_visible()
    assert len(mail.outbox) == 2
    ics = mail.outbox[0].attachments[0][1]
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Runder Tisch im Frühjahr"

    page.get_by_role("link", name="Anwesenheit", exact=True).click()
    page.get_by_role(
        "button", name="Alle ohne Eintrag als anwesend markieren und speichern"
    ).click()
    assert page.get_by_text("Die Anwesenheit wurde gespeichert.").is_visible()

    page.get_by_role("link", name="Protokoll schreiben").click()
    page.get_by_label("TOP 2: Bericht Sprachkurse").fill("Die KVHS berichtet von vollen Kursen.")
    page.get_by_label("Protokollführung").select_option(label="Miriam Okafor")
    page.get_by_role("button", name="Protokoll speichern").click()
    for text in ("Ein zweiter A2-Kurs wird beantragt.", "Fachtag im Herbst"):
        _add(page, "Beschluss hinzufügen", {"Beschluss": text})
    for task in ("Raum buchen", "Referentin anfragen", "Flyer übersetzen"):
        _add(page, "Aufgabe hinzufügen", {"Aufgabe": task, "Verantwortliche Person": "KS"})
    assert page.get_by_text("RT-2").is_visible()
    first = Meeting.objects.get(title="Runder Tisch im Frühjahr")
    assert first.state == Meeting.State.HELD
    assert first.action_items.count() == 3

    with page.expect_download() as download:
        page.get_by_role("link", name="Protokoll als PDF (vollständig)").click()
    complete = _download_text(download.value)
    assert "Die KVHS berichtet von vollen Kursen." in complete
    assert "RT-1" in complete
    with page.expect_download() as download:
        page.get_by_role("link", name="Anwesenheitsliste als PDF").click()
    assert "Unterschrift" in _download_text(download.value)

    _plan(page, live_server, body, when + timedelta(days=90), "Runder Tisch im Sommer")
    agenda = page.get_by_role("region", name="Tagesordnung").inner_text()
    assert "Genehmigung des Protokolls" in agenda
    assert "Flyer übersetzen" in agenda
    page.get_by_role("link", name="Protokoll schreiben").click()
    page.get_by_role("button", name="Protokoll speichern").click()
    page.get_by_role("button", name="Protokoll genehmigen").click()
    assert page.get_by_text("ist genehmigt").is_visible()

    first.refresh_from_db()
    assert first.state == Meeting.State.APPROVED
    page.goto(f"{live_server.url}/gremien/sitzungen/{first.pk}/")
    assert page.get_by_role("link", name="Protokoll schreiben").count() == 0
    assert page.get_by_text("festgeschrieben").is_visible()


def _download_text(download) -> str:
    with open(download.path(), "rb") as handle:
        return pdf_text(handle.read())
