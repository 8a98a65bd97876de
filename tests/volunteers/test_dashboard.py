"""The dashboard tells reviewers which claims wait for their sign-off and which runs to finish."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.volunteers.factories import ExpenseClaimFactory
from volunteers.models import PaymentRun

pytestmark = pytest.mark.django_db


def _texts(client):
    return [item.text for item in client.get(reverse("dashboard")).context["attention_items"]]


def _run(status, **values):
    number = f"ZL-2026-{PaymentRun.objects.count() + 1:03d}"
    if status != PaymentRun.Status.DRAFT:
        values.update(message_id=f"KMUT-{number}", exported_at=timezone.now())
    if status == PaymentRun.Status.BOOKED:
        values.update(booked_on=date(2026, 11, 2))
    return PaymentRun.objects.create(
        number=number,
        status=status,
        created_by=UserFactory(),
        execution_date=date(2026, 12, 1),
        total=0,
        **values,
    )


def test_lead_sees_the_claims_waiting_for_the_signature_and_the_runs_to_finish(lead_client, lead):
    colleague = UserFactory()
    ExpenseClaimFactory.create_batch(2)  # nobody has signed yet
    ExpenseClaimFactory(factual_signoff_by=colleague)  # needs the second signature
    ExpenseClaimFactory(factual_signoff_by=lead)  # the lead has signed: not theirs to sign
    ExpenseClaimFactory(arithmetic_signoff_by=lead)
    ExpenseClaimFactory(status="approved", factual_signoff_by=colleague)
    ExpenseClaimFactory(status="draft")
    _run(PaymentRun.Status.DRAFT)
    _run(PaymentRun.Status.EXPORTED)
    _run(PaymentRun.Status.EXPORTED)
    _run(PaymentRun.Status.BOOKED)
    _run(PaymentRun.Status.CANCELLED)

    response = lead_client.get(reverse("dashboard"))

    items = {item.text: item.url for item in response.context["attention_items"]}
    claims_url = reverse("volunteers:claim_list") + "?status=submitted"
    runs_url = reverse("volunteers:paymentrun_list")
    assert items["3 Abrechnungen warten auf Ihre Zeichnung"] == claims_url
    assert items["1 davon ist einmal gezeichnet und braucht die zweite Zeichnung"] == claims_url
    assert items["1 Zahllauf ist zu exportieren (SEPA-Datei)"] == runs_url
    assert items["2 exportierte Zahlläufe sind mit dem Kontoauszug zu buchen"] == runs_url
    assert f'href="{claims_url}"' in response.content.decode().replace("&amp;", "&")


def test_nothing_to_sign_or_to_finish_shows_no_volunteering_item(lead_client, lead):
    ExpenseClaimFactory(factual_signoff_by=lead)
    _run(PaymentRun.Status.BOOKED)

    texts = _texts(lead_client)

    assert not [text for text in texts if "Zeichnung" in text or "Zahll" in text]


def test_users_without_the_permissions_see_no_claims_or_runs(committee_client):
    ExpenseClaimFactory()
    _run(PaymentRun.Status.DRAFT)

    response = committee_client.get(reverse("dashboard"))

    items = response.context.get("attention_items") or []
    assert not [item for item in items if "Zeichnung" in item.text or "Zahll" in item.text]


def test_the_dashboard_query_count_does_not_grow_with_more_claims(
    lead_client, lead, django_assert_max_num_queries
):
    ExpenseClaimFactory(factual_signoff_by=UserFactory())
    _run(PaymentRun.Status.DRAFT)
    with django_assert_max_num_queries(16) as few:
        lead_client.get(reverse("dashboard"))
    ExpenseClaimFactory.create_batch(6)
    ExpenseClaimFactory.create_batch(4, arithmetic_signoff_by=UserFactory())
    _run(PaymentRun.Status.DRAFT)
    _run(PaymentRun.Status.EXPORTED)

    with django_assert_max_num_queries(len(few.captured_queries)):
        texts = _texts(lead_client)

    assert "11 Abrechnungen warten auf Ihre Zeichnung" in texts
    assert "5 davon sind einmal gezeichnet und brauchen die zweite Zeichnung" in texts
