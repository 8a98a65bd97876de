"""Issue 7 acceptance: the lead releases this year's report; the committee downloads exactly it.

Issue 14: a coordinator reviews, the lead (another person) confirms each gap of the completeness
check and releases; the button shows that the PDF is being rendered; the committee is mailed.
Issue 16: the release runs in the background worker; the page shows its steps and reloads.
"""

import hashlib
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from kmut import roles
from reporting.models import AnnualReport
from tests.browser.helpers import field_label, log_in
from tests.factories import UserFactory
from tests.pdf import pdf_text
from tests.reporting.annual_factories import AnnualReportFactory
from tests.worker import run_queued_tasks

BUSY = "Freigabe läuft – das PDF wird erstellt, das dauert einige Sekunden …"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_releases_and_committee_downloads_the_same_pdf(
    page, browser, live_server, synced_roles
):
    UserFactory(username="jens", first_name="Jens", last_name="Hartmann", role=roles.LEADERSHIP)
    UserFactory(username="miriam", first_name="Miriam", last_name="Kaya", role=roles.COORDINATION)
    UserFactory(username="renate", first_name="Renate", last_name="Vogel", role=roles.COMMITTEE)
    year = timezone.localdate().year
    AnnualReportFactory(year=year - 1, title=f"Jahresbericht {year - 1}")
    report = AnnualReportFactory(year=year, title=f"Jahresbericht {year}")

    coordinator_context = browser.new_context(locale="de-DE")
    coordinator = coordinator_context.new_page()
    log_in(coordinator, live_server, "miriam")
    coordinator.get_by_role("link", name="Berichte").first.click()
    coordinator.get_by_role("link", name="Jahresberichte").first.click()
    coordinator.get_by_role("link", name=f"{year} · Version 1").click()
    coordinator.get_by_role("link", name="Vorlagenkopf bearbeiten").click()
    coordinator.get_by_label(field_label("Vorlagennummer")).fill(f"{year}-31/0815")
    coordinator.locator("#id_items-0-committee").fill("Ausschuss für Soziales")
    coordinator.get_by_role("button", name="Speichern").click()
    assert coordinator.get_by_text("Der Bericht wurde gespeichert.").is_visible()
    coordinator.get_by_role("link", name="Text von „Ausblick“ bearbeiten").click()
    outlook = "Im kommenden Jahr startet ein weiterer Kurs für Asylbegleiterinnen und -begleiter."
    coordinator.get_by_label(field_label("Text")).fill(outlook)
    coordinator.get_by_role("button", name="Speichern").click()
    assert coordinator.get_by_text("Das Kapitel wurde gespeichert.").is_visible()
    coordinator.get_by_role("button", name="Als geprüft markieren").click()
    assert coordinator.get_by_text("Eine andere Person kann ihn jetzt freigeben.").is_visible()
    coordinator_context.close()

    log_in(page, live_server, "jens")
    page.get_by_role("link", name="Berichte").first.click()
    page.get_by_role("link", name="Jahresberichte").first.click()
    page.get_by_role("link", name=f"{year} · Version 1").click()
    page.get_by_role("link", name="Für den Ausschuss freigeben").click()
    assert page.get_by_role("heading", name="Vollständigkeitsprüfung").is_visible()
    page.get_by_role("button", name="Jetzt freigeben").click()  # gaps not confirmed
    assert page.get_by_text("Bitte bestätigen Sie jede aufgeführte Lücke").is_visible()
    assert page.get_by_label("Bestätigt: Das Kapitel „1 Einleitung“ hat keinen Text.").is_visible()
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()
    # What the page shows while the PDF renders, read with the form's sending held back (a
    # listener on window runs after the page's own on document).
    state = page.evaluate(
        """() => new Promise((resolve) => {
            window.addEventListener("submit", (event) => {
                event.preventDefault();
                window.setTimeout(() => {
                    const button = document.querySelector("button[aria-busy=true]");
                    resolve(button && [button.textContent, button.disabled,
                                       document.getElementById("busy-status").textContent]);
                }, 50);
            });
            document.querySelector("button[data-busy-text]").click();
        })"""
    )
    assert state == [BUSY, True, BUSY]
    page.goto(page.url)  # the page afresh (GET)
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()
    page.get_by_role("button", name="Jetzt freigeben").click()
    expect(page.get_by_text("Die Freigabe wurde gestartet")).to_be_visible()
    expect(page.locator("#release-status")).to_contain_text("Schritt 1 von 4")
    assert run_queued_tasks() == ["released"]  # the background worker's part
    # The page asks for the progress every two seconds and reloads once the job is done.
    expect(page.get_by_text("Der Bericht wurde freigegeben.")).to_be_visible(timeout=10_000)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.RELEASED
    assert [message.to for message in mail.outbox] == [["renate@example.org"]]

    context = browser.new_context(locale="de-DE")
    committee = context.new_page()
    log_in(committee, live_server, "renate")
    main_links = committee.locator("#main-nav .me-auto .nav-link").all_text_contents()
    assert [text.strip() for text in main_links] == ["Übersicht", "Berichte"]
    committee.get_by_role("link", name="Berichte").first.click()
    assert committee.get_by_text(report.sha256).is_visible()
    with committee.expect_download() as download:
        committee.get_by_role("link", name="PDF herunterladen").first.click()
    data = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == report.sha256
    assert outlook in pdf_text(data)
    for forbidden in ("/ehrenamt/", "/akteure/", "/gremien/", "/beratung/",
                      f"/berichte/jahresberichte/{report.pk}/"):  # fmt: skip
        response = committee.goto(f"{live_server.url}{forbidden}")
        assert response.status == 403, forbidden
    context.close()
