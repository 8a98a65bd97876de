"""Retention of the consultation log: clients are anonymised when their retention period ends
(KMUT_CONSULTATION_RETENTION_YEARS after the last contact), the head of office is warned before,
and the head of office may erase a client at once (Art. 17 GDPR, the same anonymisation)."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from consultations.models import AccessLog, Client, ClientIdentity, Consultation
from consultations.services import refresh_last_contact
from kmut import audit, reminders, roles
from kmut.mail import office_sender
from kmut.models import Reminder

Action = AccessLog.Action


def retention_years() -> int:
    return settings.KMUT_CONSULTATION_RETENTION_YEARS


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def deletion_due_on(last_contact_on: date) -> date:
    return _add_years(last_contact_on, retention_years())


def clients_expiring(*, today: date | None = None, within_days: int = 0):
    """Clients not anonymised whose retention period ends on or before today + within_days.

    A client is anonymised on the day the period ends (last contact + N years). The last contact
    is the last consultation, else the day the client was created; written with EXISTS so the
    dashboard stays fast with years of consultations (no aggregate over all of them).
    """
    today = today or timezone.localdate()
    cutoff = _add_years(today + timedelta(days=within_days), -retention_years())
    consultations = Consultation.objects.filter(client=OuterRef("pk"))
    return Client.objects.filter(
        ~Exists(consultations.filter(held_on__gt=cutoff)),
        Exists(consultations) | Q(created_at__lt=_start_of_day_after(cutoff)),
        anonymised_at__isnull=True,
    )


def _start_of_day_after(day: date):
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def notify_retention_warning(*, today: date | None = None) -> int:
    """E-mail the head of office once, on the day clients enter the warning period."""
    today = today or timezone.localdate()
    days = settings.KMUT_CONSULTATION_WARNING_DAYS
    entering = clients_expiring(today=today, within_days=days).exclude(
        pk__in=clients_expiring(today=today, within_days=days - 1).values("pk")
    )
    recipients = list(
        User.objects.filter(is_active=True, groups__name=roles.LEADERSHIP)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    due_on = today + timedelta(days=days)
    # Recorded per client: a second run on the same day (job and command) sends nothing again.
    kind = Reminder.Kind.RETENTION
    with transaction.atomic():
        fresh = [
            client
            for client in reminders.unsent(entering, kind, due_on)
            if recipients and reminders.record(client, kind, due_on, recipients)
        ]
        if not fresh:
            return 0
        with translation.override("de"):
            send_mail(
                subject=_("Consultation log: clients will be anonymised soon"),
                message=render_to_string(
                    "consultations/emails/retention_warning.txt",
                    {"count": len(fresh), "due_on": due_on},
                ),
                from_email=office_sender(),
                recipient_list=recipients,
            )
    return len(fresh)


def _scrub_history(client: Client, consultation_pks: list[int], new_code: str) -> None:
    """Remove personal text from the simple-history tables as well."""
    Consultation.history.filter(id__in=consultation_pks).update(note="")
    Client.history.filter(id=client.pk).update(code=new_code)
    ClientIdentity.history.filter(client_id=client.pk).delete()


@audit.records_actor
@transaction.atomic
def anonymise_client(*, client: Client, by=None, action: str = Action.ANONYMISE) -> Client:
    """Keep only the statistical categories of a client and their consultations.

    Deletes name, contact and consent (ClientIdentity), empties the notes, replaces the code and
    scrubs the same data from the history tables. Dates, topics, channel, language, interpreter
    and referrals stay for the statistics.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    consultation_pks = list(client.consultations.values_list("pk", flat=True))
    new_code = f"ANON-{client.pk}"
    ClientIdentity.objects.filter(client=client).delete()
    consultations = list(Consultation.objects.filter(pk__in=consultation_pks))
    for consultation in consultations:
        consultation.note, consultation.follow_up_on = "", None
    bulk_update_with_history(
        consultations,
        Consultation,
        ["note", "follow_up_on"],
        default_user=by,
        default_change_reason=str(dict(Action.choices)[action]),
    )
    client.code = new_code
    client.anonymised_at = timezone.now()
    client._change_reason = str(dict(Action.choices)[action])
    client.save()
    refresh_last_contact([client.pk])
    _scrub_history(client, consultation_pks, new_code)
    AccessLog.objects.create(user=by, action=action, client_ref=client.pk)
    return client


@audit.records_actor
def erase_client(*, client: Client, by) -> Client:
    """Art. 17: erase everything that relates to the person; anonymous statistics remain."""
    if not by.has_perm("consultations.erase_client"):
        raise ValidationError(_("Only the head of office may erase a client."))
    return anonymise_client(client=client, by=by, action=Action.ERASE)


def apply_retention(*, today: date | None = None) -> list[int]:
    """Anonymise every client whose retention period has ended; returns their pks."""
    pks = []
    for client in clients_expiring(today=today):
        anonymise_client(client=client)
        pks.append(client.pk)
    return pks
