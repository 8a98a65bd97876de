"""`kmut.paging.CappedPaginator`: the count of a growing list stops a window of pages after the
requested page, the pager says "more than", and every row stays reachable with "Next"."""

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import Client
from kmut.models import Municipality
from kmut.paging import CappedPaginator
from tests.consultations.factories import ClientFactory

pytestmark = pytest.mark.django_db


class TwoAhead(CappedPaginator):
    pages_ahead = 2


@pytest.fixture
def ten_municipalities():
    Municipality.objects.bulk_create(
        Municipality(name=f"Ort {number:02}", kind=Municipality.Kind.MUNICIPALITY)
        for number in range(10)
    )
    return Municipality.objects.filter(name__startswith="Ort ").order_by("name")


def test_the_count_stops_at_the_window_and_says_so(ten_municipalities):
    paginator = TwoAhead(ten_municipalities, 2)
    page = paginator.get_page(1)
    assert paginator.count == 6  # pages 1 to 3 counted: (1 + 2) × 2 rows
    assert paginator.more is True
    assert paginator.num_pages == 3
    assert [m.name for m in page] == ["Ort 00", "Ort 01"]
    assert page.has_next()


def test_a_page_further_on_moves_the_window_to_the_end(ten_municipalities):
    paginator = TwoAhead(ten_municipalities, 2)
    page = paginator.get_page(4)
    assert paginator.count == 10
    assert paginator.more is False
    assert paginator.num_pages == 5
    assert [m.name for m in page] == ["Ort 06", "Ort 07"]


def test_a_short_list_is_counted_exactly(ten_municipalities):
    paginator = CappedPaginator(ten_municipalities, 4)
    assert paginator.get_page("not a number").number == 1
    assert (paginator.count, paginator.more, paginator.num_pages) == (10, False, 3)
    with pytest.raises(EmptyPage):
        CappedPaginator(ten_municipalities, 4).page(4)


def test_the_count_query_is_limited_and_unordered(ten_municipalities):
    with CaptureQueriesContext(connection) as queries:
        TwoAhead(ten_municipalities, 2).get_page(1)
    (count_sql,) = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert "LIMIT 7" in count_sql
    assert "ORDER BY" not in count_sql


def test_the_client_list_pager_says_more_than(coordinator_client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "pages_ahead", 1)
    ClientFactory.create_batch(76)  # 25 per page: four pages
    assert Client.objects.count() == 76
    url = reverse("consultations:client_list")
    html = coordinator_client.get(url).content.decode()
    assert "Seite 1 von mehr als 2" in html
    assert "?page=2" in html
    # From page 3 the window reaches the end: the last page is named.
    html = coordinator_client.get(url + "?page=3").content.decode()
    assert "Seite 3 von 4" in html
    assert "mehr als" not in html
    html = coordinator_client.get(url + "?page=4").content.decode()
    assert "Seite 4 von 4" in html
