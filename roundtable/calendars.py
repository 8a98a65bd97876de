"""iCalendar (RFC 5545) for invitations and subscribable feeds, built with `icalendar`.

Invitations follow iTIP (RFC 5546): a REQUEST with the office as ORGANIZER and the invitee as
ATTENDEE; a change of date, time or place is a new REQUEST with the same UID and a higher
SEQUENCE, a cancellation a CANCEL with STATUS:CANCELLED. The feeds carry the same UIDs and
SEQUENCE, so an appointment taken from a mail and one from a feed are the same entry.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PRODUCT_ID = "-//kmut//Koordinierungsstelle Migration und Teilhabe//DE"


def meeting_uid(meeting) -> str:
    """Unique across installations: the configured domain tells two districts apart."""
    return f"meeting-{meeting.pk}@{settings.KMUT_CALENDAR_DOMAIN}"


def event_uid(event) -> str:
    return f"event-{event.pk}@{settings.KMUT_CALENDAR_DOMAIN}"


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = vText(value)
    return address


def organizer() -> vCalAddress:
    return _address(settings.KMUT_OFFICE_EMAIL, settings.KMUT_OFFICE_NAME)


def _event(meeting) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.end)
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.body_id:
        event.add("categories", [meeting.body.name])
    event.add("status", "CANCELLED" if meeting.state == meeting.State.CANCELLED else "CONFIRMED")
    event.add("sequence", meeting.calendar_sequence)
    return event


def _calendar(name: str, method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    if method:
        calendar.add("method", method)
    return calendar


def meeting_invitation_ics(meeting, invitations=()) -> bytes:
    """The iTIP message for ``invitations`` (one per mail, as calendar programs expect).

    A REQUEST while the meeting stands (the first invitation and every update), a CANCEL
    once it is cancelled.
    """
    cancelled = meeting.state == meeting.State.CANCELLED
    calendar = _calendar(str(meeting), method="CANCEL" if cancelled else "REQUEST")
    event = _event(meeting)
    event.add("organizer", organizer())
    for invitation in invitations:
        event.add(
            "attendee",
            _address(
                invitation.email,
                invitation.invitee_name,
                cutype="INDIVIDUAL",
                role="OPT-PARTICIPANT" if invitation.is_optional else "REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="TRUE",
            ),
        )
    calendar.add_component(event)
    return calendar.to_ical()


def _all_day(event) -> Event:
    """A dated event or project as an all-day entry; DTEND is the day after the last day."""
    entry = Event()
    entry.add("uid", event_uid(event))
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
