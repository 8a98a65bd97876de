"""The staff dashboard: items of every app, their counts taken together in one query."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def test_count_all_answers_only_presence_where_asked_and_counts_the_others(
    django_assert_num_queries,
):
    OrganisationFactory.create_batch(3)
    querysets = [
        Organisation.objects.all(),
        Organisation.objects.all(),
        Municipality.objects.filter(name__startswith="Zz-nobody"),
    ]

    with django_assert_num_queries(1) as captured:
        counts = count_all(querysets, [True, False, True])

    assert counts == [1, 3, 0]
    assert captured.captured_queries[0]["sql"].count("EXISTS") == 2


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
    # "Recent changes" take one query over all history tables plus one per model among the
    # eight newest changes: at most 9, however much data there is.
    with django_assert_max_num_queries(20):
        coordinator_client.get(reverse("dashboard"))
    OrganisationFactory.create_batch(5, last_confirmed_on=date(2020, 1, 1))
    ActionItemFactory.create_batch(5, due_on=date(2020, 1, 1))
    ConsultationFactory.create_batch(5, held_on=date(2015, 1, 1))
    UpdateRequestFactory.create_batch(3, status="responded")

    with django_assert_max_num_queries(20):
        response = coordinator_client.get(reverse("dashboard"))
    assert len(response.context["attention_items"]) >= 4


def test_the_leads_dashboard_lists_sign_offs_reviews_and_releases_waiting_for_the_lead(
    lead, lead_client, coordinator
):
    from reporting.models import AnnualReport
    from tests.reporting.annual_factories import AnnualReportFactory
    from tests.volunteers.factories import ExpenseClaimFactory

    ExpenseClaimFactory.create_batch(2)
    AnnualReportFactory(chapters=False)
    AnnualReportFactory(
        chapters=False, status=AnnualReport.Status.REVIEWED, reviewed_by=coordinator
    )
    # Reviewed by the lead: another person must release it (four eyes), so not the lead's work.
    AnnualReportFactory(chapters=False, status=AnnualReport.Status.REVIEWED, reviewed_by=lead)

    texts = _attention_texts(lead_client.get(reverse("dashboard")))

    assert "2 Abrechnungen warten auf Ihre Zeichnung" in texts
    assert "1 geprüfter Jahresbericht wartet auf Ihre Freigabe" in texts
    assert "1 Entwurf eines Jahresberichts wartet auf die Prüfung" in texts


def test_the_coordinators_dashboard_has_no_release_items(coordinator_client):
    from tests.reporting.annual_factories import AnnualReportFactory

    AnnualReportFactory(chapters=False)
    texts = _attention_texts(coordinator_client.get(reverse("dashboard")))
    assert not any("Jahresbericht" in text for text in texts)


def test_recent_changes_show_office_records_with_a_link_not_reference_data(
    coordinator, coordinator_client
):
    MunicipalityFactory(name="Clenze")
    Language.objects.filter(code="ar").update(name_en="Arabic")
    organisation = OrganisationFactory(name="Sprachcafé Dannenberg")
    organisation.name = "Sprachcafé Dannenberg e. V."
    organisation._history_user = coordinator
    organisation.save()

    response = coordinator_client.get(reverse("dashboard"))
    labels = [entry.object_label for entry in response.context["recent_changes"]]
    html = " ".join(response.content.decode().split())

    assert labels[0] == "Organisation: Sprachcafé Dannenberg e. V."
    assert not any("Clenze" in label or label.startswith("Gemeinde") for label in labels)
    assert f'<a href="{organisation.get_absolute_url()}">Organisation: Sprachcafé' in html
    assert f"· geändert · {coordinator.get_full_name()}" in html


def test_the_leads_dashboard_query_count_is_bounded(lead_client, django_assert_max_num_queries):
    from tests.reporting.annual_factories import AnnualReportFactory
    from tests.volunteers.factories import ExpenseClaimFactory, VolunteerFactory

    with django_assert_max_num_queries(25):
        lead_client.get(reverse("dashboard"))
    ExpenseClaimFactory.create_batch(4)
    VolunteerFactory.create_batch(3)
    OrganisationFactory.create_batch(3)
    AnnualReportFactory.create_batch(2, chapters=False)
    ActionItemFactory.create_batch(3, due_on=date(2020, 1, 1))

    with django_assert_max_num_queries(25):
        response = lead_client.get(reverse("dashboard"))
    assert len(response.context["recent_changes"]) == 8


def test_the_retention_warning_is_counted_once_and_follows_a_new_consultation(
    coordinator_client,
):
    """Checking every client's consultations is kept until the log's data changes."""
    warning = "1 Person im Beratungsprotokoll wird innerhalb von 30 Tagen anonymisiert"
    old = timezone.localdate().replace(year=timezone.localdate().year - 10)
    client = ConsultationFactory(held_on=old).client
    first = coordinator_client.get(reverse("dashboard"))
    assert any(text.startswith(warning) for text in _attention_texts(first))
    with CaptureQueriesContext(connection) as counted:
        again = coordinator_client.get(reverse("dashboard"))
    assert _attention_texts(again) == _attention_texts(first)
    assert not any("consultations_client" in query["sql"] for query in counted.captured_queries)

    ConsultationFactory(client=client, held_on=timezone.localdate())  # the client came back

    texts = _attention_texts(coordinator_client.get(reverse("dashboard")))
    assert not any(text.startswith(warning) for text in texts)
