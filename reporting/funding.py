"""The funding rules in one place: the state grant formula and the own contribution.

Own contribution = personnel + material − all grants. It is derived here on every read and
never stored. The state grant, when computed rather than taken from the funding decision, is
min(rate × min(personnel, cost cap × FTE), grant cap × FTE, approved amount), with the rate and
caps from the FundingRule valid on 1 January of the statement's year.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kmut.money import eur

PLANNED = "planned"
ACTUAL = "actual"
COLUMNS = (PLANNED, ACTUAL)
ZERO = Decimal("0.00")


def total(values) -> Decimal | None:
    """Sum of the values that were entered; None when none was (shown as “–”)."""
    present = [value for value in values if value is not None]
    return eur(sum(present, ZERO)) if present else None


def rule_for_year(rules, year: int):
    """The rule valid on 1 January of the year, from rules ordered newest first."""
    first_day = date(year, 1, 1)
    return next((rule for rule in rules if rule.valid_from <= first_day), None)


def state_grant(*, personnel: Decimal, fte: Decimal, rule, approved: Decimal | None) -> Decimal:
    eligible = min(personnel, rule.cost_cap_per_fte * fte)
    amount = min(rule.rate * eligible, rule.grant_cap_per_fte * fte)
    if approved is not None:
        amount = min(amount, approved)
    return eur(amount)


@dataclass
class GrantFigure:
    source: str
    source_label: str
    label: str
    amount: Decimal | None
    is_computed: bool


@dataclass
class ColumnFigures:
    """One column (planned or actual) of one statement."""

    column: str
    personnel: Decimal | None
    material: Decimal | None
    total_costs: Decimal | None
    grants: list[GrantFigure]
    grants_total: Decimal | None
    own_contribution: Decimal | None
    fte: Decimal | None


@dataclass
class StatementFigures:
    statement_id: int
    year: int
    cost_centre: str
    planned: ColumnFigures
    actual: ColumnFigures
    problems: list[str] = field(default_factory=list)

    def column(self, name: str) -> ColumnFigures:
        return self.planned if name == PLANNED else self.actual


def _column(statement, posts, grants, rule, column, problems) -> ColumnFigures:
    personnel = total(getattr(post, f"{column}_costs") for post in posts)
    material = getattr(statement, f"material_{column}")
    ftes = [post.fte for post in posts]
    fte = eur(sum(ftes, ZERO)) if ftes and None not in ftes else None
    figures = []
    for grant in grants:
        amount = getattr(grant, f"{column}_amount")
        if grant.is_computed:
            amount = None
            if personnel is not None:
                if rule is None:
                    problems.append(
                        _(
                            "No funding rule is valid for %(year)s: the state grant cannot be "
                            "computed."
                        )
                        % {"year": statement.year}
                    )
                elif fte is None:
                    problems.append(
                        _(
                            "Enter the full-time equivalent of every post to compute the state "
                            "grant."
                        )
                    )
                else:
                    amount = state_grant(
                        personnel=personnel, fte=fte, rule=rule, approved=grant.approved_amount
                    )
        figures.append(
            GrantFigure(
                source=grant.source,
                source_label=grant.get_source_display(),
                label=grant.label,
                amount=amount,
                is_computed=grant.is_computed,
            )
        )
    total_costs = total([personnel, material])
    grants_total = total(figure.amount for figure in figures)
    own = None
    if total_costs is not None or grants_total is not None:
        own = eur((total_costs or ZERO) - (grants_total or ZERO))
    return ColumnFigures(
        column=column,
        personnel=personnel,
        material=material,
        total_costs=total_costs,
        grants=figures,
        grants_total=grants_total,
        own_contribution=own,
        fte=fte,
    )


def statement_figures(statement, rules, *, posts=None, grants=None) -> StatementFigures:
    """The figures of a statement; posts and grants should be prefetched (or passed in, e.g.
    unsaved from a form), rules ordered newest first."""
    posts = list(statement.posts.all()) if posts is None else posts
    grants = list(statement.grants.all()) if grants is None else grants
    rule = rule_for_year(rules, statement.year)
    problems: list[str] = []
    planned = _column(statement, posts, grants, rule, PLANNED, problems)
    actual = _column(statement, posts, grants, rule, ACTUAL, problems)
    return StatementFigures(
        statement_id=statement.pk,
        year=statement.year,
        cost_centre=str(statement.cost_centre),
        planned=planned,
        actual=actual,
        problems=list(dict.fromkeys(problems)),
    )


def check_statement(statement, rules, *, posts=None, grants=None) -> None:
    """Refuse a statement whose computed state grant cannot be computed."""
    problems = statement_figures(statement, rules, posts=posts, grants=grants).problems
    if problems:
        raise ValidationError(problems, code="not_computable")
