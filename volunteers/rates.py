"""Rate sets one after another: a new set begins after the latest and closes it.

Periods never overlap and leave no gap, so `RateSet.covers` finds exactly one set for every day
from the first set on. A set's rates never change once saved: claims refer to it, and claims
handed in keep the calculation frozen at submission whatever sets follow.
"""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kmut import audit
from volunteers.models import RateSet

# What a new set takes over from the current one when the form is first shown.
RATE_FIELDS = [
    "hourly_rate",
    "billing_unit",
    "km_rate",
    "km_cap_per_trip",
    "reimbursement_share",
    "yearly_cap",
    "tax_free_allowance",
    "allowance_warning_share",
    "max_minutes_per_claim",
    "max_km_per_claim",
    "max_other_costs_per_claim",
    "receipt_required_above",
    "missing_receipt",
]


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def latest_rate_set() -> RateSet | None:
    return RateSet.objects.order_by("-valid_from").first()


def suggested_start(latest: RateSet | None, today: date) -> date:
    """Where a new set would begin: the day after a closed latest set, else on the next
    1 January after today and after the latest set's start."""
    if latest is not None and latest.valid_until is not None:
        return latest.valid_until + timedelta(days=1)
    year = max(today.year, latest.valid_from.year) if latest is not None else today.year
    return date(year + 1, 1, 1)


def initial_values(latest: RateSet | None, today: date) -> dict:
    """The form's first values: the rates of the latest set, starting where it ends."""
    values = {"valid_from": suggested_start(latest, today)}
    if latest is not None:
        values.update({name: getattr(latest, name) for name in RATE_FIELDS})
    return values


def check_period(start: date, end: date | None, existing: list[RateSet]) -> None:
    """Refuse a period that is not the next one after `existing` (ordered by start)."""
    if end is not None and end < start:
        raise ValidationError(
            {
                "valid_until": ValidationError(
                    _("The end of the period (%(end)s) must not be before its start (%(start)s).")
                    % {"end": _day(end), "start": _day(start)},
                    code="ends_before_start",
                )
            }
        )
    if not existing:
        return
    latest = existing[-1]
    if start <= latest.valid_from:
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    _(
                        "The latest rates begin on %(latest)s. A new rate set must begin after "
                        "that day, not on %(start)s: the rates of a period already in use are "
                        "never changed."
                    )
                    % {"latest": _day(latest.valid_from), "start": _day(start)},
                    code="overlap",
                )
            }
        )
    if latest.valid_until is None:
        return
    if start <= latest.valid_until:
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    _(
                        "The rates valid from %(latest)s apply until %(until)s. A new rate set "
                        "beginning on %(start)s would overlap them; let it begin on %(next)s."
                    )
                    % {
                        "latest": _day(latest.valid_from),
                        "until": _day(latest.valid_until),
                        "start": _day(start),
                        "next": _day(latest.valid_until + timedelta(days=1)),
                    },
                    code="overlap",
                )
            }
        )
    if start > latest.valid_until + timedelta(days=1):
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    _(
                        "The rates valid from %(latest)s end on %(until)s. A new rate set "
                        "beginning on %(start)s would leave days without rates; let it begin on "
                        "%(next)s."
                    )
                    % {
                        "latest": _day(latest.valid_from),
                        "until": _day(latest.valid_until),
                        "start": _day(start),
                        "next": _day(latest.valid_until + timedelta(days=1)),
                    },
                    code="gap",
                )
            }
        )


@audit.records_actor
@transaction.atomic
def create_rate_set(*, rate_set: RateSet, by: User) -> RateSet:
    """Save a new (unsaved) rate set after the latest one.

    If the latest set is open-ended, it is closed the day before the new set begins (recorded
    in its history). A set beginning on or before the latest set's start, inside a closed
    period or after a gap is refused with a ValidationError naming the dates.
    """
    if rate_set.pk:
        raise ValidationError(
            _("The rates of a saved rate set cannot be changed; create a new set instead."),
            code="saved",
        )
    # Lock the sets: two people creating a set at once are serialised on the latest one.
    existing = list(RateSet.objects.select_for_update().order_by("valid_from"))
    check_period(rate_set.valid_from, rate_set.valid_until, existing)
    rate_set.full_clean()
    if existing and existing[-1].valid_until is None:
        latest = existing[-1]
        latest.valid_until = rate_set.valid_from - timedelta(days=1)
        latest._change_reason = _("Closed by the rates valid from %(date)s") % {
            "date": _day(rate_set.valid_from)
        }
        latest.save(update_fields=["valid_until", "updated_at"])
    rate_set._change_reason = _("Rate set created")
    rate_set.save()
    return rate_set
