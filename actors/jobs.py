"""The registry's scheduled job: reminding organisations of unanswered update requests.

A request still without a reply is reminded KMUT_UPDATE_REQUEST_REMINDER_DAYS after it was sent
and once more after twice as many days, never more than twice, and only while its link is valid
(registered in ActorsConfig.ready; once per reminder through kmut.reminders).
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from actors.models import UpdateRequest
from kmut import audit, reminders
from kmut.jobs import ScheduledJob
from kmut.mail import greeting, office_sender
from kmut.models import Reminder

UPDATE_REQUEST_JOB = ScheduledJob(
    name="actors.update_request_reminders",
    label=_("Reminders: unanswered update requests"),
    func="actors.jobs.update_request_reminders",
    cron="30 6 * * *",
)
MAX_REMINDERS = 2


def reminder_due_on(update_request: UpdateRequest, today: date) -> date | None:
    """The due date of the latest reminder (first or second) that is due by today, if any."""
    sent_on = timezone.localdate(update_request.created_at)
    days = settings.KMUT_UPDATE_REQUEST_REMINDER_DAYS
    due = [
        sent_on + timedelta(days=days * number)
        for number in range(1, MAX_REMINDERS + 1)
        if sent_on + timedelta(days=days * number) <= today
    ]
    return due[-1] if due else None


def _mail(update_request: UpdateRequest) -> EmailMessage:
    contact = update_request.organisation.contacts.filter(
        email__iexact=update_request.recipient_email
    ).first()
    link = settings.KMUT_BASE_URL.rstrip("/") + reverse(
        "actors_public:update_reply", args=[update_request.token]
    )
    return EmailMessage(
        subject=gettext("Reminder: please check your entry in the district's integration atlas"),
        body=render_to_string(
            "actors/emails/update_request_reminder.txt",
            {
                "greeting": greeting(contact or ""),
                "request": update_request,
                "link": link,
                "office_name": settings.KMUT_OFFICE_NAME,
            },
        ),
        from_email=office_sender(),
        to=[update_request.recipient_email],
    )


@audit.as_system
def update_request_reminders(today: date | None = None) -> str:
    today = today or timezone.localdate()
    kind = Reminder.Kind.UPDATE_REQUEST
    candidates = [
        update_request
        for update_request in UpdateRequest.objects.open()
        .filter(expires_on__gte=today)
        .select_related("organisation")
        .order_by("pk")
        if reminder_due_on(update_request, today)
    ]
    with transaction.atomic():
        due = [
            update_request
            for update_request in reminders.unsent(
                candidates, kind, lambda request: reminder_due_on(request, today)
            )
            if reminders.record(
                update_request,
                kind,
                reminder_due_on(update_request, today),
                [update_request.recipient_email],
            )
        ]
        if not due:
            return gettext("Nothing due.")
        with translation.override("de"):
            mails = [_mail(update_request) for update_request in due]
            with get_connection() as connection:
                connection.send_messages(mails)
            return ngettext("%(count)s reminder.", "%(count)s reminders.", len(due)) % {
                "count": len(due)
            }
