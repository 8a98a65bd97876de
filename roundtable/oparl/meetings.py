"""OParl ``Meeting`` with embedded ``AgendaItem`` and ``Location`` objects, and those as lists."""

from django.db.models import Prefetch, QuerySet

from roundtable.models import AgendaItem, Decision, Meeting
from roundtable.oparl.base import (
    MEETING_STATES,
    RESULT_DECIDED,
    Variant,
    compact,
    oparl_datetime,
    oparl_type,
    timestamps,
)


def _decisions() -> QuerySet:
    return Decision.objects.select_related("body").order_by("number", "pk")


def _meeting_rows(variant: Variant) -> QuerySet:
    items = variant.agenda_items().order_by("position", "pk")
    return (
        Meeting.objects.filter(body__isnull=False)
        .order_by("pk")
        .prefetch_related(
            Prefetch("agenda_items", queryset=items),
            Prefetch("agenda_items__decisions", queryset=_decisions()),
        )
    )


def _location(variant: Variant, meeting: Meeting) -> dict | None:
    if not meeting.place:
        return None
    return {
        "id": variant.object_url("location", meeting.pk),
        "type": oparl_type("Location"),
        "description": meeting.place,
        "meetings": [variant.object_url("meeting", meeting.pk)],
        **timestamps(meeting),
    }


def _agenda_item(variant: Variant, item: AgendaItem, order: int) -> dict:
    decisions = list(item.decisions.all())
    resolution = "\n\n".join(f"{decision.reference}: {decision.text}" for decision in decisions)
    return compact(
        {
            "id": variant.object_url("agenda_item", item.pk),
            "type": oparl_type("AgendaItem"),
            "meeting": variant.object_url("meeting", item.meeting_id),
            "number": str(item.position),
            # OParl counts `order` from 0 along the meeting's (published) agendaItem list.
            "order": order,
            "name": item.title,
            "public": item.is_public,
            "result": RESULT_DECIDED if decisions else None,
            "resolutionText": resolution,
            **timestamps(item),
        }
    )


def _meeting(variant: Variant, meeting: Meeting) -> dict:
    items = [
        _agenda_item(variant, item, order) for order, item in enumerate(meeting.agenda_items.all())
    ]
    return compact(
        {
            "id": variant.object_url("meeting", meeting.pk),
            "type": oparl_type("Meeting"),
            "name": meeting.title,
            "meetingState": MEETING_STATES[meeting.state],
            "cancelled": meeting.state == Meeting.State.CANCELLED,
            "start": oparl_datetime(meeting.starts_at),
            "end": oparl_datetime(meeting.ends_at) if meeting.ends_at else None,
            "location": _location(variant, meeting),
            "organization": [variant.object_url("gremium", meeting.body_id)],
            "agendaItem": items,
            **timestamps(meeting),
        }
    )


def _agenda_item_rows(variant: Variant) -> QuerySet:
    # The meeting's published items, to count the item's `order` among them.
    siblings = variant.agenda_items().order_by("position", "pk").only("pk", "meeting_id")
    return (
        variant.agenda_items()
        .order_by("pk")
        .select_related("meeting")
        .prefetch_related(
            Prefetch("meeting__agenda_items", queryset=siblings, to_attr="oparl_siblings"),
            Prefetch("decisions", queryset=_decisions()),
        )
    )


def _standalone_agenda_item(variant: Variant, item: AgendaItem) -> dict:
    order = [sibling.pk for sibling in item.meeting.oparl_siblings].index(item.pk)
    return _agenda_item(variant, item, order)


def _location_rows(variant: Variant) -> QuerySet:
    return Meeting.objects.filter(body__isnull=False).exclude(place="").order_by("pk")
