"""Frozen figures: JSON that keeps Decimal and date exactly (money to the cent, no floats)."""

import dataclasses
import json
from datetime import date, datetime
from decimal import Decimal


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return {"__decimal__": str(o)}
        if isinstance(o, datetime):
            return {"__datetime__": o.isoformat()}
        if isinstance(o, date):
            return {"__date__": o.isoformat()}
        if dataclasses.is_dataclass(o) and not isinstance(o, type):
            return dataclasses.asdict(o)
        if hasattr(o, "__str__") and type(o).__module__.startswith("django.utils.functional"):
            return str(o)  # lazy translation
        return super().default(o)


def _decode(item: dict):
    if "__decimal__" in item:
        return Decimal(item["__decimal__"])
    if "__date__" in item:
        return date.fromisoformat(item["__date__"])
    if "__datetime__" in item:
        return datetime.fromisoformat(item["__datetime__"])
    return item


def freeze(figures: dict) -> dict:
    """Figures as JSON-compatible data (for a JSONField)."""
    return json.loads(json.dumps(figures, cls=_Encoder))


def thaw(frozen: dict) -> dict:
    """Frozen figures back with their Decimal and date values."""
    return json.loads(json.dumps(frozen), object_hook=_decode)
