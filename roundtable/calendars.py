"""iCalendar (RFC 5545) for invitations and subscribable feeds, built with `icalendar`."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODUCT_ID = "-//kmut//Koordinierungsstelle Migration und Teilhabe//DE"


def _event(meeting) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@kmut")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.end)
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.body_id:
        event.add("categories", [meeting.body.name])
    event.add("status", "CANCELLED" if meeting.state == meeting.State.CANCELLED else "CONFIRMED")
    event.add("sequence", int(meeting.updated_at.timestamp()) % 2**31)
    return event


def _calendar(name: str, method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    if method:
        calendar.add("method", method)
    return calendar


def meeting_invitation_ics(meeting) -> bytes:
    calendar = _calendar(str(meeting), method="REQUEST")
    event = _event(meeting)
    event.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    calendar.add_component(event)
    return calendar.to_ical()


def feed_ics(meetings, *, name: str) -> bytes:
    calendar = _calendar(name)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    return calendar.to_ical()
