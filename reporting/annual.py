"""The annual committee report's figures, gathered from every app's read-only queries.

`collect(year)` returns plain data, one entry per data block of the chapter outline
(`reporting.outline`): registry, network, action plan, volunteering, ... Release freezes it
(`reporting.snapshot`), so a released report never changes when the office's data does.
"""

import dataclasses
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from actors import queries as registry
from consultations import queries as counselling
from consultations.queries import SUPPRESSED
from kmut.charts import Bar, bar_chart
from reporting import queries as planning
from reporting.models import ActionPlan
from roundtable import queries as network
from volunteers import queries as volunteering


def _action_plan(year: int) -> dict:
    """The plan in force for the year (its newest version) and its progress at the year's end."""
    plan = ActionPlan.objects.filter(year__lte=year).order_by("-year", "-version").first()
    if plan is None:
        return {"plan": "", "fields": [], "overdue": [], "at_risk": [], "projects": []}
    today = min(timezone.localdate(), date(year, 12, 31))
    progress = planning.plan_progress(plan, today=today)
    return {
        "plan": str(plan),
        "fields": planning.summarise(progress),
        "overdue": [item for item in progress if item.is_overdue],
        "at_risk": [item for item in progress if item.is_at_risk and not item.is_overdue],
        "projects": [
            item
            for item in progress
            if item.status in ("in_progress", "done")
            and (item.starts_on is None or item.starts_on.year <= year)
        ],
    }


def collect(year: int) -> dict:
    members = network.members_per_body(year)
    meetings = [
        {**dataclasses.asdict(row), "members": members.get(row.body_id, 0)}
        for row in network.meetings_held(year)
    ]
    follow_up = network.decisions_and_action_items(year)
    interpreting = volunteering.interpreting_by_language(year)
    registry_totals = registry.registry_totals()
    fields = registry.organisations_by_field_of_action()
    return {
        "year": year,
        "registry": {
            "totals": registry_totals,
            "fields": fields,
        },
        "network": {
            "meetings": meetings,
            "meetings_total": sum(row["meetings"] for row in meetings),
            "dated": network.dated_meetings(year),
            "attendance": network.attendance_rates(year),
            "follow_up": follow_up,
        },
        "action_plan": _action_plan(year),
        "projects": {
            "events": [dataclasses.asdict(row) for row in network.events_of_year(year)],
        },
        "consultations": counselling.annual_tables(year),
        "funding_comparison": planning.funding_comparison(year),
        "annexes": {
            "language_courses": registry.language_courses(),
            "atlas": registry.atlas_list(),
        },
        "volunteering": {
            "programmes": volunteering.volunteers_per_programme(year),
            "totals": volunteering.volunteer_totals(year),
            "trainings": volunteering.trainings(year),
            "assignments": volunteering.assignments(year),
            "interpreting": interpreting,
            "hours": volunteering.hours_and_reimbursements(year),
        },
    }


CHARTED_TABLES = ("month", "topic")


def charts(figures: dict) -> dict:
    """SVG charts drawn from (frozen) figures, the same on the page and in the PDF."""

    def cell_bars(rows):
        return [
            Bar(
                row["label"],
                row["count"],
                SUPPRESSED if row["count"] is None else str(row["count"]),
            )
            for row in rows
        ]

    drawn = {
        "fields": bar_chart(
            title=_("Organisations per field of action"),
            bars=[
                Bar(row["field"], row["organisations"], str(row["organisations"]))
                for row in figures["registry"]["fields"]
            ],
        ),
        "interpreting": bar_chart(
            title=_("Interpreter missions per language"),
            bars=[
                Bar(row["language"], row["missions"], str(row["missions"]))
                for row in figures["volunteering"]["interpreting"]
            ],
        ),
    }
    for table in figures.get("consultations", []):
        if table["key"] in CHARTED_TABLES:
            drawn[table["key"]] = bar_chart(title=table["title"], bars=cell_bars(table["rows"]))
    return drawn
