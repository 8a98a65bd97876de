"""iCalendar (RFC 5545) for invitations and subscribable feeds, built with `icalendar`."""

from datetime import timedelta

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


def _all_day(event) -> Event:
    """A dated event or project as an all-day entry; DTEND is the day after the last day."""
    entry = Event()
    entry.add("uid", f"event-{event.pk}@kmut")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_on)
    entry.add("dtend", event.ends_on + timedelta(days=1))
    entry.add("summary", event.title)
    if event.place:
        entry.add("location", event.place)
    entry.add("categories", [str(event.get_kind_display())])
    entry.add("transp", "TRANSPARENT")  # an exhibition over weeks does not block the calendar
    entry.add("sequence", int(event.updated_at.timestamp()) % 2**31)
    return entry


def feed_ics(meetings, *, name: str, events=()) -> bytes:
    """Meetings and dated events; ongoing projects (no last day) have no place in a calendar."""
    calendar = _calendar(name)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    for event in events:
        if event.ends_on is not None:
            calendar.add_component(_all_day(event))
    return calendar.to_ical()
