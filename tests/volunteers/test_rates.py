"""Rate sets in the UI: the head of office sets new rates from a date; periods follow each other."""

import itertools
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from tests.factories import UserFactory
from tests.volunteers.factories import (
    ExpenseClaimFactory,
    PortalVolunteerFactory,
    RateSetFactory,
)
from volunteers import rates, services
from volunteers.models import ExpenseClaim, RateSet

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    data = {
        "valid_from": "2027-01-01",
        "valid_until": "",
        "hourly_rate": "17,50",
        "billing_unit": "half_hour",
        "km_rate": "0,30",
        "km_cap_per_trip": "1.234,50",
        "reimbursement_share": "0,80",
        "yearly_cap": "",
        "tax_free_allowance": "960,00",
        "allowance_warning_share": "0,75",
        "max_minutes_per_claim": "480",
        "max_km_per_claim": "200",
        "max_other_costs_per_claim": "100,00",
        "receipt_required_above": "0,00",
        "missing_receipt": "refuse",
    }
    data.update(overrides)
    return data


def _new(**values):
    defaults = {
        "hourly_rate": Decimal("17.50"),
        "billing_unit": "hour",
        "km_rate": Decimal("0.30"),
        "tax_free_allowance": Decimal("960.00"),
    }
    return RateSet(**{**defaults, **values})


def test_lead_creates_a_rate_set_typed_the_german_way_and_the_open_set_ends_the_day_before(
    lead_client, lead
):
    current = RateSetFactory(valid_from=date(2026, 1, 1))

    response = lead_client.post(reverse("volunteers:rateset_create"), _form_data())

    new = RateSet.objects.get(valid_from=date(2027, 1, 1))
    assert response.status_code == 302
    assert response["Location"] == new.get_absolute_url()
    assert new.hourly_rate == Decimal("17.50")
    assert new.km_rate == Decimal("0.30")
    assert new.km_cap_per_trip == Decimal("1234.50")
    assert new.reimbursement_share == Decimal("0.80")
    assert new.allowance_warning_share == Decimal("0.75")
    assert new.receipt_required_above == Decimal("0.00")
    assert new.valid_until is None
    current.refresh_from_db()
    assert current.valid_until == date(2026, 12, 31)
    closing = current.history.first()
    assert closing.history_change_reason == "Beendet durch die Sätze ab 01.01.2027"
    assert closing.history_user == lead
    assert new.history.first().history_user == lead


def test_the_form_takes_german_numbers_in_an_english_ui_too(lead_client):
    RateSetFactory(valid_from=date(2026, 1, 1))
    lead_client.cookies["django_language"] = "en"

    lead_client.post(reverse("volunteers:rateset_create"), _form_data(), HTTP_ACCEPT_LANGUAGE="en")

    assert RateSet.objects.get(valid_from=date(2027, 1, 1)).km_cap_per_trip == Decimal("1234.50")


