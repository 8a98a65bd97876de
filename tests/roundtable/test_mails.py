"""Meetings by mail as calendar programs expect (RFC 5546), parsed back with icalendar."""

from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from roundtable import services
from roundtable.models import AgendaItem, Invitation, Meeting, MinutesMailing
from tests.factories import ContactPersonFactory
from tests.pdf import pdf_text
from tests.roundtable.factories import (
    AgendaItemFactory,
    BodyFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("office_settings"),
]

OFFICE = "Koordinierungsstelle Migration und Teilhabe Landkreis Musterland"


@pytest.fixture
def office_settings(settings):
    settings.KMUT_OFFICE_NAME = OFFICE
    settings.KMUT_OFFICE_EMAIL = "kmut@landkreis-musterland.example"
    settings.KMUT_CALENDAR_DOMAIN = "kmut.landkreis-musterland.example"


def _calendar(message) -> Calendar:
    """The text/calendar part of a sent mail, parsed."""
    parts = [a for a in message.attachments if a[2].startswith("text/calendar")]
    assert len(parts) == 1
    content = parts[0][1]
    return Calendar.from_ical(content if isinstance(content, bytes) else content.encode())


def _event(message):
    (event,) = _calendar(message).walk("VEVENT")
    return event


def _attendees(event) -> list:
    value = event.get("ATTENDEE")
    return value if isinstance(value, list) else [value]


def _invited_meeting(coordinator, capture, *, members=2, deputy=False):
    body = BodyFactory(name="Runder Tisch Migration und Teilhabe")
    memberships = [MembershipFactory(body=body) for _ in range(members)]
    if deputy:
        first = memberships[0]
        first.deputy = ContactPersonFactory(
            organisation=first.organisation, email="vertretung@verein.example"
        )
        first.save()
    meeting = services.plan_meeting(
        meeting=Meeting(
            body=body,
            title="Runder Tisch im Frühjahr",
            starts_at=timezone.now() + timedelta(days=14),
            place="Kreishaus, Raum 101",
        ),
        by=coordinator,
    )
    with capture(execute=True):
        services.send_invitations(meeting=meeting, base_url="https://kmut.example", by=coordinator)
    meeting.refresh_from_db()
    return meeting, memberships


def test_invitation_has_request_attendee_organizer_and_a_uid_with_the_configured_domain(
    coordinator, django_capture_on_commit_callbacks
):
    meeting, memberships = _invited_meeting(coordinator, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2
    for message, membership in zip(mail.outbox, memberships, strict=True):
        assert message.to == [membership.delegate.email]
        calendar = _calendar(message)
        assert str(calendar["METHOD"]) == "REQUEST"
        event = _event(message)
        assert str(event["UID"]) == f"meeting-{meeting.pk}@kmut.landkreis-musterland.example"
        assert int(event["SEQUENCE"]) == 0
        assert str(event["STATUS"]) == "CONFIRMED"
        organizer = event["ORGANIZER"]
        assert str(organizer) == "mailto:kmut@landkreis-musterland.example"
        assert organizer.params["CN"] == OFFICE
        (attendee,) = _attendees(event)
        assert str(attendee) == f"mailto:{membership.delegate.email}"
        assert attendee.params["CN"] == membership.delegate.full_name
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "TRUE"
        # The sender is the office, by name.
        assert parseaddr(message.from_email) == (OFFICE, "kmut@landkreis-musterland.example")
        assert message.body.startswith("Guten Tag ")


def test_moving_the_meeting_sends_every_invitee_an_update_with_the_same_uid(
    coordinator, django_capture_on_commit_callbacks
):
    meeting, memberships = _invited_meeting(coordinator, django_capture_on_commit_callbacks)
    uid = str(_event(mail.outbox[0])["UID"])
    mail.outbox.clear()

    meeting.starts_at += timedelta(days=7)
    meeting.place = "Gildehaus Lüchow"
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.update_meeting(
            meeting=meeting, base_url="https://kmut.example", by=coordinator
        )

    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.delegate.email for m in memberships)
    for message in mail.outbox:
        assert str(_calendar(message)["METHOD"]) == "REQUEST"
        event = _event(message)
        assert str(event["UID"]) == uid
        assert int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
        assert str(event["LOCATION"]) == "Gildehaus Lüchow"
        assert "Gildehaus Lüchow" in message.body
        assert message.subject.startswith("Geändert:")

    # A change of the title only sends nothing and keeps the sequence.
    mail.outbox.clear()
    meeting.title = "Runder Tisch im Sommer"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.update_meeting(meeting=meeting, base_url="x", by=coordinator) == 0
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 1

    # Then cancelled: METHOD:CANCEL, same UID, a higher SEQUENCE still.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_meeting(meeting=meeting, by=coordinator) == 2
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert str(_calendar(message)["METHOD"]) == "CANCEL"
        event = _event(message)
        assert str(event["UID"]) == uid
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) == 2
        assert len(_attendees(event)) == 1
        assert message.subject.startswith("Abgesagt:")


