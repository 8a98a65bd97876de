"""The minutes: attendance, text, decisions, approval (which freezes them) and amendments."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kmut import audit, versioning
from roundtable.models import (
    AgendaItem,
    Attendance,
    Body,
    Decision,
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
