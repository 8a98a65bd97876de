from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from roundtable import rhythm, services
from roundtable.models import ActionItem, AgendaItem, Decision, Invitation, Meeting
from tests.factories import OrganisationFactory
from tests.roundtable.factories import (
    ActionItemFactory,
    BodyFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def _plan(coordinator, body, when):
    return services.plan_meeting(
        meeting=Meeting(body=body, title=body.name, starts_at=when, place="Kreishaus"),
        by=coordinator,
    )


def test_planning_puts_approval_of_the_last_minutes_and_open_items_on_the_agenda(coordinator):
    body = BodyFactory()
    last = MeetingFactory(body=body, starts_at=timezone.now() - timedelta(days=90), state="held")
    open_item = ActionItemFactory(meeting=last, body=body, title="Flyer übersetzen")
    ActionItemFactory(meeting=last, body=body, title="Erledigt", status="done")

    meeting = _plan(coordinator, body, timezone.now() + timedelta(days=7))

    kinds = list(meeting.agenda_items.values_list("kind", "approves"))
    assert kinds == [("minutes_approval", last.pk), ("open_actions", None)]
    assert list(services.open_action_items_for(meeting)) == [open_item]


def test_an_open_action_item_stays_on_every_next_agenda_until_done(coordinator):
    body = BodyFactory()
    first = MeetingFactory(body=body, starts_at=timezone.now() - timedelta(days=180), state="held")
    item = ActionItemFactory(meeting=first, body=body)
    second = _plan(coordinator, body, timezone.now() + timedelta(days=7))
    third = _plan(coordinator, body, timezone.now() + timedelta(days=97))
    assert item in services.open_action_items_for(second)
    assert item in services.open_action_items_for(third)

    item.status = ActionItem.Status.DONE
    services.update_action_item(action_item=item, by=coordinator)
    assert item.done_on == timezone.localdate()
    assert item not in services.open_action_items_for(third)


def test_decisions_are_numbered_per_body(coordinator):
    body = BodyFactory(short_name="RT")
    other = BodyFactory()
    meeting = MeetingFactory(body=body, state="held")
    other_meeting = MeetingFactory(body=other, state="held")
    first = services.add_decision(decision=Decision(meeting=meeting, text="Eins"), by=coordinator)
    second = services.add_decision(decision=Decision(meeting=meeting, text="Zwei"), by=coordinator)
    elsewhere = services.add_decision(
        decision=Decision(meeting=other_meeting, text="Anderes Gremium"), by=coordinator
    )
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert second.reference == "RT-2"


def test_approved_minutes_are_frozen_for_every_change(coordinator):
    body = BodyFactory()
    meeting = MeetingFactory(body=body, state="approved")
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Bericht")
    changes = [
        lambda: services.save_minutes(
            meeting=meeting, texts={item.pk: "neu"}, minute_taker=None, by=coordinator
        ),
        lambda: services.add_decision(decision=Decision(meeting=meeting, text="x"), by=coordinator),
        lambda: services.add_action_item(
            action_item=ActionItem(meeting=meeting, title="x", owner_name="y"), by=coordinator
        ),
        lambda: services.add_agenda_item(
            item=AgendaItem(meeting=meeting, title="Nachgeschoben"), by=coordinator
        ),
        lambda: services.record_attendance(meeting=meeting, members={}, guests=[], by=coordinator),
    ]
    for change in changes:
        with pytest.raises(ValidationError) as error:
            change()
        assert error.value.code == "frozen"
    amendment = services.add_amendment(
        meeting=meeting, text="Ergänzung zu TOP 1", reason="Tippfehler", by=coordinator
    )
    assert amendment.created_by == coordinator


def test_minutes_are_approved_once_in_the_next_held_meeting(coordinator):
    body = BodyFactory()
    previous = MeetingFactory(
        body=body, starts_at=timezone.now() - timedelta(days=90), state="held"
    )
    current = _plan(coordinator, body, timezone.now() - timedelta(hours=1))
    approval = current.agenda_items.get(kind="minutes_approval")

    with pytest.raises(ValidationError) as error:
        services.approve_minutes(item=approval, by=coordinator)
    assert error.value.code == "not_held"

    services.save_minutes(meeting=current, texts={}, minute_taker=coordinator, by=coordinator)
    services.approve_minutes(item=approval, by=coordinator)
    previous.refresh_from_db()
    assert previous.state == Meeting.State.APPROVED
    assert previous.approved_in == current
    with pytest.raises(ValidationError) as error:
        services.approve_minutes(item=approval, by=coordinator)
    assert error.value.code == "already"


def test_invitations_go_to_current_members_with_calendar_file_and_personal_link(
    coordinator, django_capture_on_commit_callbacks
):
    body = BodyFactory(name="Runder Tisch Migration und Teilhabe")
    member = MembershipFactory(body=body)
    MembershipFactory(body=body, ends_on=timezone.localdate() - timedelta(days=1))
    no_address = MembershipFactory(body=body, delegate=None, person_name="", email="")
    meeting = _plan(coordinator, body, timezone.now() + timedelta(days=14))

    with django_capture_on_commit_callbacks(execute=True):
        sent, skipped = services.send_invitations(
            meeting=meeting, base_url="https://kmut.example", by=coordinator
        )

    assert (sent, skipped) == (1, [no_address])
    invitation = Invitation.objects.get()
    assert invitation.membership == member
    message = mail.outbox[0]
    assert message.to == [member.delegate.email]
    assert f"https://kmut.example/gremien/antwort/{invitation.token}/" in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename == "einladung.ics"
    assert mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == meeting.title
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.INVITED
    # Inviting again only reaches members not yet invited.
    assert services.send_invitations(meeting=meeting, base_url="x", by=coordinator)[0] == 0


def test_rsvp_closes_when_the_meeting_begins():
    invitation = InvitationFactory(meeting__starts_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        services.record_reply(invitation=invitation, reply="attending", comment="")
    assert error.value.code == "closed"


def test_reminders_go_to_owners_of_open_items_with_an_address(coordinator):
    overdue = ActionItemFactory(owner_email="kvhs@kvhs.example", due_on=date(2020, 1, 1))
    ActionItemFactory(owner_email="", due_on=date(2020, 1, 1))
    ActionItemFactory(owner_email="x@x.example", status="done", due_on=date(2020, 1, 1))
    count = services.send_reminders(action_items=ActionItem.objects.all(), by=coordinator)
    assert count == 1
    assert mail.outbox[0].to == ["kvhs@kvhs.example"]
    overdue.refresh_from_db()
    assert overdue.reminded_at is not None


def test_quarterly_body_without_a_meeting_this_quarter_is_reported():
    quiet = BodyFactory(name="Runder Tisch", rhythm_months=3)
    busy = BodyFactory(name="Steuerungsgruppe", rhythm_months=3)
    BodyFactory(name="Ohne Rhythmus", rhythm_months=0)
    BodyFactory(name="Extern", is_hosted=False)
    MeetingFactory(body=busy, starts_at=datetime(2026, 11, 30, 17, tzinfo=BERLIN))
    MeetingFactory(body=quiet, starts_at=datetime(2026, 9, 30, 17, tzinfo=BERLIN))
    MeetingFactory(
        body=quiet, starts_at=datetime(2026, 12, 1, 17, tzinfo=BERLIN), state="cancelled"
    )

    missing = rhythm.missing_meetings(today=date(2026, 11, 22))

    assert [(m.body, m.period_start, m.period_end) for m in missing] == [
        (quiet, date(2026, 10, 1), date(2026, 12, 31))
    ]


def test_a_meeting_just_after_local_midnight_on_the_periods_first_day_counts():
    # The first day begins at local midnight (22:00 or 23:00 UTC the day before), not in UTC.
    early = BodyFactory(name="Runder Tisch", rhythm_months=3)
    late = BodyFactory(name="Steuerungsgruppe", rhythm_months=3)
    MeetingFactory(body=early, starts_at=datetime(2026, 10, 1, 0, 30, tzinfo=BERLIN))
    MeetingFactory(body=late, starts_at=datetime(2026, 9, 30, 23, 30, tzinfo=BERLIN))

    missing = rhythm.missing_meetings(today=date(2026, 11, 22))

    assert [m.body for m in missing] == [late]


@pytest.mark.parametrize(
    ("months", "today", "expected"),
    [
        (3, date(2026, 2, 10), (date(2026, 1, 1), date(2026, 3, 31))),
        (4, date(2026, 5, 1), (date(2026, 5, 1), date(2026, 8, 31))),
        (2, date(2026, 12, 31), (date(2026, 11, 1), date(2026, 12, 31))),
        (12, date(2026, 7, 4), (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_rhythm_periods_are_calendar_periods(months, today, expected):
    assert rhythm.current_period(months, today) == expected


def test_membership_delegate_must_belong_to_the_organisation():
    membership = MembershipFactory()
    membership.delegate.organisation = OrganisationFactory()
    membership.delegate.save()
    membership.refresh_from_db()
    with pytest.raises(ValidationError):
        membership.full_clean()
