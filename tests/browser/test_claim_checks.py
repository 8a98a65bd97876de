"""A volunteer's claim from a phone with an English browser: German numbers, the checks that
refuse a claim, and no second claim from going back and handing in again."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_ARGS, _chromium_path
from tests.browser.helpers import field_label, log_in
from tests.volunteers.factories import PortalVolunteerFactory, RateSetFactory
from volunteers.models import ExpenseClaim, RateSet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_phone(browser):
    """A phone browser with an English locale and, as phone browsers have, a back-forward
    cache (Playwright turns it off by default): "back" shows the page as it was left."""
    with_back_cache = browser.browser_type.launch(
        executable_path=_chromium_path(),
        headless=True,
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    context = with_back_cache.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    with_back_cache.close()


def _ui_language(page, live_server, code):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": code, "url": live_server.url}]
    )


def _fill(page, labels, *, day, other_costs):
    page.get_by_label(field_label(labels["date"])).fill(day.isoformat())
    page.get_by_label(field_label(labels["start"])).fill("10:00")
    page.get_by_label(field_label(labels["end"])).fill("11:20")
    page.get_by_label(field_label(labels["km"])).fill("34")
    page.get_by_label(field_label(labels["costs"])).fill(other_costs)
    page.get_by_label(field_label("IBAN")).fill("DE89 3704 0044 0532 0130 00")


ENGLISH = {
    "date": "Date of service",
    "start": "Start time",
    "end": "End time",
    "km": "Travel (km)",
    "costs": "Other costs (€)",
}
GERMAN = {
    "date": "Datum des Einsatzes",
    "start": "Beginn",
    "end": "Ende",
    "km": "Fahrtstrecke (km)",
    "costs": "Sonstige Kosten (€)",
}


def test_english_phone_claim_with_german_numbers_checks_and_no_double_claim(
    english_phone, live_server, synced_roles
):
    RateSetFactory(
        valid_from=date(2025, 1, 1),
        receipt_required_above=Decimal("25.00"),
        missing_receipt=RateSet.ReceiptRule.REFUSE,
    )
    PortalVolunteerFactory(user__username="leyla", first_name="Leyla")
    page = english_phone
    new_claim = f"{live_server.url}/ehrenamt/portal/abrechnung/neu/"
    log_in(page, live_server, "leyla")

    # English UI and browser: "4,80" is 4,80 €, not 480 €.
    _ui_language(page, live_server, "en")
    page.goto(new_claim)
    expect(page.get_by_role("heading", name="New expense claim")).to_be_visible()
    _fill(page, ENGLISH, day=date(2026, 3, 2), other_costs="4,80")
    preview = page.locator("#claim-preview")
    expect(preview).to_contain_text("Amount to reimburse")
    expect(preview).to_contain_text("43.30 €")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("I confirm").check()
    page.get_by_role("button", name="Hand in").click()
    expect(page.get_by_text("Your claim was handed in.")).to_be_visible()
    claim = ExpenseClaim.objects.get()
    assert claim.other_costs == Decimal("4.80")
    assert claim.amount == Decimal("43.30")

    # Back to the form and "Hand in" again: the same claim, no second one.
    page.go_back(wait_until="commit")  # from the back-forward cache: no new "load"
    expect(page.get_by_label(field_label("Other costs (€)"))).to_have_value("4,80")
    assert page.locator("input[name=submission_token]").input_value() == str(claim.submission_token)
    page.get_by_role("button", name="Hand in").click()
    expect(page.get_by_text("This claim was already saved.")).to_be_visible()
    assert page.url.endswith(f"/ehrenamt/portal/abrechnung/{claim.pk}/")
    assert ExpenseClaim.objects.count() == 1

    # German UI: a date next month is refused with a German message, the input kept.
    _ui_language(page, live_server, "de")
    page.goto(new_claim)
    _fill(page, GERMAN, day=timezone.localdate() + timedelta(days=35), other_costs="4,80")
    page.get_by_role("button", name="Einreichen").click()
    expect(
        page.locator("#id_service_date_error, .invalid-feedback").filter(
            has_text="Das Datum des Einsatzes darf nicht in der Zukunft liegen"
        )
    ).to_be_visible()
    expect(page.get_by_label(field_label("Beginn"))).to_have_value("10:00")

    # 480 € other costs without a receipt: the rate set says refuse.
    page.goto(new_claim)
    _fill(page, GERMAN, day=date(2026, 3, 3), other_costs="480")
    expect(page.locator("#claim-preview")).to_contain_text(
        "Für sonstige Kosten über 25,00 € ist ein Beleg nötig."
    )
    page.get_by_role("button", name="Einreichen").click()
    expect(
        page.locator(".invalid-feedback").filter(
            has_text="Für sonstige Kosten über 25,00 € ist ein Beleg nötig."
        )
    ).to_be_visible()
    expect(page.get_by_label(field_label("Sonstige Kosten (€)"))).to_have_value("480")
    assert ExpenseClaim.objects.count() == 1


def test_without_javascript_hand_in_first_shows_the_preview_to_confirm(
    browser, live_server, synced_roles
):
    RateSetFactory(valid_from=date(2025, 1, 1), max_km_per_claim=Decimal("200"))
    PortalVolunteerFactory(user__username="leyla", first_name="Leyla")
    context = browser.new_context(
        locale="de-DE", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "leyla")
    page.goto(f"{live_server.url}/ehrenamt/portal/abrechnung/neu/")
    expect(page.get_by_text("„Einreichen“ zeigt Ihnen zuerst die Berechnung")).to_be_visible()
    _fill(page, GERMAN, day=date(2026, 3, 2), other_costs="4,80")
    page.get_by_label(field_label("Fahrtstrecke (km)")).fill("900")
    page.get_by_role("button", name="Einreichen").click()

    expect(page.get_by_text("Bitte prüfen Sie die Berechnung und die Hinweise")).to_be_visible()
    expect(page.get_by_text("900,0 km sind mehr als die üblichen 200,0 km")).to_be_visible()
    assert not ExpenseClaim.objects.exists()
    page.get_by_label("Ich bestätige").check()
    page.get_by_role("button", name="Einreichen").click()

    expect(page.get_by_text("Ihre Abrechnung wurde eingereicht.")).to_be_visible()
    claim = ExpenseClaim.objects.get()
    assert claim.other_costs == Decimal("4.80")
    assert [flag["code"] for flag in claim.flags] == ["many_km"]
    context.close()
