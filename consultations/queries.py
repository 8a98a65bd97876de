"""Read-only statistics of the consultation log for the statistics page and the annual report.

Every count leaves this module through `suppress()`: a cell with 1 or 2 cases becomes "< 3",
in the page, the CSV/XLSX exports and the charts alike. Nothing here returns a single case.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Max, Min
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.models import (
    AgeBand,
    Consultation,
    ConsultationTopic,
    Gender,
    Origin,
    Referral,
    Topic,
)

MIN_CELL = 3
SUPPRESSED = "< 3"


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


def suppress(count: int) -> int | None:
    """The one suppression rule: 1 or 2 cases are never shown as such."""
    return None if 0 < count < MIN_CELL else count


def _cells(counts: dict, labels: dict | None = None, *, keep_zero=True) -> list[Cell]:
    """Cells in the order of `labels` (all of them, zero included), else by count."""
    if labels is None:
        ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
        return [Cell(str(label), suppress(count)) for label, count in ordered]
    return [
        Cell(str(label), suppress(counts.get(key, 0)))
        for key, label in labels.items()
        if keep_zero or counts.get(key, 0)
    ]


def _counts(queryset, field: str) -> dict:
    rows = queryset.values(field).annotate(n=Count("pk")).order_by()
    return {row[field]: row["n"] for row in rows}


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


class YearCounts:
    """All counts of one year, read in three queries: the year's consultations (a few columns,
    a few thousand rows at most), and topics and referrals grouped in the database. Each table
    below is counted from these in Python, so the page costs the same number of queries
    however many tables it shows."""

    def __init__(self, year: int):
        rows = Consultation.objects.in_year(year).values_list(
            "held_on", "channel", "language__name", "interpreter_used", "client_id", *CLIENT_FIELDS
        )
        self.per_month, self.per_channel = Counter(), Counter()
        self.per_language, self.per_interpreter = Counter(), Counter()
        clients = {}
        for held_on, channel, language, interpreter, client_id, *client in rows.order_by():
            self.per_month[held_on.month] += 1
            self.per_channel[channel] += 1
            self.per_language[language] += 1
            self.per_interpreter[interpreter] += 1
            clients[client_id] = client
        self.consultations = sum(self.per_month.values())
        self.clients = len(clients)
        self.per_client_field = {
            field: Counter(client[index] for client in clients.values())
            for index, field in enumerate(CLIENT_FIELDS)
        }
        self.per_topic = _counts(
            ConsultationTopic.objects.filter(consultation__held_on__year=year), "topic"
        )
        self.per_organisation = _counts(
            Referral.objects.filter(consultation__held_on__year=year), "organisation__name"
        )


def _with_unknown(counts: dict, label) -> dict:
    counts = dict(counts)
    if None in counts:
        counts[label] = counts.pop(None)
    return counts


def totals(counts: YearCounts) -> list[Cell]:
    return [
        Cell(str(_("consultations")), suppress(counts.consultations)),
        Cell(str(_("clients")), suppress(counts.clients)),
    ]


def consultations_per_month(counts: YearCounts) -> list[Cell]:
    return _cells(counts.per_month, MONTHS)


def consultations_per_topic(counts: YearCounts) -> list[Cell]:
    return _cells(counts.per_topic, dict(Topic.choices))


def consultations_per_channel(counts: YearCounts) -> list[Cell]:
    return _cells(counts.per_channel, dict(Consultation.Channel.choices))


def consultations_per_language(counts: YearCounts) -> list[Cell]:
    return _cells(_with_unknown(counts.per_language, _("not recorded")))


def consultations_with_interpreter(counts: YearCounts) -> list[Cell]:
    return _cells(
        counts.per_interpreter, {True: _("with interpreter"), False: _("without interpreter")}
    )


def referrals_per_organisation(counts: YearCounts) -> list[Cell]:
    return _cells(counts.per_organisation)


def clients_per_age_band(counts: YearCounts) -> list[Cell]:
    return _cells(counts.per_client_field["client__age_band"], dict(AgeBand.choices))


def clients_per_gender(counts: YearCounts) -> list[Cell]:
    return _cells(counts.per_client_field["client__gender"], dict(Gender.choices))


def clients_per_origin(counts: YearCounts) -> list[Cell]:
    return _cells(counts.per_client_field["client__origin"], dict(Origin.choices))


def clients_per_municipality(counts: YearCounts) -> list[Cell]:
    return _cells(
        _with_unknown(counts.per_client_field["client__municipality__name"], _("not known"))
    )


TABLES = [
    ("totals", pgettext_lazy("statistics", "In total"), totals),
    ("month", _("Consultations per month"), consultations_per_month),
    ("topic", _("Consultations per topic (several per consultation)"), consultations_per_topic),
    ("channel", _("Consultations per channel"), consultations_per_channel),
    ("language", _("Consultations per language used"), consultations_per_language),
    (
        "interpreter",
        _("Consultations with and without interpreter"),
        consultations_with_interpreter,
    ),
    ("referral", _("Referrals per organisation"), referrals_per_organisation),
    ("age_band", _("Clients per age band"), clients_per_age_band),
    ("gender", _("Clients per gender"), clients_per_gender),
    ("origin", _("Clients per country of origin"), clients_per_origin),
    ("municipality", _("Clients per municipality"), clients_per_municipality),
]


def annual_tables(year: int) -> list[Table]:
    """Every statistics table of a year, suppressed, for the page, exports, charts and reports."""
    counts = YearCounts(year)
    return [Table(key, str(title), function(counts)) for key, title, function in TABLES]
