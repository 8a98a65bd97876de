"""Which hosted bodies have no meeting in the current period of their intended rhythm."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from roundtable.models import Body, Meeting


@dataclass(frozen=True)
class MissingMeeting:
    body: Body
    period_start: date
    period_end: date  # last day of the period


def current_period(months: int, today: date) -> tuple[date, date]:
    """The calendar period of `months` months that contains `today` (quarters for 3, ...)."""
    first_month = ((today.month - 1) // months) * months + 1
    start = date(today.year, first_month, 1)
    next_month = first_month + months
    year = today.year + (next_month - 1) // 12
    month = (next_month - 1) % 12 + 1
    end = date.fromordinal(date(year, month, 1).toordinal() - 1)
    return start, end


def missing_meetings(today: date | None = None) -> list[MissingMeeting]:
    today = today or timezone.localdate()
    bodies = list(
        Body.objects.filter(is_active=True, is_hosted=True).exclude(rhythm_months=Body.Rhythm.NONE)
    )
    periods = {body.pk: current_period(body.rhythm_months, today) for body in bodies}
    earliest = min((start for start, _end in periods.values()), default=today)
    # From local midnight of that day: the same meetings as starts_at__date >= earliest, but a
    # range in the index (body, starts_at) instead of each meeting's date converted and compared.
    since = timezone.make_aware(datetime.combine(earliest, time.min))
    meeting_days = {}
    for body_id, starts_at in (
        Meeting.objects.filter(body__in=bodies, starts_at__gte=since)
        .exclude(state=Meeting.State.CANCELLED)
        .order_by()
        .values_list("body_id", "starts_at")
    ):
        meeting_days.setdefault(body_id, []).append(timezone.localdate(starts_at))
    missing = []
    for body in bodies:
        start, end = periods[body.pk]
        if not any(start <= day <= end for day in meeting_days.get(body.pk, [])):
            missing.append(MissingMeeting(body=body, period_start=start, period_end=end))
    return missing
