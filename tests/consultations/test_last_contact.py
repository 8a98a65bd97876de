"""The stored last contact of a client (decision 0024): true after every write, and what the
client list sorts by without a subquery over the consultations."""

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench import generate
from consultations import retention, services
from consultations.models import Client, Consultation
from tests.consultations.factories import ClientFactory, ConsultationFactory
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _stored(client) -> date:
    return Client.objects.values_list("last_contact_on", flat=True).get(pk=client.pk)


def _computed(client) -> date:
    """What the stored value must be: the latest consultation, else the local creation day."""
    dates = Consultation.objects.filter(client=client).values_list("held_on", flat=True)
    created_at = Client.objects.values_list("created_at", flat=True).get(pk=client.pk)
    return max(dates, default=timezone.localdate(created_at))


def _record(client, held_on: date, counsellor) -> Consultation:
    consultation, _created = services.record_consultation(
        by=counsellor,
        client=client,
        held_on=held_on,
        duration_minutes=30,
        channel=Consultation.Channel.IN_PERSON,
        counsellor=counsellor,
        topics=["residence"],
    )
    return consultation


def _edit(consultation, counsellor, **fields) -> Consultation:
    return services.update_consultation(
        consultation=consultation, by=counsellor, topics=["residence"], **fields
    )


@pytest.fixture
def counsellor():
    return UserFactory()


def test_a_new_client_was_last_in_contact_today(counsellor):
    client = services.create_client(by=counsellor, age_band="27-44")

    assert _stored(client) == TODAY == _computed(client)


def test_the_creation_day_is_the_local_one():
    client = ClientFactory()
    # 23:30 UTC on 30 June is already 1 July in Germany.
    late_evening = datetime(2025, 6, 30, 23, 30, tzinfo=UTC)
    Client.objects.filter(pk=client.pk).update(created_at=late_evening)

    services.refresh_last_contact([client.pk])

    assert _stored(client) == date(2025, 7, 1)


def test_the_entry_form_stores_the_date_of_the_consultation(counsellor):
    consultation, _created = services.record_entry(
        by=counsellor,
        client=None,
        client_code="",
        new_client={"age_band": "27-44"},
        submission_token=uuid.uuid4(),
        held_on=date(2026, 1, 12),
        duration_minutes=30,
        channel=Consultation.Channel.PHONE,
        counsellor=counsellor,
        topics=["work"],
    )

    assert _stored(consultation.client) == date(2026, 1, 12)


def test_recording_keeps_the_latest_date_whatever_the_order(counsellor):
    client = ClientFactory()
    _record(client, date(2026, 3, 2), counsellor)
    _record(client, date(2025, 11, 20), counsellor)  # entered late: an earlier consultation

    assert _stored(client) == date(2026, 3, 2)

    _record(client, date(2026, 4, 1), counsellor)

    assert _stored(client) == date(2026, 4, 1) == _computed(client)


def test_editing_the_date_moves_the_last_contact_both_ways(counsellor):
    client = ClientFactory()
    _record(client, date(2026, 2, 1), counsellor)
    latest = _record(client, date(2026, 3, 2), counsellor)

    _edit(latest, counsellor, held_on=date(2026, 3, 20))
    assert _stored(client) == date(2026, 3, 20)

    _edit(latest, counsellor, held_on=date(2026, 1, 5))  # now the other one is the latest
    assert _stored(client) == date(2026, 2, 1) == _computed(client)


def test_moving_a_consultation_refreshes_both_clients(counsellor):
    source, target = ClientFactory(), ClientFactory()
    Client.objects.filter(pk=source.pk).update(created_at=datetime(2025, 5, 6, 10, 0, tzinfo=UTC))
    _record(target, date(2026, 1, 10), counsellor)
    moved = _record(source, date(2026, 3, 2), counsellor)

    _edit(moved, counsellor, client=target)

    assert _stored(source) == date(2025, 5, 6) == _computed(source)  # none left: creation day
    assert _stored(target) == date(2026, 3, 2) == _computed(target)


def test_without_its_last_consultation_a_client_falls_back(counsellor):
    client = ClientFactory()
    Client.objects.filter(pk=client.pk).update(created_at=datetime(2025, 9, 1, 8, 0, tzinfo=UTC))
    earlier = _record(client, date(2026, 1, 15), counsellor)
    latest = _record(client, date(2026, 3, 2), counsellor)

    latest.delete()
    services.refresh_last_contact([client.pk])
    assert _stored(client) == date(2026, 1, 15)

    earlier.delete()
    services.refresh_last_contact([client.pk])
    assert _stored(client) == date(2025, 9, 1)


def test_saving_a_client_opened_before_a_new_consultation_keeps_the_new_date(counsellor):
    client = ClientFactory()
    opened = Client.objects.get(pk=client.pk)  # the edit form's copy, read before the entry
    _record(client, date(2026, 3, 2), counsellor)

    services.update_client(client=opened, by=counsellor, gender="m")

    assert _stored(client) == date(2026, 3, 2)


def test_anonymising_keeps_the_last_contact(counsellor):
    client = ClientFactory()
    _record(client, date(2026, 3, 2), counsellor)

    retention.anonymise_client(client=client)

    assert _stored(client) == date(2026, 3, 2)


def test_refreshing_every_client_in_one_update():
    clients = [ConsultationFactory(held_on=date(2026, 1, day)).client for day in (3, 4, 5)]
    assert {_stored(client) for client in clients} == {TODAY}  # written around the service

    with CaptureQueriesContext(connection) as queries:
        assert services.refresh_last_contact() == 3

    assert len(queries) == 1
    assert [_stored(client) for client in clients] == [date(2026, 1, day) for day in (3, 4, 5)]


def test_the_benchmark_generator_stores_the_last_contact(coordinator, monkeypatch):
    MunicipalityFactory()
    OrganisationFactory()
    monkeypatch.setattr(generate, "YEARS", 1)

    generate.counselling(random.Random(7), TODAY, {"consultations": 9})

    clients = list(Client.objects.all())
    assert len(clients) == 4
    assert [_stored(client) for client in clients] == [_computed(client) for client in clients]


def test_the_client_list_sorts_by_the_stored_column(coordinator_client, counsellor):
    old, recent, new = ClientFactory(code="K-A"), ClientFactory(code="K-B"), ClientFactory()
    _record(old, TODAY - timedelta(days=400), counsellor)
    _record(recent, TODAY - timedelta(days=3), counsellor)

    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get(reverse("consultations:client_list"))

    assert list(response.context["object_list"]) == [new, recent, old]
    listing = [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "consultations_client"' in query["sql"] and "ORDER BY" in query["sql"]
    ]
    assert len(listing) == 1
    assert 'ORDER BY "consultations_client"."last_contact_on" DESC' in listing[0]
    assert "consultations_consultation" not in listing[0]
