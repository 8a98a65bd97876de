"""Formatting for people: money in German notation, the one way templates show amounts."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils import timezone

from kmut.richtext import render as richtext_render
from kmut.telephone import tel_uri

register = template.Library()


@register.filter
def eur(value) -> str:
    """1234.5 → "1.234,50 €" (grouped, two places, a no-break space before the sign)."""
    if value is None or value == "":
        return "–"
    return f"{floatformat(value, '2g')}\u00a0€"


@register.filter
def percent(share, places="0") -> str:
    """A share as a percentage: 0.625 → "63 %", with `places` as in floatformat ("-2": 47,25 or 50).

    Rounds half up; a no-break space keeps the number and "%" together.
    """
    if share is None or share == "":
        return "–"
    return f"{floatformat(Decimal(str(share)) * 100, f'{places}g')}\u00a0%"


@register.filter
def richtext(text) -> str:
    """An office text (Markdown subset) as safe HTML: paragraphs, lists, emphasis."""
    return richtext_render(text or "")


@register.filter
def tel(number) -> str:
    """A phone number's `tel:` link target ("" when it is no dialable number), kmut/telephone.py."""
    return tel_uri(number)


@register.filter
def machine_datetime(value) -> str:
    """A datetime as the `datetime` attribute of <time> wants it: local time, whole seconds.

    `|date:"c"` keeps microseconds, which HTML does not allow (at most three digits).
    """
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
