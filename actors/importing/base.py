"""What the parts of the import share: cells as text, targets, what tells an object changed."""

from dataclasses import dataclass
from datetime import date

from django.db import models

from kmut import formatting
from kmut.audit import shown_value
from kmut.search import fold

SKIP = ""  # the choice "do not import this column"
NEW = "new"  # the decision "create a new entry" for an uncertain match


def cell_text(value) -> str:
    """A cell as text: Excel gives numbers (postal codes, phone numbers) as int or float."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return formatting.day(value)
    return str(value).strip()


@dataclass(frozen=True)
class Target:
    """A field a column can be mapped to."""

    key: str
    label: str
    heading: str = ""  # the column heading of the export, if the field is exported
    synonyms: tuple[str, ...] = ()


SALUTATIONS = {"frau", "herr", "dr", "prof"}


def split_person_name(name: str) -> tuple[str, str, str]:
    """("Frau Dr.", "Anna", "Schmidt") from "Frau Dr. Anna Schmidt"."""
    parts = name.split()
    title = []
    while len(parts) > 1 and fold(parts[0], strict=True) in SALUTATIONS:
        title.append(parts.pop(0))
    return " ".join(title), " ".join(parts[:-1]), parts[-1] if parts else ""


def _shown(value) -> str:
    if isinstance(value, models.Model):
        return str(value)
    return shown_value(value)


def _names(objects) -> str:
    return " | ".join(str(obj) for obj in objects)


def stamp(obj):
    """What tells whether an object changed since: its version, else its last change's time.

    Offers are not versioned (decision 0017); their `updated_at` moves on with every save.
    """
    if hasattr(obj, "version"):
        return obj.version
    return obj.updated_at.isoformat()


def restore_fields(obj, previous: dict, reason: str) -> None:
    """Give `obj` back the values an import replaced (undo), with a history entry."""
    model = type(obj)
    for field_key, value in previous.items():
        model_field = model._meta.get_field(field_key)
        if model_field.many_to_many:
            getattr(obj, field_key).set(value)
        else:
            setattr(obj, model_field.attname, model_field.to_python(value))
    obj._change_reason = reason
    obj.save()
