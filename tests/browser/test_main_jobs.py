"""Issue 17 acceptance: each role's main job, as a new user does it, on a desktop (1366 px) and on
a phone (390 px), starting from the dashboard; each test checks the result in the database.

- Coordinator: a returning client's consultation from the dashboard in at most five actions.
- Volunteer: an expense claim with a receipt.
- Lead: the second sign-off of a claim and the release of the reviewed annual report.
- Committee: the download of the released report (the same bytes, the download recorded).
"""

import hashlib
import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import Client, Consultation
from kmut import roles
from reporting import releases
from reporting.models import AnnualReport, DocumentDownload
from tests.browser.helpers import field_label, fill_interpreting_claim, log_in
from tests.consultations.factories import ClientFactory, ConsultationFactory
from tests.factories import UserFactory
from tests.pdf import pdf_text
from tests.reporting.annual_factories import AnnualReportFactory
from tests.volunteers.factories import (
    AssignmentFactory,
    ExpenseClaimFactory,
    PortalVolunteerFactory,
    RateSetFactory,
)
from tests.worker import run_queued_tasks
from volunteers import services as volunteer_services
from volunteers.models import ExpenseClaim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {
    "desktop": {"viewport": {"width": 1366, "height": 768}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.fixture(params=list(SCREENS))
def screen(request, browser):
    """A page on the screen size of the parameter; `screen.width` for the overflow check."""
    context = browser.new_context(locale="de-DE", **SCREENS[request.param])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.width = SCREENS[request.param]["viewport"]["width"]
    yield page
    context.close()


def _fits(page):
    """The page is not wider than the screen (nothing to scroll sideways, no cut-off button)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width, page.url


class Actions:
    """Counts what the user does: each click, typed field or ticked box is one action."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, text):
        self.count += 1
        locator.fill(text)

    def check(self, locator):
        self.count += 1
        locator.check()


def test_coordinator_logs_a_returning_clients_consultation_from_the_dashboard(
    screen, live_server, synced_roles
):
    coordinator = UserFactory(
        username="miriam", first_name="Miriam", last_name="Okafor", role=roles.COORDINATION
    )
    client = ClientFactory(code="K-2026-0007")
    earlier = ConsultationFactory(
        client=client, counsellor=coordinator, held_on=timezone.localdate().replace(day=1)
    )
    page = screen
    log_in(page, live_server, "miriam")
    _fits(page)

    actions = Actions(page)
    actions.click(page.get_by_role("main").get_by_role("link", name="Neue Beratung"))
    _fits(page)
    actions.fill(page.get_by_label(field_label("Klientencode")), "k-2026-0007")
    actions.check(page.get_by_label("Asylverfahren", exact=True))
    actions.click(page.get_by_role("button", name="Speichern und anzeigen"))

    expect(page.get_by_text("Die Beratung für K-2026-0007")).to_be_visible()
    _fits(page)
    assert actions.count <= 5
    assert Client.objects.count() == 1  # the returning client, no second one
    consultation = Consultation.objects.exclude(pk=earlier.pk).get()
    assert consultation.client == client
    assert consultation.counsellor == coordinator
    assert consultation.held_on == timezone.localdate()
    assert [topic.topic for topic in consultation.topics.all()] == ["asylum"]


def test_volunteer_submits_a_claim_with_a_receipt(screen, live_server, synced_roles):
    RateSetFactory(valid_from=date(2025, 1, 1))
    volunteer = PortalVolunteerFactory(user__username="leyla", first_name="Leyla")
    AssignmentFactory(volunteer=volunteer, reference="Termin ABH-2026-014")
    page = screen
    log_in(page, live_server, "leyla")
    _fits(page)

    page.get_by_role("main").get_by_role("link", name="Neue Abrechnung").click()
    fill_interpreting_claim(page)
    expect(page.locator("#claim-preview")).to_contain_text("43,00 €")
    page.get_by_label("Ich bestätige").check()
    _fits(page)
    page.get_by_role("button", name="Einreichen").click()

    expect(page.get_by_text("Ihre Abrechnung wurde eingereicht.")).to_be_visible()
    _fits(page)
    claim = ExpenseClaim.objects.get()
    assert claim.volunteer == volunteer
    assert claim.status == ExpenseClaim.Status.SUBMITTED
    assert claim.service_date == date(2026, 3, 2)
    assert claim.iban == "DE89370400440532013000"
    assert [receipt.original_name for receipt in claim.receipts.all()] == ["quittung.jpg"]


def test_lead_signs_off_a_claim_and_releases_the_reviewed_report(screen, live_server, synced_roles):
    lead = UserFactory(
        username="jens", first_name="Jens", last_name="Hartmann", role=roles.LEADERSHIP
    )
    coordinator = UserFactory(
        username="miriam", first_name="Miriam", last_name="Okafor", role=roles.COORDINATION
    )
    UserFactory(username="renate", first_name="Renate", last_name="Vogel", role=roles.COMMITTEE)
    RateSetFactory(valid_from=date(2025, 1, 1))
    claim = volunteer_services.recalculate_claim(claim=ExpenseClaimFactory(), by=coordinator)
    volunteer_services.sign_off(claim=claim, kind="factual", by=coordinator)
    year = timezone.localdate().year
    report = AnnualReportFactory(year=year, title=f"Jahresbericht {year}")
    releases.mark_reviewed(report=report, by=coordinator)
    page = screen
    log_in(page, live_server, "jens")
    _fits(page)

    # The work waiting for the lead is on the dashboard: the sign-off first.
    page.get_by_role("link", name="1 Abrechnung wartet auf Ihre Zeichnung").click()
    _fits(page)
    page.get_by_role("link", name="02.03.2026").click()
    page.get_by_role("button", name="Rechnerisch richtig zeichnen").click()
    expect(page.get_by_text("genehmigt").first).to_be_visible()
    _fits(page)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.APPROVED
    assert (claim.factual_signoff_by, claim.arithmetic_signoff_by) == (coordinator, lead)

    page.locator("a.navbar-brand").click()  # back to the dashboard, on every screen size
    page.get_by_role("link", name="1 geprüfter Jahresbericht wartet auf Ihre Freigabe").click()
    page.get_by_role("link", name=f"{year} · Version 1").click()
    page.get_by_role("link", name="Für den Ausschuss freigeben").click()
    _fits(page)
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()  # each gap of the completeness check confirmed
    page.get_by_role("button", name="Jetzt freigeben").click()
    expect(page.locator("#release-status")).to_contain_text("Schritt 1 von 4")
    assert run_queued_tasks() == ["released"]  # the background worker's part
    expect(page.get_by_text("Der Bericht wurde freigegeben.")).to_be_visible(timeout=10_000)
    _fits(page)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.RELEASED
    assert (report.reviewed_by, report.released_by) == (coordinator, lead)
    assert hashlib.sha256(bytes(report.pdf)).hexdigest() == report.sha256


def test_committee_downloads_the_released_report(screen, live_server, synced_roles):
    lead = UserFactory(username="jens", role=roles.LEADERSHIP)
    member = UserFactory(
        username="renate", first_name="Renate", last_name="Vogel", role=roles.COMMITTEE
    )
    year = timezone.localdate().year - 1
    report = releases.create_report(year=year, by=lead)
    releases.mark_reviewed(report=report, by=UserFactory(role=roles.COORDINATION))
    report = releases.release(
        report=report, by=lead, confirmed=[gap.code for gap in releases.completeness(report)]
    )
    page = screen
    log_in(page, live_server, "renate")
    _fits(page)

    with page.expect_download() as download:
        page.get_by_role("main").get_by_role(
            "link", name=re.compile(rf"{report.title} herunterladen \(PDF\)")
        ).click()

    data = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == report.sha256
    assert report.title in pdf_text(data)
    assert list(DocumentDownload.objects.values_list("report", "user")) == [(report.pk, member.pk)]
