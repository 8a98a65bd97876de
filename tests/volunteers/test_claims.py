import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.volunteers.factories import (
    AssignmentFactory,
    ExpenseClaimFactory,
    PortalVolunteerFactory,
    RateSetFactory,
)
from volunteers import services
from volunteers.models import ExpenseClaim, Receipt

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def _portal_client(volunteer):
    client = Client()
    client.force_login(volunteer.user)
    return client


def _claim_data(**overrides):
    data = {
        "service_date": "2026-03-02",
        "start_time": "10:00",
        "end_time": "11:20",
        "mode": "on_site",
        "travel_km": "34",
        "other_costs": "4.50",
        "other_costs_description": "Bus",
        "iban": "DE89 3704 0044 0532 0130 00",
        "account_holder": "Leyla Haidari",
        "submit": "1",
    }
    data.update(overrides)
    return data


def hand_in(client, url, data, receipts=()):
    """Hand in as the volunteer does: "Hand in" shows the preview, then confirm exactly that.

    `receipts`: (name, content) pairs, chosen again for the second post as a browser needs.
    """

    def files():
        return {"receipts": [SimpleUploadedFile(name, content) for name, content in receipts]}

    preview = client.post(url, {**data, **files()})
    assert preview.status_code == 200, preview
    digest = preview.context["preview"].digest
    return client.post(url, {**data, **files(), "confirmed": digest, "confirm": "on"})


@pytest.fixture
def rates(db):
    return RateSetFactory()


