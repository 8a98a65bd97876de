"""Write operations of the bodies' work: planning, inviting, minutes, approval, follow-up."""

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

from kmut import versioning
from roundtable import calendars
from roundtable.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Invitation,
    Meeting,
    MinutesAmendment,
)


def ensure_minutes_editable(meeting: Meeting) -> None:
    """Approved minutes are frozen: changes only through a recorded amendment."""
    if meeting.minutes_frozen:
        raise ValidationError(
            _(
                "The minutes of this meeting are approved and can no longer be changed. "
                "Record an amendment instead."
            ),
            code="frozen",
        )
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."), code="cancelled")


def _next_position(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1


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


def open_action_items_for(meeting: Meeting):
    """Action items of the body from earlier meetings that were open when this one began.

    For a meeting still ahead (or being held) that is simply every open item; for a past one it
    is what was open then, so the minutes keep showing what was discussed.
    """
    if meeting.body_id is None:
        return ActionItem.objects.none()
    items = ActionItem.objects.filter(
        body=meeting.body, meeting__starts_at__lt=meeting.starts_at
    ).select_related("owner_organisation", "meeting")
    if meeting.state in (Meeting.State.PLANNED, Meeting.State.INVITED):
        return items.open()
    return items.exclude(status=ActionItem.Status.DROPPED).exclude(
        status=ActionItem.Status.DONE, done_on__lt=timezone.localdate(meeting.starts_at)
    )


@transaction.atomic
def add_agenda_item(*, item: AgendaItem, by: User) -> AgendaItem:
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    ensure_minutes_editable(meeting)
    if item.pk is None:
        item.position = _next_position(meeting)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def send_invitations(*, meeting: Meeting, base_url: str, by: User) -> tuple[int, list]:
    """E-mail every current member who has not been invited yet: agenda, .ics and RSVP link.

    Returns the number of invitations sent and the members left out for lack of an address.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state not in (Meeting.State.PLANNED, Meeting.State.INVITED):
        raise ValidationError(_("Only planned meetings can be invited to."), code="state")
    if meeting.starts_at <= timezone.now():
        raise ValidationError(_("The meeting has already begun."), code="past")
    already = set(meeting.invitations.values_list("membership_id", flat=True))
    memberships = (
        meeting.body.memberships.current(timezone.localdate(meeting.starts_at))
        .select_related("organisation", "delegate")
        .exclude(pk__in=already)
    )
    created, skipped = [], []
    for membership in memberships:
        if not membership.invitation_email:
            skipped.append(membership)
            continue
        created.append(
            Invitation.objects.create(
                meeting=meeting, membership=membership, email=membership.invitation_email
            )
        )
    if created:
        meeting.state = Meeting.State.INVITED
        meeting.save()
    transaction.on_commit(lambda: _mail_invitations(meeting, created, base_url))
    return len(created), skipped


def _mail_invitations(meeting: Meeting, invitations, base_url: str) -> None:
    if not invitations:
        return
    agenda = list(meeting.agenda_items.filter(is_public=True).order_by("position"))
    with translation.override("de"):
        ics = calendars.meeting_invitation_ics(meeting)
        subject = _("Invitation: %(meeting)s") % {"meeting": meeting}
        mails = []
        for invitation in invitations:
            link = base_url.rstrip("/") + reverse("roundtable_public:rsvp", args=[invitation.token])
            mail = EmailMessage(
                subject=subject,
                body=render_to_string(
                    "roundtable/emails/invitation.txt",
                    {"meeting": meeting, "invitation": invitation, "agenda": agenda, "link": link},
                ),
                to=[invitation.email],
            )
            mail.attach("einladung.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")
            mails.append(mail)
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


@transaction.atomic
def record_attendance(*, meeting: Meeting, members: dict, guests: list, by: User) -> None:
    """Attendance of the members ({membership: status}) and guests ([(name, org, status)])."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    ensure_minutes_editable(meeting)
    for membership, status in members.items():
        Attendance.objects.update_or_create(
            meeting=meeting,
            membership=membership,
            defaults={
                "status": status,
                "organisation": membership.organisation,
                "name": membership.invitee_name,
            },
        )
    for name, organisation, status in guests:
        Attendance.objects.create(
            meeting=meeting,
            name=name,
            organisation=organisation,
            status=status,
            is_guest=True,
        )


@transaction.atomic
def save_minutes(
    *,
    meeting: Meeting,
    texts: dict,
    minute_taker: User | None,
    by: User,
    minutes_version: int | None = None,
) -> None:
    """Minutes text per agenda item ({agenda_item_pk: text}); marks the meeting as held.

    With `minutes_version` (the version the form was opened with) the save is refused
    (kmut.versioning.StaleVersion) when someone saved the minutes in the meantime.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    ensure_minutes_editable(meeting)
    versioning.claim_version(meeting, minutes_version, field="minutes_version")
    for item in meeting.agenda_items.all():
        if item.pk in texts and item.minutes_text != texts[item.pk]:
            item.minutes_text = texts[item.pk]
            item.save()
    meeting.minute_taker = minute_taker
    if meeting.state in (Meeting.State.PLANNED, Meeting.State.INVITED):
        meeting.state = Meeting.State.HELD
    meeting.save()


@transaction.atomic
def add_decision(*, decision: Decision, by: User) -> Decision:
    """Add a decision with the next number of its body's register."""
    meeting = Meeting.objects.select_for_update().get(pk=decision.meeting_id)
    ensure_minutes_editable(meeting)
    body = Body.objects.select_for_update().get(pk=meeting.body_id)
    decision.body = body
    decision.number = (body.decisions.aggregate(top=Max("number"))["top"] or 0) + 1
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def add_action_item(*, action_item: ActionItem, by: User) -> ActionItem:
    meeting = Meeting.objects.select_for_update().get(pk=action_item.meeting_id)
    ensure_minutes_editable(meeting)
    action_item.body_id = meeting.body_id
    action_item.full_clean()
    action_item.save()
    return action_item


@transaction.atomic
def update_action_item(*, action_item: ActionItem, by: User) -> ActionItem:
    """Follow-up of a task (status, due date): allowed after its meeting's minutes froze."""
    if action_item.status == ActionItem.Status.DONE and action_item.done_on is None:
        action_item.done_on = timezone.localdate()
    if action_item.status != ActionItem.Status.DONE:
        action_item.done_on = None
    action_item.full_clean()
    action_item.save()
    return action_item


@transaction.atomic
def approve_minutes(*, item: AgendaItem, by: User) -> Meeting:
    """Approve the previous meeting's minutes under the approval item of the current meeting."""
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    if item.kind != AgendaItem.Kind.MINUTES_APPROVAL or item.approves_id is None:
        raise ValidationError(_("This agenda item approves no minutes."), code="not_approval")
    if item.meeting.state not in (Meeting.State.HELD, Meeting.State.APPROVED):
        raise ValidationError(
            _("Minutes are approved in the meeting, once it has been held."), code="not_held"
        )
    previous = Meeting.objects.select_for_update().get(pk=item.approves_id)
    if previous.state == Meeting.State.APPROVED:
        raise ValidationError(_("These minutes are already approved."), code="already")
    if previous.state != Meeting.State.HELD:
        raise ValidationError(_("Only minutes of a held meeting can be approved."), code="state")
    previous.state = Meeting.State.APPROVED
    previous.approved_at = timezone.now()
    previous.approved_in = item.meeting
    previous.save()
    return previous


@transaction.atomic
def add_amendment(*, meeting: Meeting, text: str, reason: str, by: User) -> MinutesAmendment:
    if not meeting.minutes_frozen:
        raise ValidationError(
            _("Minutes that are not yet approved are corrected directly."), code="not_frozen"
        )
    amendment = MinutesAmendment(meeting=meeting, text=text, reason=reason, created_by=by)
    amendment.full_clean()
    amendment.save()
    return amendment


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by: User) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state not in (Meeting.State.PLANNED, Meeting.State.INVITED):
        raise ValidationError(_("Only planned meetings can be cancelled."), code="state")
    meeting.state = Meeting.State.CANCELLED
    meeting.save()
    return meeting


def send_reminders(*, action_items, by: User) -> int:
    """E-mail the owners of open action items that have a reminder address."""
    items = [item for item in action_items if item.is_open and item.owner_email]
    with translation.override("de"):
        mails = [
            EmailMessage(
                subject=_("Reminder: %(task)s") % {"task": item.title},
                body=render_to_string("roundtable/emails/reminder.txt", {"item": item}),
                to=[item.owner_email],
            )
            for item in items
        ]
    with get_connection() as connection:
        connection.send_messages(mails)
    now = timezone.now()
    for item in items:
        item.reminded_at = now
        item.save(update_fields=["reminded_at", "updated_at"])
    return len(items)
