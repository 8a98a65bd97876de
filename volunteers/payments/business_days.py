"""TARGET2 business days: when a transfer can be executed."""

import functools
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format as localized_date
from django.utils.translation import gettext as _

__all__ = ["execution_date_for", "is_business_day", "next_business_day"]


@functools.cache
def _target2_holidays(year: int):
    import holidays  # imported when a date is checked: the package costs every process ~5 MB

    return holidays.financial_holidays("XECB", years=year)


def is_business_day(day: date) -> bool:
    """A TARGET2 business day: Monday to Friday and not a TARGET2 holiday."""
    return day.weekday() < 5 and day not in _target2_holidays(day.year)


def next_business_day(day: date) -> date:
    """The day itself if it is a TARGET2 business day, else the next one."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def execution_date_for(day: date) -> tuple[date, str]:
    """The execution date for a requested day, and a note if it had to move.

    Refuses a day in the past; a weekend or TARGET2 holiday moves to the next business day.
    """
    if day < timezone.localdate():
        raise ValidationError(
            _("The execution date must not be in the past."), code="execution_date_past"
        )
    moved = next_business_day(day)
    if moved == day:
        return day, ""
    return moved, _(
        "%(day)s is not a TARGET2 business day (weekend or bank holiday); the execution date "
        "was moved to %(moved)s."
    ) % {"day": localized_date(day, "SHORT_DATE_FORMAT"), "moved": localized_date(moved)}
