from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from roundtable.models import ActionItem, Attendance, Decision, Invitation, Meeting
from tests.pdf import response_pdf_text
from tests.roundtable.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def test_plan_meeting_in_the_browser_adds_standing_items(coordinator_client):
    body = BodyFactory()
    response = coordinator_client.post(
        reverse("roundtable:meeting_create", args=[body.pk]),
        {"title": "Runder Tisch", "starts_at": "2031-03-05T17:00", "place": "Kreishaus"},
    )
    meeting = Meeting.objects.get()
    assert response.url == reverse("roundtable:meeting_detail", args=[meeting.pk])
    assert meeting.agenda_items.filter(kind="open_actions").exists()
    assert timezone.localtime(meeting.starts_at).hour == 17


def test_meeting_cannot_end_before_it_starts(coordinator_client):
    body = BodyFactory()
    response = coordinator_client.post(
        reverse("roundtable:meeting_create", args=[body.pk]),
        {"title": "x", "starts_at": "2031-03-05T17:00", "ends_at": "2031-03-05T15:00"},
    )
    assert "Die Sitzung kann nicht enden, bevor sie beginnt." in response.content.decode()
    assert not Meeting.objects.exists()


def test_approved_minutes_refuse_a_direct_post(coordinator_client):
    meeting = MeetingFactory(state="approved")
    item = AgendaItemFactory(meeting=meeting, minutes_text="Genehmigter Text")
    posts = [
        (
            reverse("roundtable:meeting_minutes", args=[meeting.pk]),
            {f"item_{item.pk}": "Gefälscht"},
        ),
        (reverse("roundtable:agendaitem_update", args=[meeting.pk, item.pk]), {"title": "Neu"}),
        (reverse("roundtable:decision_create", args=[meeting.pk]), {"text": "Nachträglich"}),
        (
            reverse("roundtable:actionitem_create", args=[meeting.pk]),
            {"title": "Nachträglich", "owner_name": "KS"},
        ),
        (
            reverse("roundtable:meeting_update", args=[meeting.pk]),
            {"title": "Neu", "starts_at": "2030-01-01T10:00"},
        ),
    ]
    for url, data in posts:
        response = coordinator_client.post(url, data, follow=True)
        assert response.redirect_chain[-1][0] == meeting.get_absolute_url(), url
        assert "genehmigt und kann nicht mehr geändert werden" in response.content.decode()
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert item.minutes_text == "Genehmigter Text"
    assert item.title != "Neu"
    assert meeting.title != "Neu"
    assert not Decision.objects.exists()
    assert not ActionItem.objects.exists()


def test_minutes_with_decisions_and_action_items_in_the_browser_flow(
    coordinator, coordinator_client
):
    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(hours=2))
    item = AgendaItemFactory(meeting=meeting, title="Sprachkurse")
    coordinator_client.post(
        reverse("roundtable:meeting_minutes", args=[meeting.pk]),
        {
            f"item_{item.pk}": "Die KVHS berichtet.",
            "minute_taker": coordinator.pk,
            "version": meeting.minutes_version,
        },
    )
    for text in ("Fachtag ausrichten", "Flyer drucken"):
        coordinator_client.post(
            reverse("roundtable:decision_create", args=[meeting.pk]),
            {"agenda_item": item.pk, "text": text, "status": "open"},
        )
    for title in ("Raum buchen", "Referentin anfragen", "Einladung entwerfen"):
        coordinator_client.post(
            reverse("roundtable:actionitem_create", args=[meeting.pk]),
            {"agenda_item": item.pk, "title": title, "owner_name": "KS", "due_on": "2031-01-01"},
        )
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD
    assert list(meeting.decisions.values_list("number", flat=True)) == [1, 2]
    assert meeting.action_items.count() == 3


def test_bulk_marking_sets_everyone_without_entry_present(coordinator_client):
    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(hours=1))
    first = MembershipFactory(body=meeting.body)
    second = MembershipFactory(body=meeting.body)
    response = coordinator_client.post(
        reverse("roundtable:meeting_attendance", args=[meeting.pk]),
        {f"member_{second.pk}": "excused", "all_present": "1", "guest_0_name": "Dr. Gast"},
    )
    assert response.status_code == 302
    statuses = dict(Attendance.objects.values_list("name", "status"))
    assert statuses[first.invitee_name] == "present"
    assert statuses[second.invitee_name] == "excused"
    assert statuses["Dr. Gast"] == "present"


def test_rsvp_link_works_without_login_for_this_invitation_only(client):
    invitation = InvitationFactory()
    other = InvitationFactory(meeting=invitation.meeting)
    url = reverse("roundtable_public:rsvp", args=[invitation.token])
    assert invitation.meeting.title in client.get(url).content.decode()

    response = client.post(url, {"reply": "declined", "comment": "Urlaub", "token": other.token})

    assert response.status_code == 302
    invitation.refresh_from_db()
    other.refresh_from_db()
    assert invitation.reply == Invitation.Reply.DECLINED
    assert other.reply == Invitation.Reply.PENDING


def test_rsvp_link_expires_when_the_meeting_begins(client):
    invitation = InvitationFactory(meeting__starts_at=timezone.now() - timedelta(minutes=5))
    url = reverse("roundtable_public:rsvp", args=[invitation.token])
    response = client.post(url, {"reply": "attending"})
    assert "nicht mehr möglich" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == Invitation.Reply.PENDING
    assert client.get(reverse("roundtable_public:rsvp", args=["erfunden"])).status_code == 404


