"""The annual committee report's figures, gathered from every app's read-only queries.

`collect(year)` returns plain data in the order of the report outline (DOMAIN.md): inventory,
network, volunteering, ... Release freezes it (`reporting.snapshot`), so a released report never
changes when the office's data does.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors import queries as registry
from reporting import queries as planning
from reporting.models import ActionPlan
from roundtable import queries as network
from volunteers import queries as volunteering

# Anchor and heading of each report section, in the order of the outline (for the contents).
SECTIONS = [
    ("s-intro", gettext_lazy("Introduction")),
    ("s-registry", gettext_lazy("Organisations in the district")),
    ("s-plan", gettext_lazy("Progress of the action plan")),
    ("s-network", gettext_lazy("Network and bodies")),
    ("s-volunteering", gettext_lazy("Volunteering")),
    ("s-projects", gettext_lazy("Projects and events")),
    ("s-funding", gettext_lazy("Funding statement")),
    ("s-assessment", gettext_lazy("Assessment")),
    ("s-outlook", gettext_lazy("Outlook")),
]


def _bar_chart(title: str, rows: list[tuple[str, int | Decimal]], unit: str = "") -> dict:
    """Data for the SVG bar chart include: labels, values and bar lengths in per cent."""
    top = max((value for _label, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(float(value) * 330 / float(top), 1)
        bars.append(
            {
                "label": label,
                "value": value,
                "width": width,
                "label_x": 206 + width,
                "y": 24 * index + 4,
            }
        )
    return {"title": title, "unit": unit, "height": 24 * len(rows) + 8, "bars": bars}


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
    meetings = network.meetings_held(year)
    follow_up = network.decisions_and_action_items(year)
    interpreting = volunteering.interpreting_by_language(year)
    registry_totals = registry.registry_totals()
    fields = registry.organisations_by_field_of_action()
    return {
        "year": year,
        "registry": {
            "totals": registry_totals,
            "fields": fields,
            "chart": _bar_chart(
                _("Organisations per field of action"),
                [(row["field"], row["organisations"]) for row in fields],
            ),
        },
        "network": {
            "meetings": meetings,
            "meetings_total": sum(row.meetings for row in meetings),
            "attendance": network.attendance_rates(year),
            "follow_up": follow_up,
        },
        "action_plan": _action_plan(year),
        "funding": planning.funding_overview(
            [y for y in planning.statement_years() if year - 1 <= y <= year]
        ),
        "volunteering": {
            "programmes": volunteering.volunteers_per_programme(year),
            "totals": volunteering.volunteer_totals(year),
            "trainings": volunteering.trainings(year),
            "assignments": volunteering.assignments(year),
            "interpreting": interpreting,
            "interpreting_chart": _bar_chart(
                _("Interpreter missions per language"),
                [(row["language"], row["missions"]) for row in interpreting],
            ),
            "hours": volunteering.hours_and_reimbursements(year),
        },
    }
