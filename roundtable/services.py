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

from kmut import audit, mail, versioning
from kmut.pdf import render_pdf
from roundtable import calendars
from roundtable.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Invitation,
    Meeting,
    Membership,
    MinutesAmendment,
    MinutesMailing,
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


@audit.records_actor
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


@audit.records_actor
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


@audit.records_actor
@transaction.atomic
def add_action_item(*, action_item: ActionItem, by: User) -> ActionItem:
    meeting = Meeting.objects.select_for_update().get(pk=action_item.meeting_id)
    ensure_minutes_editable(meeting)
    action_item.body_id = meeting.body_id
    action_item.full_clean()
    action_item.save()
    return action_item


@audit.records_actor
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


@audit.records_actor
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


@audit.records_actor
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


def minutes_pdf(meeting: Meeting, *, public: bool) -> bytes:
    """The minutes as PDF, complete or public (without the non-public items, their decisions
    and action items, and the attendance list)."""
    items = meeting.agenda_items.order_by("position").prefetch_related(
        "decisions__responsible", "decisions__body", "action_items__owner_organisation"
    )
    if public:
        items = items.filter(is_public=True)
    context = {
        "meeting": meeting,
        "items": items,
        "public": public,
        "attendances": meeting.attendances.select_related("organisation"),
        "open_action_items": open_action_items_for(meeting),
        "amendments": meeting.amendments.all(),
        "other_decisions": meeting.decisions.filter(agenda_item__isnull=True).select_related(
            "responsible", "body"
        ),
        "other_action_items": meeting.action_items.filter(agenda_item__isnull=True).select_related(
            "owner_organisation"
        ),
    }
    return render_pdf("roundtable/pdf/minutes.html", context)


def minutes_filename(meeting: Meeting, *, public: bool) -> str:
    variant = "oeffentlich" if public else "intern"
    return f"protokoll-{timezone.localdate(meeting.starts_at):%Y-%m-%d}-{variant}.pdf"


# Who may read the non-public items: the body's members with a seat (members, the chair,
# advisory members) and their deputies. Permanent guests take part in the public items only
# and receive the public minutes.
ENTITLED_TO_NON_PUBLIC = (
    Membership.Role.MEMBER,
    Membership.Role.CHAIR,
    Membership.Role.ADVISORY,
)


def minutes_recipients(meeting: Meeting) -> list[dict]:
    """The body's current members (and deputies) with an address, each with their variant."""
    recipients, seen = [], set()
    memberships = meeting.body.memberships.current().select_related(
        "organisation", "delegate", "deputy"
    )
    for membership in memberships:
        variant = "complete" if membership.role in ENTITLED_TO_NON_PUBLIC else "public"
        people = [(membership.invitation_email, membership.delegate, membership.invitee_name)]
        if membership.deputy:
            deputy = membership.deputy
            people.append((deputy.email, deputy, deputy.full_name))
        for email, person, name in people:
            if email and email.lower() not in seen:
                seen.add(email.lower())
                recipients.append(
                    {"email": email, "name": name, "person": person, "variant": variant}
                )
    return recipients


@audit.records_actor
@transaction.atomic
def mail_minutes(*, meeting: Meeting, by: User) -> MinutesMailing:
    """E-mail the approved minutes as PDF to the body's members, once, and record it.

    Entitled members (ENTITLED_TO_NON_PUBLIC) get the complete minutes, the others the
    public version. A second call (a double submit) is refused: the mailing is unique per
    meeting and taken under a row lock of the meeting.
    """
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    )
    if meeting.state != Meeting.State.APPROVED or meeting.body_id is None:
        raise ValidationError(
            _("Only approved minutes can be sent to the members."), code="not_approved"
        )
    if MinutesMailing.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            _("These minutes were already sent to the members."), code="already_sent"
        )
    recipients = minutes_recipients(meeting)
    if not recipients:
        raise ValidationError(_("No member has an e-mail address."), code="no_recipients")
    mailing = MinutesMailing.objects.create(
        meeting=meeting,
        sent_by=by,
        recipients=[
            {key: recipient[key] for key in ("name", "email", "variant")}
            for recipient in recipients
        ],
    )
    transaction.on_commit(lambda: _mail_minutes(meeting, recipients))
    return mailing


def _mail_minutes(meeting: Meeting, recipients: list[dict]) -> None:
    with translation.override("de"):
        pdfs = {
            variant: minutes_pdf(meeting, public=variant == "public")
            for variant in {recipient["variant"] for recipient in recipients}
        }
        subject = _("Minutes: %(meeting)s") % {"meeting": meeting}
        mails = []
        for recipient in recipients:
            public = recipient["variant"] == "public"
            message = EmailMessage(
                subject=subject,
                body=render_to_string(
                    "roundtable/emails/minutes.txt",
                    {
                        "meeting": meeting,
                        "recipient": recipient["person"] or recipient["name"],
                        "public": public,
                    },
                ),
                from_email=mail.office_sender(),
                to=[recipient["email"]],
            )
            message.attach(
                minutes_filename(meeting, public=public),
                pdfs[recipient["variant"]],
                "application/pdf",
            )
            mails.append(message)
    with get_connection() as connection:
        connection.send_messages(mails)


@audit.records_actor
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
