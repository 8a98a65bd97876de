"""The statistics page costs the same number of queries however many consultations a year has,
serves its tables and charts from the cache until the data changes, and shows every change on
the next request (decision 0022)."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from consultations import queries, retention, statistics_cache
from consultations.models import (
    AgeBand,
    Client,
    Consultation,
    ConsultationTopic,
    Referral,
    StatisticsVersion,
)
from tests.factories import LanguageFactory, MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
URL = reverse("consultations:statistics")


@pytest.fixture
def registry():
    municipalities = [MunicipalityFactory(name=f"Gemeinde {index}") for index in range(4)]
    return {
        "counsellor": UserFactory(username="flach"),
        "languages": [LanguageFactory(name=f"Sprache {index}") for index in range(3)],
        "organisations": [
            OrganisationFactory(name=f"Beratungsstelle {index}") for index in range(3)
        ],
        "clients": [
            Client.objects.create(
                code=f"K-F-{index}",
                age_band=AgeBand.values[index % 5],
                gender=("f", "m", "d")[index % 3],
                origin=("SY", "UA", "eu", "")[index % 4],
                municipality=municipalities[index % 4],
            )
            for index in range(24)
        ],
    }


def _add(registry, count: int, start: int = 0) -> None:
    channels = Consultation.Channel.values
    for number in range(start, start + count):
        consultation = Consultation.objects.create(
            client=registry["clients"][number % 24],
            held_on=date(YEAR, 1 + number % 12, 1 + number % 28),
            duration_minutes=30,
            channel=channels[number % len(channels)],
            counsellor=registry["counsellor"],
            language=registry["languages"][number % 3],
            interpreter_used=number % 2 == 0,
        )
        ConsultationTopic.objects.create(
            consultation=consultation, topic=("work", "housing", "health")[number % 3]
        )
        Referral.objects.create(
            consultation=consultation, organisation=registry["organisations"][number % 3]
        )


def _measured(client, *, clear: bool = True):
    """The number of queries of one statistics request for YEAR, and its tables."""
    client.get(URL, {"year": YEAR - 1})  # the once-a-minute session write lands here
    if clear:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"year": YEAR})
    assert response.status_code == 200
    tables = {table.key: table for table, *_shown in response.context["tables"]}
    return len(captured), tables


def _expected() -> dict:
    """The tables as counted now, without the cache."""
    counted = queries.suppress_tables(queries.count_tables(queries.YearCounts(YEAR)))
    return {table.key: table for table in counted}


def _cells(table) -> dict:
    return {cell.label: cell.display for cell in table.rows}


def test_query_count_does_not_grow_with_the_consultations(coordinator_client, registry):
    _add(registry, 10)
    few, tables = _measured(coordinator_client)
    assert queries.YearCounts(YEAR).consultations == 10
    assert tables == _expected()

    _add(registry, 190, start=10)
    many, tables = _measured(coordinator_client)
    assert _cells(tables["totals"])["Beratungen"] == "200"
    assert tables == _expected()
    assert many == few


def _rows_read(captured) -> int:
    """How many rows the captured SELECTs return, by running them again."""
    rows = 0
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if query["sql"].lstrip().upper().startswith("SELECT"):
                cursor.execute(query["sql"])
                rows += len(cursor.fetchall())
    return rows


def test_rows_read_do_not_grow_with_the_consultations(registry):
    """The counting reads one row per language, municipality, topic or organisation, never one
    per consultation."""
    _add(registry, 10)
    with CaptureQueriesContext(connection) as few:
        queries.YearCounts(YEAR)
    _add(registry, 190, start=10)
    with CaptureQueriesContext(connection) as many:
        queries.YearCounts(YEAR)
    assert _rows_read(many) == _rows_read(few) <= 3 + 4 + 3 + 3


def test_year_counts_need_three_queries_however_many_consultations(
    django_assert_num_queries, registry
):
    _add(registry, 200)
    with django_assert_num_queries(3):
        counts = queries.YearCounts(YEAR)
    assert counts.consultations == 200
    assert counts.clients == 24
    assert sum(counts.per_month.values()) == 200
    assert counts.per_organisation == {
        "Beratungsstelle 0": 67,
        "Beratungsstelle 1": 67,
        "Beratungsstelle 2": 66,
    }


def test_a_cached_request_makes_fewer_queries(coordinator_client, registry):
    _add(registry, 30)
    first, tables = _measured(coordinator_client)
    second, cached_tables = _measured(coordinator_client, clear=False)
    assert second < first
    assert cached_tables == tables


def _change_channel(registry):
    consultation = Consultation.objects.filter(held_on__year=YEAR).earliest("pk")
    consultation.channel = "outreach"
    consultation.save()


def _add_topic(registry):
    for consultation in Consultation.objects.filter(held_on__year=YEAR, topics__topic="work"):
        ConsultationTopic.objects.create(consultation=consultation, topic="language")


def _delete_referrals(registry):
    for referral in Referral.objects.filter(organisation=registry["organisations"][0]):
        referral.delete()


def _change_age_band(registry):
    for client in Client.objects.filter(age_band="u18"):
        client.age_band = "65+"
        client.save()


def _rename_organisation(registry):
    organisation = registry["organisations"][1]
    organisation.name = "Jobcenter Lüchow"
    organisation.save()


def _delete_consultation(registry):
    Consultation.objects.filter(held_on__year=YEAR).earliest("pk").delete()


def _move_consultation(registry):
    consultation = Consultation.objects.filter(held_on__year=YEAR).earliest("pk")
    consultation.held_on = date(YEAR - 1, 12, 1)
    consultation.save()


def _bulk_update_and_announce(registry):
    Consultation.objects.filter(held_on__year=YEAR, channel="phone").update(channel="video")
    statistics_cache.statistics_changed()


@pytest.mark.parametrize(
    "change",
    [
        _change_channel,
        _add_topic,
        _delete_referrals,
        _change_age_band,
        _rename_organisation,
        _delete_consultation,
        _move_consultation,
        _bulk_update_and_announce,
    ],
)
def test_a_change_shows_on_the_next_request(coordinator_client, registry, change):
    """The cache is never cleared here: the next request must notice the change itself, as
    another app server with its own cache would."""
    _add(registry, 36)
    _before_count, before = _measured(coordinator_client)
    _cached_count, cached = _measured(coordinator_client, clear=False)
    assert cached == before

    change(registry)
    _after_count, after = _measured(coordinator_client, clear=False)
    assert after == _expected()
    assert after != before


def test_anonymising_a_client_keeps_the_figures_and_refreshes_the_entry(
    coordinator_client, registry
):
    _add(registry, 36)
    _count, before = _measured(coordinator_client)
    token = statistics_cache.current_token()
    retention.anonymise_client(client=registry["clients"][0])
    assert statistics_cache.current_token() != token
    _count, after = _measured(coordinator_client, clear=False)
    assert after == before


def test_the_token_is_stored_in_the_database_and_changes_with_each_save(registry):
    """Another app server sees the new token in the database after the commit."""
    token = StatisticsVersion.objects.get().token
    client = registry["clients"][0]
    client.gender = "d"
    client.save()
    assert StatisticsVersion.objects.get().token != token


def test_nothing_is_cached_without_a_token_row(registry):
    StatisticsVersion.objects.all().delete()
    builds = []
    for _request in range(2):
        statistics_cache.cached("tables", YEAR, lambda: builds.append(1))
    assert len(builds) == 2
    _add(registry, 1)  # the next change creates the row again
    assert statistics_cache.current_token() is not None


def test_the_cache_keeps_one_entry_per_language(coordinator_client, registry):
    _add(registry, 12)
    with translation.override("en"):
        english = statistics_cache.cached("tables", YEAR, lambda: queries.annual_tables(YEAR))
    with translation.override("de"):
        german = statistics_cache.cached("tables", YEAR, lambda: queries.annual_tables(YEAR))
    assert english[1].title == "Consultations per month"
    assert german[1].title == "Beratungen pro Monat"


def test_the_page_shows_the_largest_referral_rows_and_does_not_grow_with_the_registry(
    coordinator_client, registry
):
    """The referrals per organisation list every organisation referred to; the page shows the
    largest rows and says how many more the downloads hold, so its size stays flat."""

    def referred(count):
        for index in range(Referral.objects.values("organisation").distinct().count(), count):
            organisation = OrganisationFactory(name=f"Anlaufstelle {index:03d}")
            consultation = Consultation.objects.filter(held_on__year=YEAR)[index % 10]
            Referral.objects.create(consultation=consultation, organisation=organisation)

    _add(registry, 10)
    referred(40)
    cache.clear()
    small = coordinator_client.get(URL, {"year": YEAR}).content.decode()
    referred(120)
    cache.clear()
    large = coordinator_client.get(URL, {"year": YEAR}).content.decode()
    assert abs(len(large) - len(small)) < 64
    section = large.split('id="table-referral"')[1].split("</section>")[0]
    assert section.count("<tr>") == 1 + 25
    assert "Gezeigt werden die 25 größten Zeilen; 95 weitere Zeilen stehen in den Downloads" in (
        section
    )
    csv = b"".join(
        coordinator_client.get(
            reverse("consultations:statistics_export", args=["csv"]), {"year": YEAR}
        )
    ).decode()
    assert csv.count("Anlaufstelle") == 117
