"""Issue 7 acceptance: the lead releases this year's report; the committee downloads exactly it."""

import hashlib
from pathlib import Path

import pytest
from django.utils import timezone

from kmut import roles
from reporting.models import AnnualReport
from tests.browser.helpers import field_label, log_in
from tests.factories import UserFactory
from tests.pdf import pdf_text
from tests.reporting.annual_factories import AnnualReportFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_releases_and_committee_downloads_the_same_pdf(
    page, browser, live_server, synced_roles
):
    UserFactory(username="jens", first_name="Jens", last_name="Hartmann", role=roles.LEADERSHIP)
    UserFactory(username="renate", first_name="Renate", last_name="Vogel", role=roles.COMMITTEE)
    year = timezone.localdate().year
    AnnualReportFactory(year=year - 1, title=f"Jahresbericht {year - 1}")
    report = AnnualReportFactory(year=year, title=f"Jahresbericht {year}")

    log_in(page, live_server, "jens")
    page.get_by_role("link", name="Berichte").first.click()
    page.get_by_role("link", name="Jahresberichte").first.click()
    page.get_by_role("link", name=f"{year} · Version 1").click()
    page.get_by_role("link", name="Texte und Vorlagenkopf bearbeiten").click()
    outlook = "Im kommenden Jahr startet ein weiterer Kurs für Asylbegleiterinnen und -begleiter."
    page.get_by_label(field_label("Ausblick")).fill(outlook)
    page.get_by_role("button", name="Speichern").click()
    assert page.get_by_text("Der Bericht wurde gespeichert.").is_visible()
    page.get_by_role("button", name="Als geprüft markieren").click()
    page.get_by_role("button", name="Für den Ausschuss freigeben").click()
    assert page.get_by_text("Der Bericht wurde freigegeben.").is_visible()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.RELEASED

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
