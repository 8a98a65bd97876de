"""Meetings: planning with the standing agenda items, invitations and replies, changes and
cancellation (with the calendar mails they send)."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kmut import audit, mail
from roundtable import calendars
from roundtable.models import (
    AgendaItem,
    Invitation,
    Meeting,
)
from roundtable.services.minutes import ensure_minutes_editable


def _next_position(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1


@audit.records_actor
@transaction.atomic
def plan_meeting(*, meeting: Meeting, by: User) -> Meeting:
    """Save a new hosted meeting and put the standing items on its agenda.

    The previous meeting's minutes are approved as an item of this one, and open action items
    are discussed until they are done.
    """
    meeting.is_hosted = True
    meeting.state = Meeting.State.PLANNED
    meeting.full_clean()
    meeting.save()
    previous = (
        Meeting.objects.filter(
            body=meeting.body,
            is_hosted=True,
            starts_at__lt=meeting.starts_at,
            state=Meeting.State.HELD,
        )
        .order_by("-starts_at")
        .first()
    )
    if previous is not None:
        AgendaItem.objects.create(
            meeting=meeting,
            position=_next_position(meeting),
            kind=AgendaItem.Kind.MINUTES_APPROVAL,
            title=_("Approval of the minutes of %(date)s")
            % {"date": date_format(timezone.localtime(previous.starts_at), "SHORT_DATE_FORMAT")},
            approves=previous,
        )
    AgendaItem.objects.create(
        meeting=meeting,
        position=_next_position(meeting),
        kind=AgendaItem.Kind.OPEN_ACTIONS,
        title=_("Open action items from earlier meetings"),
    )
    return meeting


@audit.records_actor
@transaction.atomic
def add_agenda_item(*, item: AgendaItem, by: User) -> AgendaItem:
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    ensure_minutes_editable(meeting)
    if item.pk is None:
        item.position = _next_position(meeting)
    item.full_clean()
    item.save()
    return item


@audit.records_actor
@transaction.atomic
def send_invitations(*, meeting: Meeting, base_url: str, by: User) -> tuple[int, list]:
    """E-mail every current member not invited yet: agenda, .ics and a personal RSVP link.

    A member's deputy (with an address) gets an invitation of their own. Returns the number
    of invitations sent and the members left out for lack of an address.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state not in (Meeting.State.PLANNED, Meeting.State.INVITED):
        raise ValidationError(_("Only planned meetings can be invited to."), code="state")
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("The meeting has already begun."), code="past")
    already = set(meeting.invitations.values_list("membership_id", "is_deputy"))
    memberships = meeting.body.memberships.current(
        timezone.localdate(meeting.starts_at)
    ).select_related("organisation", "delegate", "deputy")
    created, skipped = [], []
    for membership in memberships:
        if (membership.pk, False) not in already:
            if membership.invitation_email:
                created.append(
                    Invitation.objects.create(
                        meeting=meeting, membership=membership, email=membership.invitation_email
                    )
                )
            else:
                skipped.append(membership)
        deputy = membership.deputy
        if (
            deputy is not None
            and deputy.email
            and deputy.email != membership.invitation_email
            and (membership.pk, True) not in already
        ):
            created.append(
                Invitation.objects.create(
                    meeting=meeting, membership=membership, email=deputy.email, is_deputy=True
                )
            )
    if created:
        meeting.state = Meeting.State.INVITED
        meeting.save()
    transaction.on_commit(lambda: _mail_calendar(meeting, created, base_url, "invitation"))
    return len(created), skipped


# Changing one of these after the invitations went out sends every invitee an update.
CALENDAR_FIELDS = ("starts_at", "ends_at", "ends_on", "place")


@audit.records_actor
@transaction.atomic
def update_meeting(*, meeting: Meeting, base_url: str, by: User) -> int:
    """Save the edited meeting; a new date, time or place is sent to every invitee.

    The change raises the meeting's calendar SEQUENCE, and each invitee gets a REQUEST with
    the same UID, which calendar programs apply to the entry they already have. Returns the
    number of updates sent.
    """
    stored = Meeting.objects.select_for_update().get(pk=meeting.pk)
    ensure_minutes_editable(stored)
    moved = any(getattr(stored, name) != getattr(meeting, name) for name in CALENDAR_FIELDS)
    meeting.calendar_sequence = stored.calendar_sequence + (1 if moved else 0)
    meeting.full_clean()
    meeting.save()
    if not moved or meeting.state != Meeting.State.INVITED:
        return 0
    invitations = _invitations_of(meeting)
    transaction.on_commit(lambda: _mail_calendar(meeting, invitations, base_url, "update"))
    return len(invitations)


def _invitations_of(meeting: Meeting) -> list:
    return list(
        meeting.invitations.select_related(
            "membership__organisation", "membership__delegate", "membership__deputy"
        ).order_by("pk")
    )


def _mail_calendar(meeting: Meeting, invitations, base_url: str, kind: str) -> None:
    """One e-mail per invitee with that invitee's ATTENDEE: invitation, update or cancellation."""
    if not invitations:
        return
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    agenda = list(meeting.agenda_items.filter(is_public=True).order_by("position"))
    method = "CANCEL" if kind == "cancellation" else "REQUEST"
    with translation.override("de"):
        if kind == "invitation":
            subject = _("Invitation: %(meeting)s") % {"meeting": meeting}
            filename = "einladung.ics"
        elif kind == "update":
            subject = _("Changed: %(meeting)s") % {"meeting": meeting}
            filename = "aenderung.ics"
        else:
            subject = _("Cancelled: %(meeting)s") % {"meeting": meeting}
            filename = "absage.ics"
        mails = []
        for invitation in invitations:
            link = base_url.rstrip("/") + reverse("roundtable_public:rsvp", args=[invitation.token])
            message = EmailMessage(
                subject=subject,
                body=render_to_string(
                    f"roundtable/emails/{kind}.txt",
                    {
                        "meeting": meeting,
                        "invitation": invitation,
                        "recipient": invitation.person or invitation.invitee_name,
                        "agenda": agenda,
                        "link": link,
                    },
                ),
                from_email=mail.office_sender(),
                to=[invitation.email],
            )
            message.attach(
                filename,
                calendars.meeting_invitation_ics(meeting, [invitation]),
                f"text/calendar; method={method}; charset=utf-8",
            )
            mails.append(message)
    with get_connection() as connection:
        connection.send_messages(mails)


@transaction.atomic
def record_reply(*, invitation: Invitation, reply: str, comment: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    )
    if not invitation.is_open_for_reply:
        raise ValidationError(
            _("Replies to this invitation are no longer possible."), code="closed"
        )
    invitation.reply = reply
    invitation.comment = comment
    invitation.replied_at = timezone.now()
    invitation.save()
    return invitation


@audit.records_actor
@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by: User) -> int:
    """Cancel a planned meeting; everyone invited gets a METHOD:CANCEL with a higher SEQUENCE.

    Returns the number of cancellations sent.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state not in (Meeting.State.PLANNED, Meeting.State.INVITED):
        raise ValidationError(_("Only planned meetings can be cancelled."), code="state")
    meeting.state = Meeting.State.CANCELLED
    meeting.calendar_sequence += 1
    meeting.save()
    invitations = _invitations_of(meeting)
    transaction.on_commit(lambda: _mail_calendar(meeting, invitations, "", "cancellation"))
    return len(invitations)