def test_the_form_is_prefilled_from_the_latest_set_and_begins_where_it_ends(lead_client):
    RateSetFactory(
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 6, 30),
        hourly_rate=Decimal("16.25"),
        max_minutes_per_claim=300,
    )

    form = lead_client.get(reverse("volunteers:rateset_create")).context["form"]

    assert form.initial["valid_from"] == date(2026, 7, 1)
    assert form.initial["hourly_rate"] == Decimal("16.25")
    assert form.initial["max_minutes_per_claim"] == 300
    html = form.as_p()
    assert 'value="16,25"' in html
    assert 'value="2026-07-01"' in html


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "field", "message"),
    [
        (
            "2026-01-01",
            "",
            "valid_from",
            "Die neuesten Sätze beginnen am 01.01.2026. Ein neuer Satz muss nach diesem Tag "
            "beginnen, nicht am 01.01.2026",
        ),
        (
            "2025-06-01",
            "",
            "valid_from",
            "Die neuesten Sätze beginnen am 01.01.2026. Ein neuer Satz muss nach diesem Tag "
            "beginnen, nicht am 01.06.2025",
        ),
        (
            "2027-03-01",
            "2027-02-01",
            "valid_until",
            "Das Ende des Zeitraums (01.02.2027) darf nicht vor seinem Beginn (01.03.2027) liegen.",
        ),
    ],
)
def test_overlapping_periods_are_refused_in_german_and_the_typed_values_kept(
    lead_client, valid_from, valid_until, field, message
):
    RateSetFactory(valid_from=date(2026, 1, 1))

    response = lead_client.post(
        reverse("volunteers:rateset_create"),
        _form_data(valid_from=valid_from, valid_until=valid_until, hourly_rate="18,75"),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    assert 'value="18,75"' in response.content.decode()
    assert RateSet.objects.count() == 1


def test_a_closed_period_refuses_a_start_inside_it_or_after_a_gap(lead):
    RateSetFactory(valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31))

    with pytest.raises(ValidationError) as inside:
        rates.create_rate_set(rate_set=_new(valid_from=date(2026, 7, 1)), by=lead)
    with pytest.raises(ValidationError) as gap:
        rates.create_rate_set(rate_set=_new(valid_from=date(2027, 2, 1)), by=lead)

    assert inside.value.error_dict["valid_from"][0].code == "overlap"
    assert "bis 31.12.2026" in inside.value.messages[0]
    assert "lassen Sie ihn am 01.01.2027 beginnen" in inside.value.messages[0]
    assert gap.value.error_dict["valid_from"][0].code == "gap"
    assert "Tage ohne Sätze" in gap.value.messages[0]
    assert "01.02.2027" in gap.value.messages[0]
    created = rates.create_rate_set(rate_set=_new(valid_from=date(2027, 1, 1)), by=lead)
    assert RateSet.objects.valid_on(date(2026, 12, 31)).valid_from == date(2026, 1, 1)
    assert RateSet.objects.valid_on(date(2027, 1, 1)) == created


def test_the_first_rate_set_may_begin_on_any_day(lead):
    created = rates.create_rate_set(rate_set=_new(valid_from=date(2024, 3, 15)), by=lead)
    assert RateSet.objects.valid_on(date(2024, 3, 15)) == created
    assert RateSet.objects.valid_on(date(2024, 3, 14)) is None


def test_a_saved_rate_set_is_never_changed_through_the_service(lead):
    current = RateSetFactory(valid_from=date(2026, 1, 1))
    current.hourly_rate = Decimal("99.00")
    with pytest.raises(ValidationError):
        rates.create_rate_set(rate_set=current, by=lead)
    current.refresh_from_db()
    assert current.hourly_rate == Decimal("15.00")


def test_a_new_set_covering_a_submitted_claim_leaves_its_calculation_alone(lead_client, lead):
    old = RateSetFactory(valid_from=date(2025, 1, 1))
    claim = ExpenseClaimFactory.build(
        volunteer=PortalVolunteerFactory(), status=ExpenseClaim.Status.DRAFT
    )
    claim = services.save_claim(
        claim=claim,
        receipts=[],
        submit=True,
        by=claim.volunteer.user,
        confirmed=services.preview_claim(claim, receipts=0).digest,
    )
    before = (claim.amount, claim.calculation, claim.rate_set_id, claim.calculated_at)
    assert claim.status == ExpenseClaim.Status.SUBMITTED

    response = lead_client.post(
        reverse("volunteers:rateset_create"),
        _form_data(valid_from="2026-01-01", hourly_rate="30,00", km_rate="1,00"),
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.amount, claim.calculation, claim.rate_set_id, claim.calculated_at) == before
    assert claim.rate_set == old
    assert services.frozen_calculation(claim).rates_valid_from == date(2025, 1, 1)
    messages = [str(message) for message in response.wsgi_request._messages]
    assert "1 Abrechnung für einen Tag ab diesem Datum wurde bereits eingereicht" in messages[-1]
    # A fresh calculation (the explicit recalculation) would use the new rates.
    assert services.preview_claim(claim, receipts=0).calculation.rate_set.valid_from == date(
        2026, 1, 1
    )


