"""The bodies' scheduled job: a weekly digest of overdue action items (RoundtableConfig.ready).

Each owner with a reminder address gets the overdue items they are responsible for, the office
gets all of them; an item is included once per calendar week (kmut.reminders).
"""

from collections import defaultdict
from datetime import date, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kmut import audit, reminders
from kmut.jobs import ScheduledJob
from kmut.mail import greeting, office_sender, staff_recipients
from kmut.models import Reminder
from roundtable.models import ActionItem

ACTION_ITEM_JOB = ScheduledJob(
    name="roundtable.action_item_digest",
    label=_("Weekly digest of overdue action items"),
    func="roundtable.jobs.action_item_digest",
    cron="0 7 * * 1",
)


def _digest(greeting_text: str, items, to: list[str]) -> EmailMessage:
    return EmailMessage(
        subject=ngettext(
            "Overdue task from the bodies' meetings",
            "%(count)s overdue tasks from the bodies' meetings",
            len(items),
        )
        % {"count": len(items)},
        body=render_to_string(
            "roundtable/emails/action_item_digest.txt", {"greeting": greeting_text, "items": items}
        ),
        from_email=office_sender(),
        to=to,
    )


@audit.as_system
def action_item_digest(today: date | None = None) -> str:
    today = today or timezone.localdate()
    week = today - timedelta(days=today.weekday())  # the reminder's key: Monday of this week
    kind = Reminder.Kind.ACTION_ITEM
    office = staff_recipients()
    overdue = (
        ActionItem.objects.overdue(today)
        .select_related("body", "meeting", "owner_organisation")
        .order_by("due_on", "pk")
    )
    with transaction.atomic():
        items = [
            item
            for item in reminders.unsent(overdue, kind, week)
            if reminders.record(item, kind, week, [*office, *filter(None, [item.owner_email])])
        ]
        if not items:
            return gettext("Nothing due.")
        by_owner = defaultdict(list)
        for item in items:
            if item.owner_email:
                by_owner[item.owner_email.lower()].append(item)
        with translation.override("de"):
            mails = [
                _digest(greeting(owned[0].owner_name), owned, [address])
                for address, owned in by_owner.items()
            ]
            if office:
                mails.append(_digest(greeting(""), items, office))
            with get_connection() as connection:
                connection.send_messages(mails)
        now = timezone.now()
        for item in items:
            if item.owner_email:
                item.reminded_at = now
                item.save(update_fields=["reminded_at", "updated_at"])
        return gettext("%(items)s item(s), %(mails)s e-mail(s).") % {
            "items": len(items),
            "mails": len(mails),
        }
