"""Action items: the open ones of a meeting, adding and changing them, reminders."""

from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kmut import audit
from roundtable.models import (
    ActionItem,
    Meeting,
)
from roundtable.services.minutes import ensure_minutes_editable


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
