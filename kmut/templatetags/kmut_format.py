"""Formatting for people: money in German notation, the one way templates show amounts."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def eur(value) -> str:
    """1234.5 → "1.234,50 €" (grouped, two places, a no-break space before the sign)."""
    if value is None or value == "":
        return "–"
    return f"{floatformat(value, '2g')}\u00a0€"
