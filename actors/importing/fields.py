"""Converting cells, and the field-by-field planner of the offer and volunteer imports."""

import copy
import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from actors.importing.base import _names, _shown
from actors.importing.execution import _record, _stored_value
from actors.importing.kinds import target_labels
from actors.importing.plan import Change, RowPlan, row_error
from actors.resources import ChoiceLabelWidget
from kmut.search import fold

EXCEL_EPOCH = date(1899, 12, 30)
YES = {"ja", "j", "x", "1", "true", "wahr", "yes"}
NO = {"nein", "n", "0", "false", "falsch", "no", "-"}


def parse_date(value: str) -> date:
    """A German date (31.12.2026, 31.12.26), an ISO date or an Excel day number (46022)."""
    value = value.strip()
    if value.isdigit() and 20000 <= int(value) <= 80000:
        return EXCEL_EPOCH + timedelta(days=int(value))
    for pattern in (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", r"(\d{1,2})\.(\d{1,2})\.(\d{2})"):
        found = re.fullmatch(pattern, value)
        if found:
            day, month, year = (int(part) for part in found.groups())
            year = year + 2000 if year < 100 else year
            try:
                return date(year, month, day)
            except ValueError:
                break
    else:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise ValueError(
        _("“%(value)s” is not a date; please write it as DD.MM.YYYY.") % {"value": value}
    )


def parse_bool(value: str) -> bool:
    key = value.strip().casefold()
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(_("“%(value)s” is neither “Ja” nor “Nein”.") % {"value": value})


def choice(choices):
    widget = ChoiceLabelWidget(choices)
    return lambda value: widget.clean(value)


def by_name(objects, attribute="name", what=None):
    """A converter finding one of `objects` by its normalised name (or code)."""
    found = {}
    for obj in objects:
        for attr in attribute.split(","):
            found.setdefault(fold(getattr(obj, attr), strict=True), obj)

    def convert(value):
        obj = found.get(fold(value, strict=True))
        if obj is None:
            raise ValueError(_("“%(value)s” is unknown.") % {"value": value})
        return obj

    return convert


def name_list(objects, attribute="name"):
    """A converter for a list of names separated by "|", ";" or ","."""
    one = by_name(objects, attribute)

    def convert(value):
        names = [part.strip() for part in re.split(r"[|;,]", value) if part.strip()]
        found, missing = [], []
        for name in names:
            try:
                obj = one(name)
            except ValueError:
                missing.append(name)
                continue
            if obj not in found:
                found.append(obj)
        if missing:
            raise ValueError(_("Unknown entries: %(names)s") % {"names": ", ".join(missing)})
        return found

    return convert


class FieldPlanner:
    """Shared by the offer and volunteer imports: cells converted per field, compared with the
    stored entry field by field (only mapped, non-empty cells change anything), validated by the
    model. Subclasses set `model`, `kind`, `converters`, `list_fields` and match rows."""

    model = None
    kind = ""
    list_fields: tuple = ()
    keep_when_matched_by_name: tuple = ()

    def __init__(self, columns: dict[str, str], options: dict):
        self.columns = columns
        self.options = options
        self.labels = target_labels(self.kind)
        self.converters = self.make_converters()
        self.seen: dict = {}

    error = row_error

    def make_converters(self) -> dict:
        raise NotImplementedError

    def convert(self, row: RowPlan, cells: dict[str, str]) -> None:
        for key, converter in self.converters.items():
            value = cells.get(key, "")
            if not value:
                continue
            try:
                cleaned = converter(value)
            except (ValueError, ValidationError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                for message in messages:
                    self.error(row, key, message)
                continue
            (row.lists if key in self.list_fields else row.scalars)[key] = cleaned

    def new_instance(self, row: RowPlan):
        return self.model()

    def diff(self, row: RowPlan) -> None:
        instance = self.new_instance(row) if row.target is None else copy.copy(row.target)
        for key, value in row.scalars.items():
            if row.target is not None and not row.by_id and key in self.keep_when_matched_by_name:
                continue  # matched by this name: the stored spelling stays
            old = getattr(instance, key)
            if row.target is not None and old != value:
                row.changes.append(Change(key, self.labels[key], _shown(old), _shown(value)))
            setattr(instance, key, value)
        try:
            instance.full_clean(exclude=["version"])
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                column = key if key in self.labels else self.fallback_column(key)
                for message in messages:
                    self.error(row, column, message)
        for key, objects in row.lists.items():
            current = list(getattr(row.target, key).all()) if row.target is not None else []
            if row.target is not None and {o.pk for o in objects} != {o.pk for o in current}:
                row.changes.append(Change(key, self.labels[key], _names(current), _names(objects)))
        row.instance = instance

    def fallback_column(self, key: str) -> str:
        return "id"

    def claim(self, row: RowPlan, key, column: str) -> None:
        if key in self.seen:
            self.error(
                row,
                column,
                _("Line %(line)s already changes this entry.") % {"line": self.seen[key]},
            )
        self.seen[key] = row.line

    def finish(self, row: RowPlan) -> RowPlan:
        if row.errors:
            row.action, row.changes = "error", []
        elif row.action == "uncertain":
            row.changes = []
        elif row.target is None:
            row.action = "new"
        else:
            row.action = "update" if row.changes else "skip"
        return row


def execute_model_row(row: RowPlan, reason: str) -> list[dict]:
    """Save a row planned by a `FieldPlanner`: the entry, then its lists."""
    instance = row.instance
    instance._change_reason = reason
    if row.target is None:
        instance.save()
        for key, objects in row.lists.items():
            getattr(instance, key).set(objects)
        return [_record(row, "created", instance, {})]
    changed = {change.field for change in row.changes}
    # Changes a kind plans beyond the model's fields (e.g. language skills) it records itself.
    previous = {key: _stored_value(row.target, key) for key in changed - set(row.extra)}
    instance.save()
    for key, objects in row.lists.items():
        if key in changed:
            getattr(instance, key).set(objects)
    return [_record(row, "updated", instance, previous)]
