"""Read-only statistics of the consultation log for the statistics page and the annual report.

Every table leaves this module through `annual_tables()`, i.e. through `protect()`: cells of 1 or
2 cases are hidden (primary suppression), and so are further cells wherever the hidden ones could
be worked out from a total (secondary suppression). A hidden cell shows as "." in the page, the
CSV/XLSX/PDF exports, the charts and the annual report alike. Only `count_tables()` has the exact
counts, for `annual_tables()` and for tests.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, Value
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.models import (
    AgeBand,
    Client,
    Consultation,
    ConsultationTopic,
    Gender,
    Origin,
    Referral,
    Topic,
)

MIN_CELL = 3
SUPPRESSED = "."  # as in official statistics (Destatis): "Zahlenwert geheim zu halten"
SUPPRESSION_NOTE = _(
    "Anonymous figures. To protect the clients, counts of 1 or 2 are not shown, nor any further "
    "count from which one of them could be worked out, e.g. through a total; “.” means: number "
    "withheld. Where very few people were counselled, a whole group of figures is withheld."
)

# How the cells of a table relate to the total of its group (docs/consultations.md).
ADDS_UP = "adds_up"  # the cells add up to the total: one month, channel, ... per consultation
COVERS = "covers"  # they add up to at least the total: one or more topics per consultation
BOUNDED = "bounded"  # each is at most the total, their sum says nothing: referrals


@dataclass(frozen=True)
class Cell:
    """One row of a statistics table; `count` is None when suppressed."""

    label: str
    count: int | None

    @property
    def display(self) -> str:
        return SUPPRESSED if self.count is None else str(self.count)

    @property
    def is_suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    rows: list[Cell]


@dataclass(frozen=True)
class CountedTable:
    """A table before suppression: exact counts, never shown as such (`annual_tables` and tests)."""

    key: str
    title: str
    group: str  # the total it shares: "consultations" or "clients" ("" for the totals table)
    relation: str  # ADDS_UP, COVERS or BOUNDED
    labels: list[str]
    counts: list[int]


def is_primary(count: int) -> bool:
    """The primary rule: 1 or 2 cases are never shown."""
    return 0 < count < MIN_CELL


def _slack(counts: list[int], hidden: set[int]) -> int:
    """By how much the hidden cells' sum exceeds what the reader's lower bounds alone allow:
    a primary cell is known to be at least 1, a secondary one at least 3."""
    return sum(counts[i] - (1 if is_primary(counts[i]) else MIN_CELL) for i in hidden)


def _secondary(relation: str, total: int, counts: list[int]) -> set[int] | None:
    """The cells to hide in one table of a group whose total is shown, or None when no choice
    of cells protects it (then the whole group is withheld)."""
    primary = {i for i, count in enumerate(counts) if is_primary(count)}
    if not primary or relation == BOUNDED:
        return primary  # each cell at most a total >= 3: 1 and 2 both stay possible
    below = len(primary)
    if relation == ADDS_UP:
        # Only primary cells hidden: their sum S is known; each of them could be 1 or 2 as long
        # as there are at least two and S is neither all ones nor all twos.
        if below < sum(counts[i] for i in primary) < 2 * below:
            return primary
    else:  # COVERS: the hidden cells add up to at least R; each could be 1 unless R > 2n - 1
        shown = sum(count for i, count in enumerate(counts) if i not in primary)
        if total - shown <= 2 * below - 1:
            return primary
    candidates = sorted((count, i) for i, count in enumerate(counts) if count >= MIN_CELL)
    for _count, index in candidates:  # the smallest count that does it
        if _slack(counts, primary | {index}) >= 1:
            return primary | {index}
    return None


def protect(total: int, tables: list[tuple[str, list[int]]]) -> tuple[bool, list[set[int]]]:
    """Primary and secondary suppression for the tables sharing one total.

    Returns whether the total is hidden and, per table, the positions of its hidden cells. The
    rule (docs/consultations.md, "Statistics"): cells of 1 or 2 are hidden; in a table where the
    hidden cells could be worked out from the total, the smallest count >= 3 that makes them
    ambiguous is hidden as well; when no count can do that (a total of 1 or 2, or a table of only
    ones or only twos), the group is withheld: the total and every cell of its tables."""
    hidden = []
    if not is_primary(total):
        for relation, counts in tables:
            cells = _secondary(relation, total, counts)
            if cells is None:
                break
            hidden.append(cells)
        else:
            return False, hidden
    return True, [set(range(len(counts))) for _relation, counts in tables]


def suppress_tables(counted: list[CountedTable]) -> list[Table]:
    """The tables as shown: `protect` applied to each group of tables sharing a total."""
    totals = dict(zip(TOTAL_ROWS, next(t for t in counted if not t.group).counts, strict=True))
    hidden: dict[str, set[int]] = {}
    totals_hidden = {}
    for group, total in totals.items():
        members = [table for table in counted if table.group == group]
        totals_hidden[group], cells = protect(
            total, [(table.relation, table.counts) for table in members]
        )
        hidden.update(
            (table.key, positions) for table, positions in zip(members, cells, strict=True)
        )
    shown = []
    for table in counted:
        if table.group:
            secret = hidden[table.key]
        else:  # the totals table: one row per group
            secret = {i for i, group in enumerate(TOTAL_ROWS) if totals_hidden[group]}
        rows = [
            Cell(label, None if index in secret else count)
            for index, (label, count) in enumerate(zip(table.labels, table.counts, strict=True))
        ]
        shown.append(Table(table.key, table.title, rows))
    return shown


def _pairs(counts: dict, labels: dict | None = None) -> list[tuple[str, int]]:
    """Labels and counts in the order of `labels` (all of them, zero included), else by count."""
    if labels is None:
        ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
        return [(str(label), count) for label, count in ordered]
    return [(str(label), counts.get(key, 0)) for key, label in labels.items()]


def available_years() -> list[int]:
    """From the newest year with consultations back to the oldest (two index lookups)."""
    span = Consultation.objects.aggregate(first=Min("held_on"), last=Max("held_on"))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


CLIENT_FIELDS = (
    "client__age_band",
    "client__gender",
    "client__origin",
    "client__municipality__name",
)
# The client fields with choices, counted by conditional aggregation ("" is "not known").
CHOICE_FIELDS = {
    "client__age_band": AgeBand.values,
    "client__gender": Gender.values,
    "client__origin": Origin.values,
}


def _present(counts: dict) -> dict:
    return {key: count for key, count in counts.items() if count}


def _choice_counts(field: str, values) -> tuple[dict, dict]:
    """Conditional counts per choice value: the aggregates and how to read them back."""
    aliases = {f"{field.rsplit('__', 1)[-1]}_{index}": value for index, value in enumerate(values)}
    aggregates = {
        alias: Count("pk", filter=Q(**{field: value})) for alias, value in aliases.items()
    }
    return aggregates, aliases


class YearCounts:
    """All counts of one year in three GROUP BY queries, whatever the number of consultations:
    the consultations per language with conditional counts per month, channel and interpreter;
    the year's clients per municipality with conditional counts per age band, gender and
    origin; topics and referrals in one UNION. Each query returns at most one row per
    language, municipality, topic or organisation, never one per consultation."""

    def __init__(self, year: int):
        consultations = Consultation.objects.in_year(year).order_by()
        months = {f"month_{month}": month for month in MONTHS}
        channels = {
            f"channel_{index}": value for index, value in enumerate(Consultation.Channel.values)
        }
        per_language = consultations.values("language__name").annotate(
            n=Count("pk"),
            interpreter=Count("pk", filter=Q(interpreter_used=True)),
            **{alias: Count("pk", filter=Q(held_on__month=m)) for alias, m in months.items()},
            **{alias: Count("pk", filter=Q(channel=value)) for alias, value in channels.items()},
        )
        self.per_month, self.per_channel = Counter(), Counter()
        self.per_language, self.per_interpreter = {}, Counter()
        for row in per_language:
            self.per_language[row["language__name"]] = row["n"]
            self.per_interpreter[True] += row["interpreter"]
            self.per_interpreter[False] += row["n"] - row["interpreter"]
            for alias, month in months.items():
                self.per_month[month] += row[alias]
            for alias, channel in channels.items():
                self.per_channel[channel] += row[alias]
        self.per_month = _present(self.per_month)
        self.per_channel = _present(self.per_channel)
        self.per_interpreter = _present(self.per_interpreter)
        self.consultations = sum(self.per_language.values())

        clients = Client.objects.filter(pk__in=consultations.values("client_id")).order_by()
        aggregates, read_back = {}, {}
        for field, values in CHOICE_FIELDS.items():
            field_aggregates, aliases = _choice_counts(field.removeprefix("client__"), values)
            aggregates.update(field_aggregates)
            read_back[field] = aliases
        per_municipality = clients.values("municipality__name").annotate(
            n=Count("pk"), **aggregates
        )
        self.per_client_field = {field: Counter() for field in CLIENT_FIELDS}
        municipalities = self.per_client_field["client__municipality__name"]
        for row in per_municipality:
            municipalities[row["municipality__name"]] = row["n"]
            for field, aliases in read_back.items():
                for alias, value in aliases.items():
                    self.per_client_field[field][value] += row[alias]
        self.per_client_field = {
            field: _present(counts) for field, counts in self.per_client_field.items()
        }
        self.clients = sum(self.per_client_field["client__municipality__name"].values())

        topics = (
            ConsultationTopic.objects.filter(consultation__held_on__year=year)
            .order_by()
            .values("topic")
            .annotate(kind=Value("topic"), n=Count("pk"))
            .values_list("kind", "topic", "n")
        )
        referrals = (
            Referral.objects.filter(consultation__held_on__year=year)
            .order_by()
            .values("organisation__name")
            .annotate(kind=Value("referral"), n=Count("pk"))
            .values_list("kind", "organisation__name", "n")
        )
        self.per_topic, self.per_organisation = {}, {}
        for kind, key, count in topics.union(referrals, all=True):
            (self.per_topic if kind == "topic" else self.per_organisation)[key] = count


def _with_unknown(counts: dict, label) -> dict:
    counts = dict(counts)
    if None in counts:
        counts[label] = counts.pop(None)
    return counts


def totals(counts: YearCounts) -> list[tuple[str, int]]:
    return [(str(_("consultations")), counts.consultations), (str(_("clients")), counts.clients)]


def consultations_per_month(counts: YearCounts) -> list[tuple[str, int]]:
    return _pairs(counts.per_month, MONTHS)


def consultations_per_topic(counts: YearCounts) -> list[tuple[str, int]]:
    return _pairs(counts.per_topic, dict(Topic.choices))


def consultations_per_channel(counts: YearCounts) -> list[tuple[str, int]]:
    return _pairs(counts.per_channel, dict(Consultation.Channel.choices))


def consultations_per_language(counts: YearCounts) -> list[tuple[str, int]]:
    return _pairs(_with_unknown(counts.per_language, _("not recorded")))


def consultations_with_interpreter(counts: YearCounts) -> list[tuple[str, int]]:
    return _pairs(
        counts.per_interpreter, {True: _("with interpreter"), False: _("without interpreter")}
    )


def referrals_per_organisation(counts: YearCounts) -> list[tuple[str, int]]:
    return _pairs(counts.per_organisation)


def clients_per_age_band(counts: YearCounts) -> list[tuple[str, int]]:
    return _pairs(counts.per_client_field["client__age_band"], dict(AgeBand.choices))


def clients_per_gender(counts: YearCounts) -> list[tuple[str, int]]:
    return _pairs(counts.per_client_field["client__gender"], dict(Gender.choices))


def clients_per_origin(counts: YearCounts) -> list[tuple[str, int]]:
    return _pairs(counts.per_client_field["client__origin"], dict(Origin.choices))


def clients_per_municipality(counts: YearCounts) -> list[tuple[str, int]]:
    return _pairs(
        _with_unknown(counts.per_client_field["client__municipality__name"], _("not known"))
    )


CONSULTATIONS, CLIENTS = "consultations", "clients"
TOTAL_ROWS = (CONSULTATIONS, CLIENTS)  # the rows of the totals table, in this order
TABLES = [
    ("totals", pgettext_lazy("statistics", "In total"), "", "", totals),
    ("month", _("Consultations per month"), CONSULTATIONS, ADDS_UP, consultations_per_month),
    (
        "topic",
        _("Consultations per topic (several per consultation)"),
        CONSULTATIONS,
        COVERS,
        consultations_per_topic,
    ),
    ("channel", _("Consultations per channel"), CONSULTATIONS, ADDS_UP, consultations_per_channel),
    (
        "language",
        _("Consultations per language used"),
        CONSULTATIONS,
        ADDS_UP,
        consultations_per_language,
    ),
    (
        "interpreter",
        _("Consultations with and without interpreter"),
        CONSULTATIONS,
        ADDS_UP,
        consultations_with_interpreter,
    ),
    (
        "referral",
        _("Referrals per organisation"),
        CONSULTATIONS,
        BOUNDED,
        referrals_per_organisation,
    ),
    ("age_band", _("Clients per age band"), CLIENTS, ADDS_UP, clients_per_age_band),
    ("gender", _("Clients per gender"), CLIENTS, ADDS_UP, clients_per_gender),
    ("origin", _("Clients per country of origin"), CLIENTS, ADDS_UP, clients_per_origin),
    ("municipality", _("Clients per municipality"), CLIENTS, ADDS_UP, clients_per_municipality),
]


def count_tables(counts: YearCounts) -> list[CountedTable]:
    """Every table of a year with its exact counts, before suppression."""
    counted = []
    for key, title, group, relation, function in TABLES:
        pairs = function(counts)
        counted.append(
            CountedTable(
                key,
                str(title),
                group,
                relation,
                [label for label, _count in pairs],
                [count for _label, count in pairs],
            )
        )
    return counted


def annual_tables(year: int) -> list[Table]:
    """Every statistics table of a year, suppressed, for the page, exports, charts and reports."""
    return suppress_tables(count_tables(YearCounts(year)))