def _minutes_fixture():
    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(days=1), state="held")
    public = AgendaItemFactory(
        meeting=meeting,
        position=1,
        title="Bericht der KVHS",
        minutes_text="Die Kurse sind ausgebucht.",
    )
    secret = AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Fallbesprechung",
        is_public=False,
        minutes_text="Familie M. braucht Wohnraum.",
    )
    Decision.objects.create(
        body=meeting.body,
        meeting=meeting,
        agenda_item=public,
        number=1,
        text="Zweiter Kurs wird beantragt.",
    )
    Decision.objects.create(
        body=meeting.body,
        meeting=meeting,
        agenda_item=secret,
        number=2,
        text="Vertrauliche Einzelfallhilfe.",
    )
    return meeting


def test_public_minutes_pdf_leaves_out_non_public_items(coordinator_client):
    meeting = _minutes_fixture()
    url = reverse("roundtable:minutes_pdf", args=[meeting.pk])
    public = response_pdf_text(coordinator_client.get(url, {"variant": "public"}))
    complete = response_pdf_text(coordinator_client.get(url))
    assert "Bericht der KVHS" in public
    assert "Zweiter Kurs wird beantragt." in public
    assert "Fallbesprechung" not in public
    assert "Familie M." not in public
    assert "Vertrauliche" not in public
    assert "öffentliche Fassung" in public
    assert "Familie M. braucht Wohnraum." in complete
    assert "nicht öffentlich" in complete
    assert "Seite 1 von" in complete


def test_attendance_sheet_pdf_lists_the_members(coordinator_client):
    meeting = MeetingFactory()
    membership = MembershipFactory(body=meeting.body)
    text = response_pdf_text(
        coordinator_client.get(reverse("roundtable:attendance_pdf", args=[meeting.pk]))
    )
    assert "Anwesenheitsliste" in text
    assert membership.invitee_name in text
    assert str(membership.organisation) in text
    assert "Unterschrift" in text


def test_body_calendar_feed_needs_its_token_only(client):
    meeting = MeetingFactory(title="Runder Tisch Herbst")
    response = client.get(
        reverse("roundtable_public:body_feed", args=[meeting.body.calendar_token])
    )
    calendar = Calendar.from_ical(b"".join(response.streaming_content))
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Runder Tisch Herbst"]
    assert client.get(reverse("roundtable_public:body_feed", args=["falsch"])).status_code == 404


def test_personal_calendar_feed_is_refused_for_users_without_permission(
    coordinator_client, volunteer_user, client
):
    from roundtable.models import CalendarToken

    MeetingFactory(title="Steuerungsgruppe")
    page = coordinator_client.get(reverse("roundtable:calendar"))
    feed = page.context["feed_url"].split("testserver", 1)[1]
    assert b"Steuerungsgruppe" in b"".join(client.get(feed).streaming_content)
    token = CalendarToken.objects.create(user=volunteer_user)
    assert client.get(reverse("roundtable_public:user_feed", args=[token.token])).status_code == 404


def test_open_action_items_overview_highlights_overdue_within_fixed_queries(
    coordinator_client, django_assert_max_num_queries
):
    ActionItemFactory(title="Überfällig", due_on=timezone.localdate() - timedelta(days=3))
    ActionItemFactory.create_batch(20)
    ActionItemFactory(title="Erledigt", status="done")
    with django_assert_max_num_queries(10):
        response = coordinator_client.get(reverse("roundtable:actionitem_list"))
    html = response.content.decode()
    assert "Überfällig" in html
    assert "table-danger" in html
    assert "Erledigt" not in html


def test_meeting_page_stays_within_fixed_queries(coordinator_client, django_assert_max_num_queries):
    meeting = MeetingFactory(state="held", starts_at=timezone.now() - timedelta(days=1))
    for position in range(1, 8):
        item = AgendaItemFactory(meeting=meeting, position=position)
        ActionItemFactory(meeting=meeting, body=meeting.body, agenda_item=item)
    for _index in range(10):
        InvitationFactory(meeting=meeting)
    with django_assert_max_num_queries(30):
        response = coordinator_client.get(reverse("roundtable:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200


def test_committee_member_cannot_reach_minutes(committee_client):
    meeting = MeetingFactory()
    assert (
        committee_client.get(reverse("roundtable:minutes_pdf", args=[meeting.pk])).status_code
        == 403
    )


def test_action_item_status_update_records_done_date(coordinator_client):
    item = ActionItemFactory()
    coordinator_client.post(
        reverse("roundtable:actionitem_update", args=[item.pk]), {"status": "done"}
    )
    item.refresh_from_db()
    assert item.done_on == timezone.localdate()


def test_body_page_pages_its_decisions_and_meetings_independently(
    coordinator_client, django_assert_max_num_queries
):
    body = BodyFactory(short_name="RT")
    meeting = MeetingFactory(body=body, starts_at=timezone.now() - timedelta(days=1))
    for number in range(1, 31):
        DecisionFactory(
            meeting=meeting, body=body, number=number, text=f"Beschluss Nummer {number}"
        )
    for days in range(2, 25):
        MeetingFactory(body=body, starts_at=timezone.now() - timedelta(days=days))
    url = reverse("roundtable:body_detail", args=[body.pk])

    with django_assert_max_num_queries(15):
        first = coordinator_client.get(url)

    shown = [decision.number for decision in first.context["decisions"]]
    assert shown == list(range(30, 5, -1))  # the newest 25
    assert len(first.context["meetings"]) == 20
    assert "?decisions=2" in first.content.decode()
    later = coordinator_client.get(url, {"decisions": 2, "meetings": 2})
    assert [decision.number for decision in later.context["decisions"]] == [5, 4, 3, 2, 1]
    assert len(later.context["meetings"]) == 4
    page_two = later.content.decode()
    assert "Beschluss Nummer 1<" in page_two
    assert "Beschluss Nummer 30<" not in page_two
    # The link back to newer decisions keeps the meetings page.
    assert later.context["decisions"].previous_url == "?decisions=1&meetings=2"
