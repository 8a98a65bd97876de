"""Secondary suppression: no hidden cell can be worked out from what the tables show."""

from hypothesis import given, settings
from hypothesis import strategies as st

from consultations import queries
from tests.consultations.disclosure import disclosed

RELATIONS = [queries.ADDS_UP, queries.COVERS, queries.BOUNDED]


def _table(key, group, relation, counts):
    labels = [f"{key}-{index}" for index in range(len(counts))]
    return queries.CountedTable(key, key, group, relation, labels, counts)


def _shown(tables: list[queries.Table]) -> dict[str, list]:
    return {table.key: [cell.count for cell in table.rows] for table in tables}


def _totals(consultations: int, clients: int) -> queries.CountedTable:
    return _table("totals", "", "", [consultations, clients])


@st.composite
def years(draw):
    """Random consultations of random clients, counted into random tables: many zeros, ones and
    twos, tables of 1 to 6 cells, several of them sharing each total."""
    clients = draw(st.integers(min_value=1, max_value=8))
    consultations = draw(st.integers(min_value=0, max_value=30))
    if consultations == 0:
        clients = 0
    of_client = [index % clients for index in range(min(consultations, clients))] + draw(
        st.lists(
            st.integers(min_value=0, max_value=max(clients - 1, 0)),
            min_size=max(consultations - clients, 0),
            max_size=max(consultations - clients, 0),
        )
    )
    counted = [_totals(consultations, len(set(of_client)))]
    for number in range(draw(st.integers(min_value=1, max_value=4))):
        relation = draw(st.sampled_from(RELATIONS))
        size = draw(st.integers(min_value=1, max_value=6))
        counts = [0] * size
        for _consultation in range(consultations):
            category = st.integers(min_value=0, max_value=size - 1)
            if relation == queries.ADDS_UP:
                chosen = {draw(category)}
            else:
                chosen = draw(st.sets(category, min_size=relation == queries.COVERS))
            for index in chosen:
                counts[index] += 1
        counted.append(_table(f"c{number}", queries.CONSULTATIONS, relation, counts))
    for number in range(draw(st.integers(min_value=1, max_value=3))):
        size = draw(st.integers(min_value=1, max_value=6))
        counts = [0] * size
        for _client in set(of_client):
            counts[draw(st.integers(min_value=0, max_value=size - 1))] += 1
        counted.append(_table(f"k{number}", queries.CLIENTS, queries.ADDS_UP, counts))
    return counted


@settings(max_examples=300, deadline=None)
@given(counted=years())
def test_no_hidden_cell_can_be_worked_out(counted):
    shown = _shown(queries.suppress_tables(counted))
    for table in counted:
        for value, count in zip(shown[table.key], table.counts, strict=True):
            assert value is None or not queries.is_primary(value)
            assert value is None or value == count
    assert disclosed(counted, shown) == []


def test_one_small_month_hides_the_next_smallest_too():
    """The case measured on main: 294 consultations, December 2 = 294 - 292."""
    months = [30, 25, 20, 25, 30, 20, 25, 30, 25, 30, 32, 2]
    counted = [_totals(294, 200), _table("month", queries.CONSULTATIONS, queries.ADDS_UP, months)]
    shown = _shown(queries.suppress_tables(counted))
    assert shown["totals"] == [294, 200]
    assert shown["month"] == [30, 25, None, 25, 30, 20, 25, 30, 25, 30, 32, None]
    assert disclosed(counted, shown) == []
    # Primary suppression alone gives December away.
    only_primary = {**shown, "month": [*months[:11], None]}
    assert disclosed(counted, only_primary) == ["month: month-11"]


def test_gender_divers_is_no_longer_147_minus_146():
    genders = [70, 76, 1, 0]
    counted = [_totals(400, 147), _table("gender", queries.CLIENTS, queries.ADDS_UP, genders)]
    shown = _shown(queries.suppress_tables(counted))
    assert shown["gender"] == [None, 76, None, 0]
    assert disclosed(counted, shown) == []


def test_a_one_and_a_two_protect_each_other():
    """Only the hidden cells' sum 3 is known: 1 + 2 or 2 + 1; nothing more is hidden."""
    counted = [
        _totals(10, 10),
        _table("channel", queries.CONSULTATIONS, queries.ADDS_UP, [1, 2, 7]),
    ]
    assert _shown(queries.suppress_tables(counted))["channel"] == [None, None, 7]


def test_a_one_next_to_a_three_hides_a_larger_count():
    """1 + 3 = 4 would tell both apart (a secondary cell is at least 3); 1 + 6 does not."""
    counted = [
        _totals(10, 10),
        _table("channel", queries.CONSULTATIONS, queries.ADDS_UP, [1, 3, 6]),
    ]
    assert _shown(queries.suppress_tables(counted))["channel"] == [None, 3, None]


def test_a_table_of_only_ones_withholds_its_group():
    counted = [
        _totals(4, 3),
        _table("month", queries.CONSULTATIONS, queries.ADDS_UP, [1, 1, 1, 1, 0]),
        _table("channel", queries.CONSULTATIONS, queries.ADDS_UP, [4, 0]),
        _table("age", queries.CLIENTS, queries.ADDS_UP, [3, 0]),
    ]
    shown = _shown(queries.suppress_tables(counted))
    assert shown == {
        "totals": [None, 3],
        "month": [None] * 5,
        "channel": [None, None],
        "age": [3, 0],
    }
    assert disclosed(counted, shown) == []


def test_a_total_of_one_or_two_withholds_its_group():
    counted = [
        _totals(2, 1),
        _table("channel", queries.CONSULTATIONS, queries.ADDS_UP, [1, 1, 0]),
        _table("referral", queries.CONSULTATIONS, queries.BOUNDED, [2]),
        _table("age", queries.CLIENTS, queries.ADDS_UP, [1, 0]),
    ]
    shown = _shown(queries.suppress_tables(counted))
    assert all(value is None for values in shown.values() for value in values)
    assert disclosed(counted, shown) == []


def test_topics_at_least_add_up_to_the_consultations():
    """Each consultation has a topic: 6 of 8 shown, so the one hidden topic is at least 2."""
    counted = [
        _totals(8, 8),
        _table("topic", queries.CONSULTATIONS, queries.COVERS, [6, 2, 0]),
    ]
    shown = _shown(queries.suppress_tables(counted))
    assert shown["topic"] == [None, None, 0]
    assert disclosed(counted, shown) == []
    assert disclosed(counted, {**shown, "topic": [6, None, 0]}) == ["topic: topic-1"]
