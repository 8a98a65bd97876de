"""Read-only statistics of the consultation log for the statistics page and the annual report.

Every count leaves this module through `suppress()`: a cell with 1 or 2 cases becomes "< 3",
in the page, the CSV/XLSX exports and the charts alike. Nothing here returns a single case.
"""

from dataclasses import dataclass

from django.db.models import Count, Max, Min
from django.db.models.functions import ExtractMonth
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


def _counts(queryset, field: str, *, distinct_field: str = "pk") -> dict:
    rows = queryset.values(field).annotate(n=Count(distinct_field, distinct=True)).order_by()
    return {row[field]: row["n"] for row in rows}


def available_years() -> list[int]:
    """From the newest year with consultations back to the oldest (two index lookups)."""
    span = Consultation.objects.aggregate(first=Min("held_on"), last=Max("held_on"))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


def consultations_per_month(year: int) -> list[Cell]:
    counts = _counts(
        Consultation.objects.in_year(year).annotate(month=ExtractMonth("held_on")), "month"
    )
    return _cells(counts, MONTHS)


def consultations_per_topic(year: int) -> list[Cell]:
    counts = _counts(ConsultationTopic.objects.filter(consultation__held_on__year=year), "topic")
    return _cells(counts, dict(Topic.choices))


def consultations_per_channel(year: int) -> list[Cell]:
    counts = _counts(Consultation.objects.in_year(year), "channel")
    return _cells(counts, dict(Consultation.Channel.choices))


def consultations_per_language(year: int) -> list[Cell]:
    counts = _counts(Consultation.objects.in_year(year), "language__name")
    if None in counts:
        counts[_("not recorded")] = counts.pop(None)
    return _cells(counts)


def consultations_with_interpreter(year: int) -> list[Cell]:
    counts = _counts(Consultation.objects.in_year(year), "interpreter_used")
    return _cells(counts, {True: _("with interpreter"), False: _("without interpreter")})


def referrals_per_organisation(year: int) -> list[Cell]:
    counts = _counts(
        Referral.objects.filter(consultation__held_on__year=year), "organisation__name"
    )
    return _cells(counts)


def _clients_per(year: int, field: str, labels: dict | None = None) -> list[Cell]:
    counts = _counts(Consultation.objects.in_year(year), field, distinct_field="client")
    if labels is None and None in counts:
        counts[_("not known")] = counts.pop(None)
    return _cells(counts, labels)


def clients_per_age_band(year: int) -> list[Cell]:
    return _clients_per(year, "client__age_band", dict(AgeBand.choices))


def clients_per_gender(year: int) -> list[Cell]:
    return _clients_per(year, "client__gender", dict(Gender.choices))


def clients_per_origin(year: int) -> list[Cell]:
    return _clients_per(year, "client__origin", dict(Origin.choices))


def clients_per_municipality(year: int) -> list[Cell]:
    return _clients_per(year, "client__municipality__name")


def totals(year: int) -> list[Cell]:
    consultations = Consultation.objects.in_year(year)
    return [
        Cell(str(_("consultations")), suppress(consultations.count())),
        Cell(
            str(_("clients")),
            suppress(consultations.values("client").distinct().count()),
        ),
    ]


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
    return [Table(key, str(title), function(year)) for key, title, function in TABLES]