def test_the_edit_form_sends_the_update(
    coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    meeting, _memberships = _invited_meeting(coordinator, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    later = timezone.localtime(meeting.starts_at) + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("roundtable:meeting_update", args=[meeting.pk]),
            {
                "title": meeting.title,
                "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": "",
                "place": meeting.place,
            },
            follow=True,
        )
    assert "Die Änderung wurde an 2 Eingeladene gesendet." in response.content.decode()
    assert len(mail.outbox) == 2
    assert int(_event(mail.outbox[0])["SEQUENCE"]) == 1


def test_cancelling_through_the_page_informs_the_invitees(
    coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    meeting, _memberships = _invited_meeting(coordinator, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("roundtable:meeting_cancel", args=[meeting.pk]), follow=True
        )
    assert "Die Absage wurde an 2 Eingeladene gesendet." in response.content.decode()
    assert [str(_calendar(m)["METHOD"]) for m in mail.outbox] == ["CANCEL", "CANCEL"]


def test_deputies_get_an_invitation_of_their_own(coordinator, django_capture_on_commit_callbacks):
    meeting, memberships = _invited_meeting(
        coordinator, django_capture_on_commit_callbacks, members=1, deputy=True
    )
    deputy = memberships[0].deputy
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [memberships[0].delegate.email, "vertretung@verein.example"]
    )
    invitation = Invitation.objects.get(is_deputy=True)
    assert invitation.membership == memberships[0]
    message = next(m for m in mail.outbox if m.to == ["vertretung@verein.example"])
    (attendee,) = _attendees(_event(message))
    assert str(attendee) == "mailto:vertretung@verein.example"
    assert attendee.params["CN"] == deputy.full_name
    assert attendee.params["ROLE"] == "OPT-PARTICIPANT"
    assert "als Vertretung" in message.body
    assert f"/gremien/antwort/{invitation.token}/" in message.body
    # Inviting again reaches nobody twice.
    assert services.send_invitations(meeting=meeting, base_url="x", by=coordinator)[0] == 0


def test_rsvp_comments_are_shown_to_staff_on_the_meeting_page(coordinator_client):
    invitation = InvitationFactory()
    services.record_reply(
        invitation=invitation, reply="declined", comment="Ich bin leider im Urlaub."
    )
    page = coordinator_client.get(
        reverse("roundtable:meeting_detail", args=[invitation.meeting.pk])
    ).content.decode()
    assert "Ich bin leider im Urlaub." in page
    assert "kann nicht teilnehmen" in page


def test_personal_feed_uses_the_same_uid_and_sequence(
    coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    meeting, _memberships = _invited_meeting(coordinator, django_capture_on_commit_callbacks)
    invited = _event(mail.outbox[0])
    page = coordinator_client.get(reverse("roundtable:calendar"))
    feed_url = page.context["feed_url"]
    feed = Calendar.from_ical(b"".join(coordinator_client.get(feed_url).streaming_content))
    (event,) = [e for e in feed.walk("VEVENT") if str(e["UID"]) == str(invited["UID"])]
    assert int(event["SEQUENCE"]) == int(invited["SEQUENCE"]) == meeting.calendar_sequence


@override_settings(KMUT_CALENDAR_DOMAIN="kmut.anderer-landkreis.example")
def test_two_installations_have_different_uids():
    meeting = MeetingFactory()
    from roundtable import calendars

    assert calendars.meeting_uid(meeting) == f"meeting-{meeting.pk}@kmut.anderer-landkreis.example"


def _approved_meeting():
    body = BodyFactory(name="Runder Tisch Migration und Teilhabe")
    meeting = MeetingFactory(
        body=body,
        starts_at=timezone.now() - timedelta(days=90),
        state=Meeting.State.APPROVED,
        approved_at=timezone.now(),
    )
    AgendaItemFactory(meeting=meeting, title="Bericht Sprachkurse", minutes_text="Gut besucht.")
    AgendaItemFactory(
        meeting=meeting,
        title="Personalangelegenheit Vertraulich",
        is_public=False,
        minutes_text="Geheimer Beratungsinhalt.",
    )
    member = MembershipFactory(body=body)
    guest = MembershipFactory(body=body, role="guest")
    return meeting, member, guest


def test_approved_minutes_are_mailed_once_complete_or_public_by_role(
    coordinator, django_capture_on_commit_callbacks
):
    meeting, member, guest = _approved_meeting()
    with django_capture_on_commit_callbacks(execute=True):
        mailing = services.mail_minutes(meeting=meeting, by=coordinator)

    assert mailing.sent_by == coordinator
    assert {(r["email"], r["variant"]) for r in mailing.recipients} == {
        (member.delegate.email, "complete"),
        (guest.delegate.email, "public"),
    }
    assert len(mail.outbox) == 2
    texts = {}
    for message in mail.outbox:
        assert parseaddr(message.from_email)[0] == OFFICE
        (filename, content, mimetype) = message.attachments[0]
        assert mimetype == "application/pdf"
        assert content.startswith(b"%PDF")
        texts[message.to[0]] = (filename, pdf_text(content))
    full_name, full = texts[member.delegate.email]
    public_name, public = texts[guest.delegate.email]
    assert full_name.endswith("-intern.pdf")
    assert public_name.endswith("-oeffentlich.pdf")
    assert "Bericht Sprachkurse" in full
    assert "Bericht Sprachkurse" in public
    assert "Personalangelegenheit Vertraulich" in full
    assert "Geheimer Beratungsinhalt" in full
    assert "Personalangelegenheit Vertraulich" not in public
    assert "Geheimer Beratungsinhalt" not in public

    # A second submit sends nothing.
    mail.outbox.clear()
    with (
        pytest.raises(ValidationError) as error,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.mail_minutes(meeting=meeting, by=coordinator)
    assert error.value.code == "already_sent"
    assert mail.outbox == []
    assert MinutesMailing.objects.count() == 1


def test_minutes_button_sends_once_and_the_page_records_it(
    coordinator_client, django_capture_on_commit_callbacks
):
    meeting, member, _guest = _approved_meeting()
    url = reverse("roundtable:minutes_mail", args=[meeting.pk])
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Protokoll an Mitglieder senden" in page
    with django_capture_on_commit_callbacks(execute=True):
        first = coordinator_client.post(url, follow=True).content.decode()
        second = coordinator_client.post(url, follow=True).content.decode()
    assert "Das Protokoll wurde an 2 Mitglieder gesendet." in first
    assert "Dieses Protokoll wurde den Mitgliedern bereits gesendet." in second
    assert len(mail.outbox) == 2
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert member.delegate.email in page
    assert "Protokoll an Mitglieder senden" not in page


def test_minutes_not_yet_approved_cannot_be_mailed(coordinator):
    meeting = MeetingFactory(state=Meeting.State.HELD)
    MembershipFactory(body=meeting.body)
    with pytest.raises(ValidationError) as error:
        services.mail_minutes(meeting=meeting, by=coordinator)
    assert error.value.code == "not_approved"
    assert AgendaItem.objects.count() == 0
