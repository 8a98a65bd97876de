"""Read-only numbers about bodies, meetings and follow-up for the annual report.

Every function returns plain data and runs a fixed number of queries, whatever the number
of rows: the counting happens in the database. A meeting belongs to the year in which it
starts (local time); a decision or action item belongs to the year of its meeting.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext

from actors.models import Organisation
from kmut.models import FieldOfAction
from roundtable.models import ActionItem, Attendance, Body, Decision, Event, Meeting, Membership

# Members whose attendance counts; permanent guests are not expected at every meeting.
COUNTED_ROLES = [Membership.Role.MEMBER, Membership.Role.CHAIR, Membership.Role.ADVISORY]
OPEN_STATUSES = [ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS]
CLOSED_STATUSES = [ActionItem.Status.DONE, ActionItem.Status.DROPPED]
RATE_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class MeetingsHeld:
    """Meetings held in a year by one body; ``body_id`` is None for the "other" row."""

    body_id: int | None
    name: str
    meetings: int


@dataclass(frozen=True)
class AttendanceRate:
    """How often a member organisation was present at the hosted meetings it was invited to."""

    organisation_id: int
    name: str
    invited: int
    present: int
    rate: Decimal


@dataclass(frozen=True)
class BodyFollowUp:
    """Decisions and action items of one body in a year."""

    body_id: int
    name: str
    decisions: int
    action_items_opened: int
    action_items_closed: int
    action_items_open_at_year_end: int


@dataclass(frozen=True)
class DatedMeeting:
    """One meeting of the year's list: hosted or attended elsewhere, with the office's role."""

    starts_on: date
    ends_on: date | None  # the last day, only for meetings over several days
    place: str
    title: str
    organiser: str
    role: str
    is_hosted: bool


def dated_meetings(year: int) -> list[DatedMeeting]:
    """The meetings held in ``year``, hosted and elsewhere, in date order. One query."""
    meetings = Meeting.objects.held_in(year).select_related("body").order_by("starts_at", "pk")
    rows = []
    for meeting in meetings:
        last = meeting.ends_on if meeting.ends_on and meeting.ends_on > meeting.starts_on else None
        rows.append(
            DatedMeeting(
                starts_on=meeting.starts_on,
                ends_on=last,
                place=meeting.place,
                title=meeting.title,
                organiser=meeting.organiser or (meeting.body.name if meeting.body else ""),
                role=str(meeting.office_role),
                is_hosted=meeting.is_hosted,
            )
        )
    return rows


def _count_per_body(queryset: QuerySet) -> Coalesce:
    """A correlated subquery counting the rows of ``queryset`` that belong to the outer body."""
    counted = (
        queryset.filter(body=OuterRef("pk"))
        .order_by()
        .values("body")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def meetings_held(year: int) -> list[MeetingsHeld]:
    """Per body, the meetings held in ``year`` (state held or minutes approved).

    Lists every active body (also with 0) and inactive bodies that met in the year, by
    name. Held meetings without a body (appointments elsewhere) follow as one "other" row
    if there were any. Two queries.
    """
    held = Meeting.objects.held_in(year)
    bodies = (
        Body.objects.annotate(held_count=_count_per_body(held))
        .filter(Q(is_active=True) | Q(held_count__gt=0))
        .order_by("name", "pk")
        .values_list("pk", "name", "held_count")
    )
    rows = [MeetingsHeld(body_id=pk, name=name, meetings=count) for pk, name, count in bodies]
    other = held.filter(body__isnull=True).count()
    if other:
        rows.append(MeetingsHeld(body_id=None, name=gettext("Other"), meetings=other))
    return rows


def members_per_body(year: int) -> dict[int, int]:
    """Per body id, the memberships that ran at some time in ``year`` (guests included). One
    query."""
    running = Q(starts_on__isnull=True) | Q(starts_on__lte=date(year, 12, 31))
    running &= Q(ends_on__isnull=True) | Q(ends_on__gte=date(year, 1, 1))
    return dict(
        Membership.objects.filter(running)
        .values_list("body")
        .annotate(count=Count("pk"))
        .order_by()
    )


def attendance_rates(year: int) -> list[AttendanceRate]:
    """Per member organisation, its attendance at the hosted meetings held in ``year``.

    ``invited`` counts the hosted, held meetings of every body the organisation was a
    current member of on the meeting day (as member, chair or advisory member; permanent
    guests are left out). ``present`` counts those of them at which an attendance of the
    membership was recorded as present; guest entries do not count. ``rate`` is
    present / invited, rounded half up to two places. Organisations without such meetings
    are not listed. One query.
    """
    meeting_day = TruncDate("starts_at")
    present = Exists(
        Attendance.objects.filter(
            meeting=OuterRef("pk"),
            membership=OuterRef("body__memberships"),
            status=Attendance.Status.PRESENT,
            is_guest=False,
        )
    )
    # All conditions on body__memberships sit in one filter() call so that they apply to
    # the same membership row; values() and the counts then reuse that join.
    rows = (
        Meeting.objects.held_in(year)
        .filter(
            Q(body__memberships__starts_on__isnull=True)
            | Q(body__memberships__starts_on__lte=meeting_day),
            Q(body__memberships__ends_on__isnull=True)
            | Q(body__memberships__ends_on__gte=meeting_day),
            is_hosted=True,
            body__memberships__organisation__isnull=False,
            body__memberships__role__in=COUNTED_ROLES,
        )
        .values("body__memberships__organisation", "body__memberships__organisation__name")
        .annotate(
            invited=Count("pk", distinct=True),
            present=Count("pk", distinct=True, filter=Q(present)),
        )
        .order_by("body__memberships__organisation__name", "body__memberships__organisation")
    )
    return [
        AttendanceRate(
            organisation_id=row["body__memberships__organisation"],
            name=row["body__memberships__organisation__name"],
            invited=row["invited"],
            present=row["present"],
            rate=(Decimal(row["present"]) / Decimal(row["invited"])).quantize(
                RATE_PLACES, rounding=ROUND_HALF_UP
            ),
        )
        for row in rows
    ]


def decisions_and_action_items(year: int) -> dict:
    """Per body, the decisions and action items of ``year``.

    * ``decisions``: decisions taken at meetings in the year;
    * ``action_items_opened``: action items from meetings in the year;
    * ``action_items_closed``: action items done with ``done_on`` in the year;
    * ``action_items_open_at_year_end``: action items from meetings up to the end of the
      year that were still open then — open or in progress now, or done/dropped only after
      the year (items done or dropped without a date count as closed).

    Returns ``{"year": year, "bodies": [BodyFollowUp, …], "totals": {…}}`` with every
    active body and inactive bodies with any number, by name. One query.
    """
    year_end = date(year, 12, 31)
    in_year = ActionItem.objects.filter(meeting__starts_at__year=year)
    open_at_year_end = ActionItem.objects.filter(meeting__starts_at__year__lte=year).filter(
        Q(status__in=OPEN_STATUSES) | Q(status__in=CLOSED_STATUSES, done_on__gt=year_end)
    )
    bodies = (
        Body.objects.annotate(
            decided=_count_per_body(Decision.objects.filter(meeting__starts_at__year=year)),
            opened=_count_per_body(in_year),
            closed=_count_per_body(
                ActionItem.objects.filter(status=ActionItem.Status.DONE, done_on__year=year)
            ),
            still_open=_count_per_body(open_at_year_end),
        )
        .filter(
            Q(is_active=True)
            | Q(decided__gt=0)
            | Q(opened__gt=0)
            | Q(closed__gt=0)
            | Q(still_open__gt=0)
        )
        .order_by("name", "pk")
    )
    rows = [
        BodyFollowUp(
            body_id=body.pk,
            name=body.name,
            decisions=body.decided,
            action_items_opened=body.opened,
            action_items_closed=body.closed,
            action_items_open_at_year_end=body.still_open,
        )
        for body in bodies
    ]
    totals = {
        field: sum(getattr(row, field) for row in rows)
        for field in (
            "decisions",
            "action_items_opened",
            "action_items_closed",
            "action_items_open_at_year_end",
        )
    }
    return {"year": year, "bodies": rows, "totals": totals}


@dataclass(frozen=True)
class DatedEvent:
    """One event or project of the year's list (plain data, so it can be frozen in a report)."""

    title: str
    kind: str
    kind_label: str
    starts_on: date
    ends_on: date | None  # the last day, only for events over several days
    ongoing: bool  # a project without an end yet
    place: str
    partners: list[str]
    fields: list[str]
    participants: int | None
    description: str


def events_of_year(year: int) -> list[DatedEvent]:
    """Every event and project running at some time in ``year``, in date order.

    A project that started before the year and is still ongoing (or ended in the year) counts
    too. Sorted by first day, then last day (one-day events first, an ongoing project after the
    events of its first day), then title. Three queries.
    """
    events = (
        Event.objects.in_year(year)
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
            Prefetch("fields_of_action", queryset=FieldOfAction.objects.order_by("position")),
        )
        .order_by("starts_on", F("ends_on").asc(nulls_last=True), "title", "pk")
    )
    return [
        DatedEvent(
            title=event.title,
            kind=event.kind,
            kind_label=str(event.get_kind_display()),
            starts_on=event.starts_on,
            ends_on=event.last_day,
            ongoing=event.is_ongoing,
            place=event.place,
            partners=[organisation.name for organisation in event.organisations.all()],
            fields=[field.name for field in event.fields_of_action.all()],
            participants=event.participants,
            description=event.description,
        )
        for event in events
    ]
