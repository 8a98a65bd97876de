"""The annual committee report's figures, gathered from every app's read-only queries.

`collect(year)` returns plain data in the order of the report outline (DOMAIN.md): inventory,
network, volunteering, ... Release freezes it (`reporting.snapshot`), so a released report never
changes when the office's data does.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors import queries as registry
from roundtable import queries as network
from volunteers import queries as volunteering

# Anchor and heading of each report section, in the order of the outline (for the contents).
SECTIONS = [
    ("s-intro", gettext_lazy("Introduction")),
    ("s-registry", gettext_lazy("Organisations in the district")),
    ("s-network", gettext_lazy("Network and bodies")),
    ("s-volunteering", gettext_lazy("Volunteering")),
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
