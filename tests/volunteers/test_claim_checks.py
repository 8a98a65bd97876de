"""Claims that can be trusted: plausibility on handing in, German numbers in any UI language,
one claim per form, and a calculation frozen at submission that the review signs off."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.volunteers.factories import (
    AssignmentFactory,
    ExpenseClaimFactory,
    PortalVolunteerFactory,
    RateSetFactory,
)
from tests.volunteers.test_claims import PNG, _claim_data, _portal_client, hand_in
from volunteers import services
from volunteers.models import ExpenseClaim, RateSet

pytestmark = pytest.mark.django_db

CREATE = "volunteers:portal_claim_create"


@pytest.fixture
def rates(db):
    return RateSetFactory(
        max_km_per_claim=Decimal("200"),
        receipt_required_above=Decimal("25.00"),
        missing_receipt=RateSet.ReceiptRule.REFUSE,
    )


@pytest.fixture
def volunteer(synced_roles):
    return PortalVolunteerFactory()


@pytest.fixture
def client(volunteer):
    return _portal_client(volunteer)


def _draft(**overrides):
    data = _claim_data(**overrides)
    del data["submit"]
    return {**data, "draft": "1"}


def _typed(**overrides):
    """The form as typed, without a button (what the live preview posts)."""
    data = _claim_data(**overrides)
    del data["submit"]
    return data


def _next_month():
    return timezone.localdate() + timedelta(days=35)


def test_a_service_date_next_month_is_refused_in_german_and_the_input_is_kept(client, rates):
    response = client.post(
        reverse(CREATE), _claim_data(service_date=_next_month().isoformat(), note="Elterngespräch")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Das Datum des Einsatzes darf nicht in der Zukunft liegen" in html
    assert response.context["form"].errors["service_date"]
    assert "Elterngespräch" in html
    assert 'value="11:20"' in html
    assert not ExpenseClaim.objects.exists()


def test_a_refused_claim_cannot_be_confirmed_either(client, rates):
    data = _claim_data(service_date=_next_month().isoformat())
    first = client.post(reverse(CREATE), data)
    response = client.post(
        reverse(CREATE), {**data, "confirmed": first.context["preview"].digest, "confirm": "on"}
    )
    assert "darf nicht in der Zukunft liegen" in response.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_high_other_costs_without_a_receipt_are_refused_when_the_rates_say_so(client, rates):
    response = client.post(reverse(CREATE), _claim_data(other_costs="480"))
    assert response.status_code == 200
    errors = response.context["form"].errors["receipts"]
    assert "Für sonstige Kosten über 25,00 € ist ein Beleg nötig." in errors
    assert not ExpenseClaim.objects.exists()


def test_high_other_costs_with_a_receipt_are_handed_in(client, rates):
    response = hand_in(
        client, reverse(CREATE), _claim_data(other_costs="48"), receipts=[("bon.png", PNG)]
    )
    assert response.status_code == 302
    claim = ExpenseClaim.objects.get()
    assert claim.status == ExpenseClaim.Status.SUBMITTED
    assert claim.flags == []


def test_missing_receipt_is_flagged_and_the_reviewer_sees_the_flag(
    client, rates, coordinator_client
):
    rates.missing_receipt = RateSet.ReceiptRule.FLAG
    rates.max_other_costs_per_claim = Decimal("100.00")
    rates.save()
    first = client.post(reverse(CREATE), _claim_data(other_costs="480"))
    assert "Bitte lesen Sie diese Hinweise" in first.content.decode()
    response = hand_in(client, reverse(CREATE), _claim_data(other_costs="480"))
    assert response.status_code == 302
    claim = ExpenseClaim.objects.get()
    assert [flag["code"] for flag in claim.flags] == ["high_costs", "missing_receipt"]

    queue = coordinator_client.get(reverse("volunteers:claim_list")).content.decode()
    assert "⚑ 2" in queue
    assert "2 Hinweise" in queue
    detail = coordinator_client.get(reverse("volunteers:claim_detail", args=[claim.pk]))
    html = detail.content.decode()
    assert "2 Hinweise aus der Plausibilitätsprüfung" in html
    assert "Es wurde kein Beleg hochgeladen." in html
    assert html.index("Es wurde kein Beleg hochgeladen.") < html.index("Erstattungsbetrag")


def test_a_claim_over_the_km_limit_is_flagged(client, rates):
    response = hand_in(client, reverse(CREATE), _claim_data(travel_km="900", other_costs="0"))
    assert response.status_code == 302
    claim = ExpenseClaim.objects.get()
    assert claim.flags == [
        {
            "code": "many_km",
            "message": "900,0 km sind mehr als die üblichen 200,0 km je Abrechnung.",
        }
    ]


def test_a_likely_duplicate_is_flagged(client, volunteer, rates):
    assignment = AssignmentFactory(volunteer=volunteer)
    ExpenseClaimFactory(volunteer=volunteer, assignment=assignment, service_date=date(2026, 3, 2))
    hand_in(client, reverse(CREATE), _claim_data(assignment=assignment.pk))
    claim = ExpenseClaim.objects.latest("pk")
    assert [flag["code"] for flag in claim.flags] == ["duplicate"]
    assert "bereits eine Abrechnung" in claim.flags[0]["message"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("4,80", Decimal("4.80")), ("1.234,50", Decimal("1234.50")), ("4.80", Decimal("4.80"))],
)
def test_german_amounts_are_stored_exactly_with_the_english_ui(client, rates, typed, stored):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse(CREATE), _draft(other_costs=typed, travel_km="12,5"))
    assert response.status_code == 302
    claim = ExpenseClaim.objects.get()
    assert claim.other_costs == stored
    assert claim.travel_km == Decimal("12.5")


def test_the_form_takes_german_numbers_as_text_with_a_decimal_keyboard(client, rates):
    html = client.get(reverse(CREATE)).content.decode()
    assert 'name="other_costs"' in html
    assert 'type="number" name="other_costs"' not in html
    assert 'inputmode="decimal"' in html
    assert 'name="trips"' in html


def test_posting_the_same_new_claim_form_twice_creates_one_claim(client, rates):
    form = client.get(reverse(CREATE)).context["form"]
    token = form.initial["submission_token"]
    assert isinstance(token, uuid.UUID)
    data = {**_claim_data(), "submission_token": str(token)}
    first = hand_in(client, reverse(CREATE), data)
    # Back in the browser and "Hand in" again: the same form with the same token.
    again = client.post(reverse(CREATE), {**data, "confirmed": "0123456789abcdef", "confirm": "on"})
    claim = ExpenseClaim.objects.get()
    assert first.url == again.url == reverse("volunteers:portal_claim_detail", args=[claim.pk])
    assert "Diese Abrechnung wurde bereits gespeichert." in [
        str(message) for message in get_messages(again.wsgi_request)
    ]


def test_a_reloaded_form_with_a_new_token_but_the_same_facts_creates_no_second_claim(client, rates):
    first = hand_in(
        client, reverse(CREATE), {**_claim_data(), "submission_token": str(uuid.uuid4())}
    )
    # The browser fetched the form again on "back" (new token) and refilled the typed values.
    again = client.post(reverse(CREATE), {**_claim_data(), "submission_token": str(uuid.uuid4())})
    claim = ExpenseClaim.objects.get()
    assert first.url == again.url == reverse("volunteers:portal_claim_detail", args=[claim.pk])
    assert "Diese Abrechnung wurde bereits gespeichert." in [
        str(message) for message in get_messages(again.wsgi_request)
    ]


def test_a_changed_form_needs_a_new_confirmation(client, rates):
    first = client.post(reverse(CREATE), _claim_data())
    digest = first.context["preview"].digest
    response = client.post(
        reverse(CREATE), {**_claim_data(travel_km="60"), "confirmed": digest, "confirm": "on"}
    )
    assert "Bitte prüfen Sie die Berechnung" in response.content.decode()
    assert response.context["preview"].digest != digest
    assert 'value="60' in response.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_the_live_preview_shows_the_calculation_and_the_findings(client, rates):
    html = client.get(reverse(CREATE)).content.decode()
    assert f'data-hx-post="{reverse("volunteers:portal_claim_preview")}"' in html
    response = client.post(
        reverse("volunteers:portal_claim_preview"),
        _typed(travel_km="900", other_costs="4,80"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Erstattungsbetrag" in html
    assert "900,0 km sind mehr als die üblichen 200,0 km" in html
    assert 'name="confirmed"' in html
    assert response.context["preview"].calculation.total == Decimal("159.80")


def test_the_live_preview_counts_the_receipts_already_stored(client, volunteer, rates):
    claim = ExpenseClaimFactory(volunteer=volunteer, status="draft", other_costs=Decimal("48"))
    claim.receipts.create(
        file=SimpleUploadedFile("bon.png", PNG),
        original_name="bon.png",
        content_type="image/png",
        size=len(PNG),
    )
    response = client.post(
        reverse("volunteers:portal_claim_preview"),
        {**_typed(other_costs="48"), "claim": claim.pk},
    )
    assert response.context["preview"].findings == []


# --- the frozen calculation in the review ---------------------------------------------------


@pytest.fixture
def handed_in(client, rates):
    hand_in(client, reverse(CREATE), _claim_data(), receipts=[("bon.png", PNG)])
    return ExpenseClaim.objects.get()


def _pages(claim, volunteer_client, staff_client):
    return (
        volunteer_client.get(reverse("volunteers:portal_claim_detail", args=[claim.pk])),
        staff_client.get(reverse("volunteers:claim_detail", args=[claim.pk])),
    )


def test_changed_or_new_rates_change_nothing_of_a_handed_in_claim(
    handed_in, client, rates, coordinator_client
):
    claim = handed_in
    frozen = dict(claim.calculation)
    assert claim.amount == Decimal("43.00")
    rates.hourly_rate = Decimal("99.00")
    rates.save()
    RateSetFactory(valid_from=date(2026, 1, 1), hourly_rate=Decimal("50.00"))

    claim.refresh_from_db()
    assert claim.amount == Decimal("43.00")
    assert claim.calculation == frozen
    for page in _pages(claim, client, coordinator_client):
        html = page.content.decode()
        assert "43,00\u00a0€" in html
        assert "2,00 Std. × 15,00 €" in html
        assert "99,00" not in html
        assert "50,00" not in html


def test_sign_off_with_a_stale_digest_is_refused(handed_in, coordinator_client, coordinator):
    url = reverse("volunteers:claim_signoff", args=[handed_in.pk, "factual"])
    response = coordinator_client.post(url, {"confirmed": "0123456789abcdef"}, follow=True)
    assert "Die Berechnung wurde inzwischen geändert." in response.content.decode()
    handed_in.refresh_from_db()
    assert handed_in.factual_signoff_by is None


def test_sign_off_buttons_post_the_digest_of_the_calculation_shown(
    handed_in, coordinator_client, coordinator
):
    page = coordinator_client.get(reverse("volunteers:claim_detail", args=[handed_in.pk]))
    digest = page.context["calculation"].digest
    assert f'name="confirmed" value="{digest}"' in page.content.decode()
    url = reverse("volunteers:claim_signoff", args=[handed_in.pk, "factual"])
    response = coordinator_client.post(url, {"confirmed": digest}, follow=True)
    assert "Ihre Bestätigung wurde erfasst." in response.content.decode()
    handed_in.refresh_from_db()
    assert handed_in.factual_signoff_by == coordinator


def test_recalculating_changes_the_amount_clears_sign_offs_and_is_in_the_history(
    handed_in, rates, coordinator_client, coordinator
):
    services.sign_off(
        claim=handed_in,
        kind="factual",
        by=coordinator,
        confirmed=services.frozen_calculation(handed_in).digest,
    )
    rates.hourly_rate = Decimal("20.00")
    rates.save()

    response = coordinator_client.post(
        reverse("volunteers:claim_recalculate", args=[handed_in.pk]), follow=True
    )

    html = response.content.decode()
    assert "Die bisherigen Zeichnungen wurden aufgehoben." in html
    handed_in.refresh_from_db()
    assert handed_in.amount == Decimal("53.00")
    assert handed_in.factual_signoff_by is None
    assert "Neu berechnet mit den Sätzen ab 01.01.2025" in html
    assert "53,00\u00a0€" in html


def test_the_recalculate_button_is_offered_for_submitted_claims_only(handed_in, coordinator_client):
    url = reverse("volunteers:claim_detail", args=[handed_in.pk])
    assert "Neu berechnen" in coordinator_client.get(url).content.decode()
    ExpenseClaim.objects.filter(pk=handed_in.pk).update(status="approved")
    assert "Neu berechnen" not in coordinator_client.get(url).content.decode()


@pytest.mark.parametrize(
    "name", ["claim_signoff", "claim_query", "claim_reject", "claim_recalculate"]
)
def test_review_actions_without_data_come_back_with_a_message(
    coordinator_client, synced_roles, name
):
    claim = ExpenseClaimFactory()  # no rates: nothing can be calculated either
    args = [claim.pk, "factual"] if name == "claim_signoff" else [claim.pk]
    response = coordinator_client.post(reverse(f"volunteers:{name}", args=args))
    assert response.status_code == 302
    assert [message.level_tag for message in get_messages(response.wsgi_request)] == ["error"]


def test_an_unknown_sign_off_kind_is_not_found(coordinator_client, synced_roles):
    claim = ExpenseClaimFactory()
    url = reverse("volunteers:claim_signoff", args=[claim.pk, "both"])
    assert coordinator_client.post(url).status_code == 404