def test_coordination_sees_the_rate_sets_but_cannot_create_one(coordinator_client):
    RateSetFactory(valid_from=date(2025, 1, 1), valid_until=date(2025, 12, 31))
    current = RateSetFactory(valid_from=date(2026, 1, 1))

    listing = coordinator_client.get(reverse("volunteers:rateset_list"))
    detail = coordinator_client.get(reverse("volunteers:rateset_detail", args=[current.pk]))
    create = coordinator_client.get(reverse("volunteers:rateset_create"))
    refused = coordinator_client.post(reverse("volunteers:rateset_create"), _form_data())

    html = listing.content.decode()
    assert "01.01.2025 – 31.12.2025" in html
    assert "01.01.2026 – offen" in html
    assert "15,00\u00a0€" in html
    assert reverse("volunteers:rateset_create") not in html
    assert detail.status_code == 200
    assert "Sätze ab 01.01.2026" in detail.content.decode()
    assert create.status_code == 403
    assert refused.status_code == 403
    assert RateSet.objects.count() == 2


def test_the_detail_shows_the_history_of_the_set(lead_client):
    current = RateSetFactory(valid_from=date(2026, 1, 1))
    lead_client.post(reverse("volunteers:rateset_create"), _form_data())

    response = lead_client.get(reverse("volunteers:rateset_detail", args=[current.pk]))

    html = response.content.decode()
    assert "Beendet durch die Sätze ab 01.01.2027" in html
    assert "01.01.2026 – 31.12.2026" in html


def test_the_volunteering_overview_links_the_rate_sets_and_offers_a_new_set_to_the_lead(
    lead_client, coordinator_client
):
    list_url = reverse("volunteers:rateset_list")
    create_url = reverse("volunteers:rateset_create")

    lead_html = lead_client.get(reverse("volunteers:index")).content.decode()
    coordinator_html = coordinator_client.get(reverse("volunteers:index")).content.decode()

    assert f'href="{list_url}"' in lead_html
    assert f'href="{create_url}"' in lead_html
    assert "Neuer Satz" in lead_html
    assert f'href="{list_url}"' in coordinator_html
    assert f'href="{create_url}"' not in coordinator_html


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "starts",
    [(date(2027, 1, 1), date(2027, 2, 1)), (date(2027, 1, 1), date(2027, 1, 1))],
    ids=["different days", "the same day"],
)
def test_two_leads_creating_a_set_at_the_same_time_leave_one_period_each(synced_roles, starts):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this proves; SQLite serialises writers anyway")
    RateSetFactory(valid_from=date(2026, 1, 1))
    first, second = UserFactory(role="Leitung"), UserFactory(role="Leitung")
    barrier = threading.Barrier(2)
    outcomes = []

    def create(user, start):
        barrier.wait()
        try:
            rates.create_rate_set(rate_set=_new(valid_from=start), by=user)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append("refused" if error.messages else "?")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=create, args=(user, start))
        for user, start in zip((first, second), starts, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Whichever comes second sees the first one's set: at the same moment it is refused; if the
    # threads happen to run one after the other, a later start is simply the next period.
    sequential_and_later = starts[0] != starts[1] and outcomes == ["ok", "ok"]
    assert sorted(outcomes) == ["ok", "refused"] or sequential_and_later
    sets = list(RateSet.objects.order_by("valid_from"))
    assert len(sets) == 1 + outcomes.count("ok")
    for earlier, later in itertools.pairwise(sets):
        assert earlier.valid_until == later.valid_from - timedelta(days=1)
    assert sets[-1].valid_until is None
