"""The plan: what an import would do, row by row; the preview shows it, the import runs it."""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from actors.importing.base import cell_text, stamp
from actors.importing.kinds import KINDS
from actors.models import ContactPerson, Organisation
from kmut.models import Municipality


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class CellError:
    line: int
    heading: str
    message: str

    def __str__(self):
        if self.heading:
            return _("Line %(line)s, column “%(column)s”: %(message)s") % {
                "line": self.line,
                "column": self.heading,
                "message": self.message,
            }
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class RowPlan:
    line: int
    label: str
    action: str = "skip"  # new / update / skip / error / uncertain
    target: Organisation | None = None
    candidates: list = field(default_factory=list)
    choices: list = field(default_factory=list)  # (pk, name, place) per candidate, for the page
    decision: str = ""
    changes: list[Change] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    scalars: dict = field(default_factory=dict)
    lists: dict = field(default_factory=dict)  # field -> list of objects (replace)
    add_municipality: Municipality | None = None
    contact_action: str = ""  # "" / new / update
    contact: ContactPerson | None = None
    contact_values: dict = field(default_factory=dict)
    instance: Organisation | None = None  # the organisation as it will be saved
    contact_stored: ContactPerson | None = None
    by_id: bool = False
    parent: object = None  # the organisation of an offer
    extra: dict = field(default_factory=dict)  # what a kind plans beyond fields and lists


@dataclass
class Plan:
    kind: str
    rows: list[RowPlan]
    ignored_columns: list[str]

    @property
    def counts(self) -> dict[str, int]:
        actions = ("new", "update", "skip", "error", "uncertain")
        return {action: sum(1 for row in self.rows if row.action == action) for action in actions}

    @property
    def errors(self) -> list[CellError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def has_choices(self) -> bool:
        return any(row.candidates for row in self.rows)

    @property
    def can_import(self) -> bool:
        counts = self.counts
        return bool(self.rows) and not counts["error"] and not counts["uncertain"]

    @property
    def fingerprint(self) -> str:
        """What the plan will do, as a short hash: the import refuses when it differs."""
        summary = [
            [
                row.line,
                row.action,
                row.target.pk if row.target else None,
                stamp(row.target) if row.target else None,
                [[change.field, change.old, change.new] for change in row.changes],
                [str(error) for error in row.errors],
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(summary).encode()).hexdigest()[:32]


def plan_import(
    kind: str, dataset, mapping: dict[str, str], options: dict, decisions: dict[str, str]
) -> Plan:
    """What importing `dataset` with this column mapping would do, row by row."""
    columns = {field_key: heading for heading, field_key in mapping.items() if field_key}
    ignored = [heading for heading in dataset.headers if not mapping.get(heading)]
    planner = KINDS[kind].planner(columns, options)
    rows = []
    for index, values in enumerate(dataset, start=0):
        cells = {
            field_key: cell_text(values[dataset.headers.index(heading)])
            for field_key, heading in columns.items()
        }
        rows.append(planner.plan_row(index + 2, cells, decisions.get(str(index + 2), "")))
    return Plan(kind=kind, rows=rows, ignored_columns=ignored)


def row_error(planner, row: RowPlan, field_key: str, message) -> None:
    """The planners' `error`: `message` about the cell of `field_key`, once per row."""
    error = CellError(row.line, planner.columns.get(field_key, ""), str(message))
    if error not in row.errors:
        row.errors.append(error)
