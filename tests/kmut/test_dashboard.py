"""The staff dashboard: items of every app, their counts taken together in one query."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Organisation
from kmut.dashboard import count_all
from kmut.models import FieldOfAction, Language, Municipality
from roundtable.models import ActionItem
from tests.consultations.factories import ConsultationFactory
from tests.factories import MunicipalityFactory, OrganisationFactory, UpdateRequestFactory
from tests.roundtable.factories import ActionItemFactory

pytestmark = pytest.mark.django_db


def test_count_all_counts_filtered_querysets_of_several_tables_in_one_query(
    django_assert_num_queries,
):
    OrganisationFactory.create_batch(3, last_confirmed_on=date(2020, 1, 1))
    OrganisationFactory(last_confirmed_on=timezone.localdate())
    ActionItemFactory(due_on=date(2020, 1, 1))
    querysets = [
        Organisation.objects.stale(),
        Organisation.objects.all(),
        ActionItem.objects.overdue(),
        ActionItem.objects.none(),
        Municipality.objects.filter(name__startswith="Zz-nobody"),
    ]

    with django_assert_num_queries(1):
        counts = count_all(querysets)

    assert counts == [queryset.count() for queryset in querysets]
    assert counts[:4] == [3, 4, 1, 0]
    assert count_all([]) == []


def _attention_texts(response):
    return [item.text for item in response.context["attention_items"]]


def test_dashboard_lists_what_is_due_in_each_area_with_its_count(coordinator_client):
    OrganisationFactory.create_batch(2, last_confirmed_on=date(2020, 1, 1))
    ActionItemFactory.create_batch(3, due_on=timezone.localdate() - timedelta(days=1))
    ActionItemFactory(due_on=timezone.localdate() + timedelta(days=5))
    UpdateRequestFactory(status="responded")
    old = timezone.localdate().replace(year=timezone.localdate().year - 10)
    ConsultationFactory(held_on=old)

    response = coordinator_client.get(reverse("dashboard"))

    texts = _attention_texts(response)
    assert "2 Einträge im Akteursverzeichnis seit 12 Monaten nicht bestätigt" in texts
    assert "3 Aufgaben aus Sitzungen sind überfällig" in texts
    assert "1 Antwort auf eine Aktualisierungsanfrage zu prüfen" in texts
    assert (
        "1 Person im Beratungsprotokoll wird innerhalb von 30 Tagen anonymisiert "
        "(Aufbewahrungsfrist)" in texts
    )
    # Languages and fields of action are seeded by migrations, municipalities are not.
    assert [text for text in texts if text.startswith("Noch keine Einträge")] == [
        "Noch keine Einträge: Gemeinden"
    ]


def test_dashboard_warns_when_reference_data_is_empty(coordinator_client):
    MunicipalityFactory()
    Language.objects.update(is_active=False)

    response = coordinator_client.get(reverse("dashboard"))

    texts = _attention_texts(response)
    assert f"Noch keine Einträge: {Language._meta.verbose_name_plural}" in texts
    assert not any(str(FieldOfAction._meta.verbose_name_plural) in text for text in texts)


def test_dashboard_query_count_does_not_grow_with_the_data(
    coordinator_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        coordinator_client.get(reverse("dashboard"))
    OrganisationFactory.create_batch(5, last_confirmed_on=date(2020, 1, 1))
    ActionItemFactory.create_batch(5, due_on=date(2020, 1, 1))
    ConsultationFactory.create_batch(5, held_on=date(2015, 1, 1))
    UpdateRequestFactory.create_batch(3, status="responded")

    with django_assert_max_num_queries(15):
        response = coordinator_client.get(reverse("dashboard"))
    assert len(response.context["attention_items"]) >= 4