def test_volunteer_hands_in_a_claim_with_a_receipt_photo(synced_roles, rates):
    volunteer = PortalVolunteerFactory()
    client = _portal_client(volunteer)
    response = hand_in(
        client,
        reverse("volunteers:portal_claim_create"),
        _claim_data(),
        receipts=[("foto.png", PNG)],
    )
    claim = ExpenseClaim.objects.get()
    assert response.url == reverse("volunteers:portal_claim_detail", args=[claim.pk])
    assert claim.status == ExpenseClaim.Status.SUBMITTED
    assert claim.amount == Decimal("43.00")
    assert claim.iban == "DE89370400440532013000"
    receipt = claim.receipts.get()
    assert receipt.content_type == "image/png"
    assert receipt.file.name.startswith("private/receipts/")
    page = client.get(reverse("volunteers:portal_claim_detail", args=[claim.pk])).content.decode()
    assert "43,00\u00a0€" in page
    assert "eingereicht" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("beleg.pdf", EXE), "ist keine PDF-, JPEG- oder PNG-Datei"),
        (SimpleUploadedFile("riesig.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)), "größer als 5 MB"),
    ],
)
def test_bad_upload_is_refused_in_german_and_the_form_keeps_the_input(
    synced_roles, rates, upload, message
):
    volunteer = PortalVolunteerFactory()
    response = _portal_client(volunteer).post(
        reverse("volunteers:portal_claim_create"), {**_claim_data(), "receipts": [upload]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Bus"' in html
    assert 'value="11:20"' in html
    assert not ExpenseClaim.objects.exists()


def test_invalid_iban_gets_a_german_message(synced_roles, rates):
    volunteer = PortalVolunteerFactory()
    response = _portal_client(volunteer).post(
        reverse("volunteers:portal_claim_create"), _claim_data(iban="DE00 1234 5678 9012 3456 78")
    )
    assert "Diese IBAN ist nicht gültig." in response.content.decode()


def test_handing_in_first_shows_the_calculation_to_confirm(synced_roles, rates):
    client = _portal_client(PortalVolunteerFactory())
    url = reverse("volunteers:portal_claim_create")
    response = client.post(url, _claim_data())
    html = response.content.decode()
    assert "Bitte prüfen Sie die Berechnung und die Hinweise" in html
    assert "43,00\u00a0€" in html
    assert 'value="Bus"' in html
    assert not ExpenseClaim.objects.exists()

    digest = response.context["preview"].digest
    response = client.post(url, {**_claim_data(), "confirmed": digest})
    assert "Bitte bestätigen Sie die Angaben" in response.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_a_volunteer_never_reaches_another_volunteers_claim_or_receipt(synced_roles, rates):
    owner = ExpenseClaimFactory()
    receipt = Receipt.objects.create(
        claim=owner,
        file=SimpleUploadedFile("b.pdf", PDF),
        original_name="b.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    intruder = _portal_client(PortalVolunteerFactory())
    for name in ("volunteers:portal_claim_detail", "volunteers:portal_claim_update"):
        assert intruder.get(reverse(name, args=[owner.pk])).status_code == 404
    assert intruder.get(reverse("volunteers:receipt", args=[receipt.pk])).status_code == 403
    assert intruder.get(reverse("volunteers:claim_detail", args=[owner.pk])).status_code == 403
    own = _portal_client(owner.volunteer).get(reverse("volunteers:receipt", args=[receipt.pk]))
    assert b"".join(own.streaming_content) == PDF


def test_query_answer_and_two_sign_offs_approve_the_claim(
    coordinator, lead, rates, django_capture_on_commit_callbacks
):
    claim = ExpenseClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.query_claim(claim=claim, message="Bitte Busticket nachreichen.", by=coordinator)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.QUERIED
    assert "Bitte Busticket nachreichen." in mail.outbox[-1].body

    client = _portal_client(claim.volunteer)
    response = hand_in(
        client,
        reverse("volunteers:portal_claim_update", args=[claim.pk]),
        {**_claim_data(), "reply_message": "Ticket hängt an.", "version": claim.version},
        receipts=[("ticket.jpg", b"\xff\xd8\xff\xe0" + b"0" * 32)],
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.SUBMITTED

    services.sign_off(claim=claim, kind="factual", by=coordinator)
    with pytest.raises(ValidationError) as error:
        services.sign_off(claim=claim, kind="arithmetic", by=coordinator)
    assert error.value.code == "same_person"
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_off(claim=claim, kind="arithmetic", by=lead)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.APPROVED
    assert claim.amount == Decimal("43.00")
    assert "genehmigt" in mail.outbox[-1].subject
    assert claim.history.filter(status="approved").exists()


def test_a_decided_claim_cannot_be_changed_by_the_volunteer(synced_roles, rates):
    claim = ExpenseClaimFactory(status="approved")
    client = _portal_client(claim.volunteer)
    assert client.get(reverse("volunteers:portal_claim_update", args=[claim.pk])).status_code == 403


def test_rejection_needs_a_reason(coordinator, rates):
    claim = ExpenseClaimFactory()
    with pytest.raises(ValidationError):
        services.reject_claim(claim=claim, reason="  ", by=coordinator)
    services.reject_claim(claim=claim, reason="Doppelt eingereicht", by=coordinator)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.REJECTED


def test_double_click_on_a_sign_off_changes_the_claim_once(coordinator_client, coordinator, rates):
    claim = services.recalculate_claim(claim=ExpenseClaimFactory(), by=coordinator)
    url = reverse("volunteers:claim_signoff", args=[claim.pk, "factual"])
    digest = services.frozen_calculation(claim).digest
    coordinator_client.post(url, {"confirmed": digest})
    response = coordinator_client.post(url, {"confirmed": digest}, follow=True)
    assert "wurde bereits erteilt" in response.content.decode()
    assert claim.history.filter(factual_signoff_by=coordinator).count() == 1


def test_claims_list_for_staff_stays_within_fixed_queries(
    coordinator_client, rates, synced_roles, django_assert_max_num_queries
):
    for _index in range(15):
        ExpenseClaimFactory(assignment=AssignmentFactory())
    with django_assert_max_num_queries(10):
        response = coordinator_client.get(reverse("volunteers:claim_list"))
    assert len(response.context["object_list"]) == 15


def test_review_queue_shows_the_oldest_first_and_the_paid_list_the_latest_first(
    coordinator_client, rates, synced_roles
):
    for day in (3, 1, 2):
        ExpenseClaimFactory(service_date=date(2026, 3, day), status="submitted")
        ExpenseClaimFactory(service_date=date(2026, 3, day), status="paid")
    url = reverse("volunteers:claim_list")

    queue = coordinator_client.get(url).context["object_list"]
    paid = coordinator_client.get(url, {"status": "paid"}).context["object_list"]

    assert [claim.service_date.day for claim in queue] == [1, 2, 3]
    assert [claim.service_date.day for claim in paid] == [3, 2, 1]


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_signing_at_the_same_time_change_the_claim_once(synced_roles):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this proves; SQLite serialises writers anyway")
    RateSetFactory()
    claim = ExpenseClaimFactory()
    first, second = UserFactory(role="Koordination"), UserFactory(role="Leitung")
    barrier = threading.Barrier(2)
    outcomes = []

    def sign(user):
        barrier.wait()
        try:
            services.sign_off(claim=claim, kind="factual", by=user)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already", "ok"]
    claim.refresh_from_db()
    assert claim.factual_signoff_by in (first, second)
    assert claim.history.exclude(factual_signoff_by=None).count() == 1
