"""Read-only figures for screens, exports and the annual report.

Every function returns plain data (dataclasses of str, int, date and Decimal), so that a report
can snapshot it with `dataclasses.asdict()`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from actors.models import Organisation
from reporting.funding import COLUMNS, statement_figures, total
from reporting.models import (
    ActionPlan,
    FundingRule,
    FundingStatement,
    Grant,
    Indicator,
    IndicatorValue,
    Measure,
)

# A measure is at risk when its deadline is this close and it is not done ...
AT_RISK_DAYS = 60
# ... or when an indicator's latest value covers less than this share of the way from baseline
# to target.
BEHIND_SHARE = Decimal("0.5")


# --- action plan ---------------------------------------------------------------------------


@dataclass
class IndicatorProgress:
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    latest_year: int | None
    latest_value: Decimal | None
    share: Decimal | None  # of the way from baseline to target, 1 = reached
    is_behind: bool


@dataclass
class MeasureProgress:
    measure_id: int
    title: str
    goal: str
    field_of_action: str
    status: str
    status_label: str
    starts_on: date | None
    due_on: date | None
    organisations: list[str]
    indicators: list[IndicatorProgress]
    is_overdue: bool
    is_at_risk: bool
    reasons: list[str] = field(default_factory=list)


@dataclass
class FieldProgress:
    field_of_action: str
    measures: int
    by_status: dict[str, int]
    overdue: int
    at_risk: int


def indicator_progress(indicator, *, behind_share: Decimal = BEHIND_SHARE) -> IndicatorProgress:
    values = sorted(indicator.values.all(), key=lambda value: value.year)
    latest = values[-1] if values else None
    share = None
    if latest is not None and indicator.target != indicator.baseline:
        share = (latest.value - indicator.baseline) / (indicator.target - indicator.baseline)
        share = share.quantize(Decimal("0.01"))
    return IndicatorProgress(
        name=indicator.name,
        unit=indicator.unit,
        baseline=indicator.baseline,
        target=indicator.target,
        latest_year=latest.year if latest else None,
        latest_value=latest.value if latest else None,
        share=share,
        is_behind=share is not None and share < behind_share,
    )


def measure_progress(
    measure,
    *,
    today: date,
    at_risk_days: int = AT_RISK_DAYS,
    behind_share=BEHIND_SHARE,
    with_organisations: bool = True,
) -> MeasureProgress:
    """Overdue: deadline passed and not done (or dropped). At risk: deadline within
    `at_risk_days`, or an indicator far behind its target, and not done. Without
    organisations (a measure of `measures_of(..., with_organisations=False)`) none are listed."""
    indicators = [
        indicator_progress(indicator, behind_share=behind_share)
        for indicator in measure.indicators.all()
    ]
    is_open = not measure.is_closed
    overdue = is_open and measure.due_on is not None and measure.due_on < today
    reasons = []
    if overdue:
        reasons.append(_("deadline passed"))
    at_risk = False
    soon = today + timedelta(days=at_risk_days)
    if is_open and not overdue and measure.due_on is not None and measure.due_on <= soon:
        at_risk = True
        reasons.append(_("deadline within %(days)s days") % {"days": at_risk_days})
    if is_open and any(indicator.is_behind for indicator in indicators):
        at_risk = at_risk or not overdue
        reasons.append(_("indicator far behind its target"))
    return MeasureProgress(
        measure_id=measure.pk,
        title=measure.title,
        goal=measure.goal.title,
        field_of_action=measure.goal.field_of_action.name,
        status=measure.status,
        status_label=measure.get_status_display(),
        starts_on=measure.starts_on,
        due_on=measure.due_on,
        organisations=(
            [str(organisation) for organisation in measure.organisations.all()]
            if with_organisations
            else []
        ),
        indicators=indicators,
        is_overdue=overdue,
        is_at_risk=at_risk,
        reasons=reasons,
    )


def measures_of(plan, *, with_organisations: bool = True):
    """The plan's measures with everything the progress needs, in a fixed number of queries.

    `plan` is an ActionPlan or a subquery of its pk; without organisations (the dashboard
    only counts; pass `with_organisations=False` to `measure_progress` too) they are not read.
    """
    lookups = [Prefetch("organisations", queryset=Organisation.objects.all())]
    return (
        Measure.objects.filter(goal__plan=plan)
        .select_related("goal__field_of_action")
        .prefetch_related(
            *(lookups if with_organisations else []),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))
                ),
            ),
        )
        .order_by("goal__field_of_action__position", "goal__position", "goal_id", "position", "pk")
    )


def plan_progress(plan: ActionPlan, *, today: date) -> list[MeasureProgress]:
    return [measure_progress(measure, today=today) for measure in measures_of(plan)]


def progress_summary(plan: ActionPlan, *, today: date) -> list[FieldProgress]:
    """Per field of action: measures by status, overdue and at risk."""
    return summarise(plan_progress(plan, today=today))


def summarise(progress_list: list[MeasureProgress]) -> list[FieldProgress]:
    rows: dict[str, FieldProgress] = {}
    for progress in progress_list:
        row = rows.setdefault(
            progress.field_of_action,
            FieldProgress(progress.field_of_action, 0, defaultdict(int), 0, 0),
        )
        row.measures += 1
        row.by_status[progress.status] += 1
        row.overdue += progress.is_overdue
        row.at_risk += progress.is_at_risk
    for row in rows.values():
        row.by_status = dict(row.by_status)
    return list(rows.values())


# --- funding statement ---------------------------------------------------------------------


@dataclass
class OverviewRow:
    label: str
    kind: str  # "cost", "subtotal", "grant", "total"
    cells: list[Decimal | None]


@dataclass
class OverviewTable:
    title: str
    rows: list[OverviewRow]


@dataclass
class FundingOverview:
    years: list[int]
    columns: list[tuple[int, str]]  # (year, "planned" | "actual")
    tables: list[OverviewTable]
    problems: list[str]


def statements_for(years):
    return (
        FundingStatement.objects.filter(year__in=years)
        .select_related("cost_centre")
        .prefetch_related("posts", Prefetch("grants", queryset=Grant.objects.order_by("pk")))
        .order_by("cost_centre__position", "cost_centre__name", "year")
    )


def funding_rules() -> list[FundingRule]:
    return list(FundingRule.objects.order_by("-valid_from"))


def statement_years() -> list[int]:
    return sorted(set(FundingStatement.objects.values_list("year", flat=True)))


def _table(title, figures_by_column, columns) -> OverviewTable:
    def cells(getter):
        return [getter(figures_by_column.get(column)) for column in columns]

    def attr(name):
        return lambda figures: getattr(figures, name) if figures else None

    sources: dict[str, str] = {}
    for figures in figures_by_column.values():
        for grant in figures.grants:
            sources.setdefault(grant.source, grant.source_label)

    def grant_sum(source):
        def getter(figures):
            if not figures:
                return None
            return total(grant.amount for grant in figures.grants if grant.source == source)

        return getter

    rows = [
        OverviewRow(_("Personnel costs"), "cost", cells(attr("personnel"))),
        OverviewRow(_("Material costs"), "cost", cells(attr("material"))),
        OverviewRow(_("Total costs"), "subtotal", cells(attr("total_costs"))),
        *[
            OverviewRow(label, "grant", cells(grant_sum(source)))
            for source, label in sources.items()
        ],
        OverviewRow(_("Total grants"), "subtotal", cells(attr("grants_total"))),
        OverviewRow(_("Own contribution"), "total", cells(attr("own_contribution"))),
    ]
    return OverviewTable(title=title, rows=rows)


def funding_comparison(year: int) -> FundingOverview:
    """The report's funding chapter as in seed 004 §4: per cost centre the actual figures of the
    report year next to the plan of the following year (the year the report is written in)."""
    return funding_overview([year, year + 1], columns=[(year, "actual"), (year + 1, "planned")])


def funding_overview(
    years: list[int], *, columns: list[tuple[int, str]] | None = None
) -> FundingOverview:
    """Each cost centre's statements for the years side by side (planned and actual), plus the
    sum over all cost centres. `columns` picks (year, "planned"|"actual") pairs; default all."""
    years = sorted(years)
    if columns is None:
        columns = [(year, column) for year in years for column in COLUMNS]
    rules = funding_rules()
    by_centre: dict[str, dict] = {}
    problems = []
    for statement in statements_for(years):
        figures = statement_figures(statement, rules)
        problems.extend(f"{statement}: {problem}" for problem in figures.problems)
        centre = by_centre.setdefault(str(statement.cost_centre), {})
        for column in COLUMNS:
            centre[(statement.year, column)] = figures.column(column)
    tables = [_table(title, figures, columns) for title, figures in by_centre.items()]
    if len(tables) > 1:
        summed = OverviewTable(
            title=_("All cost centres"),
            rows=[
                OverviewRow(
                    label,
                    kind,
                    [
                        total(table_cells[index] for table_cells in cells)
                        for index in range(len(columns))
                    ],
                )
                for label, kind, cells in _rows_by_label(tables)
            ],
        )
        tables.append(summed)
    return FundingOverview(years=years, columns=columns, tables=tables, problems=problems)


def _rows_by_label(tables):
    """Rows of all tables grouped by label, in first-seen order (grant rows before totals)."""
    order: list[tuple[str, str]] = []
    grouped: dict[str, list] = {}
    for table in tables:
        for row in table.rows:
            if row.label not in grouped:
                grouped[row.label] = []
                order.append((row.label, row.kind))
            grouped[row.label].append(row.cells)
    # Keep every grant row above the “total grants” line.
    costs = [item for item in order if item[1] in ("cost",) or item[0] == _("Total costs")]
    grants = [item for item in order if item[1] == "grant"]
    rest = [item for item in order if item not in costs and item not in grants]
    return [(label, kind, grouped[label]) for label, kind in costs + grants + rest]


# --- the action plan as a document ----------------------------------------------------------


@dataclass
class DocumentIndicator:
    name: str
    unit: str
    baseline: Decimal
    baseline_year: int | None
    target: Decimal
    target_year: int | None
    values: list[Decimal | None]  # one per year of PlanDocument.years, None = not measured


@dataclass
class DocumentMeasure:
    title: str
    description: str
    organisations: list[str]
    starts_on: date | None
    due_on: date | None
    status: str
    status_label: str
    indicators: list[DocumentIndicator]


@dataclass
class DocumentGoal:
    title: str
    description: str
    measures: list[DocumentMeasure]

    @property
    def has_indicators(self) -> bool:
        return any(measure.indicators for measure in self.measures)


@dataclass
class DocumentField:
    name: str
    goals: list[DocumentGoal]


@dataclass
class PlanDocument:
    title: str
    year: int
    version: int
    period: str
    adopted_by: str
    adopted_on: date | None
    foreword: str
    guiding_principles: str
    years: list[int]  # the years with at least one measured value, ascending
    fields: list[DocumentField]


def plan_document(plan: ActionPlan) -> PlanDocument:
    """One version of the action plan as a document (PDF and XLSX): fields of action → goals →
    measures → indicators with a value per year, in a fixed number of queries."""
    goals = list(
        plan.goals.select_related("field_of_action").order_by(
            "field_of_action__position", "field_of_action__name", "position", "pk"
        )
    )
    measures_by_goal = defaultdict(list)
    for measure in measures_of(plan):
        measures_by_goal[measure.goal_id].append(measure)
    years = sorted(
        {
            value.year
            for measures in measures_by_goal.values()
            for measure in measures
            for indicator in measure.indicators.all()
            for value in indicator.values.all()
        }
    )

    def indicator_row(indicator) -> DocumentIndicator:
        by_year = {value.year: value.value for value in indicator.values.all()}
        return DocumentIndicator(
            name=indicator.name,
            unit=indicator.unit,
            baseline=indicator.baseline,
            baseline_year=indicator.baseline_year,
            target=indicator.target,
            target_year=indicator.target_year,
            values=[by_year.get(year) for year in years],
        )

    fields: dict[int, DocumentField] = {}
    for goal in goals:
        field_row = fields.setdefault(
            goal.field_of_action_id, DocumentField(name=goal.field_of_action.name, goals=[])
        )
        field_row.goals.append(
            DocumentGoal(
                title=goal.title,
                description=goal.description,
                measures=[
                    DocumentMeasure(
                        title=measure.title,
                        description=measure.description,
                        organisations=[str(org) for org in measure.organisations.all()],
                        starts_on=measure.starts_on,
                        due_on=measure.due_on,
                        status=measure.status,
                        status_label=measure.get_status_display(),
                        indicators=[indicator_row(item) for item in measure.indicators.all()],
                    )
                    for measure in measures_by_goal[goal.pk]
                ],
            )
        )
    return PlanDocument(
        title=plan.title,
        year=plan.year,
        version=plan.version,
        period=str(plan.period),
        adopted_by=plan.adopted_by,
        adopted_on=plan.adopted_on,
        foreword=plan.foreword,
        guiding_principles=plan.guiding_principles,
        years=years,
        fields=list(fields.values()),
    )
