"""Volunteering's scheduled jobs: certificates and declarations due, payment runs not booked.

Registered in VolunteersConfig.ready(); each job sends a reminder once (kmut.reminders).
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kmut import audit, reminders, roles
from kmut.jobs import ScheduledJob
from kmut.mail import greeting, office_sender, staff_recipients
from kmut.models import Reminder
from volunteers.models import PaymentRun, Volunteer

CERTIFICATE_JOB = ScheduledJob(
    name="volunteers.certificate_reminders",
    label=_("Reminders: certificates of good conduct and confidentiality declarations"),
    func="volunteers.jobs.certificate_reminders",
    cron="0 6 * * *",
)
PAYMENT_RUN_JOB = ScheduledJob(
    name="volunteers.payment_run_reminders",
    label=_("Reminders: exported payment runs not booked"),
    func="volunteers.jobs.payment_run_reminders",
    cron="5 6 * * *",
)


def certificates_due(today: date | None = None):
    """Volunteers (not left) whose certificate renewal is due within the reminder weeks or past."""
    horizon = (today or timezone.localdate()) + timedelta(
        weeks=settings.KMUT_CERTIFICATE_REMINDER_WEEKS
    )
    return Volunteer.objects.exclude(status=Volunteer.Status.LEFT).filter(
        certificate_renewal_due_on__lte=horizon
    )


def declarations_missing():
    """Active volunteers and those in training without a signed confidentiality declaration."""
    return Volunteer.objects.filter(
        status__in=[Volunteer.Status.ACTIVE, Volunteer.Status.IN_TRAINING],
        confidentiality_signed_on__isnull=True,
    )


def _created_on(volunteer) -> date:
    return timezone.localdate(volunteer.created_at)


def _link(obj) -> str:
    return settings.KMUT_BASE_URL.rstrip("/") + obj.get_absolute_url()


@audit.as_system
def certificate_reminders(today: date | None = None) -> str:
    """E-mail the office once about each certificate newly due and each declaration missing."""
    today = today or timezone.localdate()
    recipients = staff_recipients()
    if not recipients:
        return gettext("No recipient: no office address and no staff account with an e-mail.")
    certificate, declaration = Reminder.Kind.CERTIFICATE, Reminder.Kind.CONFIDENTIALITY
    with transaction.atomic():
        certificates = [
            volunteer
            for volunteer in reminders.unsent(
                certificates_due(today).order_by("certificate_renewal_due_on", "last_name"),
                certificate,
                lambda volunteer: volunteer.certificate_renewal_due_on,
            )
            if reminders.record(
                volunteer, certificate, volunteer.certificate_renewal_due_on, recipients
            )
        ]
        declarations = [
            volunteer
            for volunteer in reminders.unsent(declarations_missing(), declaration, _created_on)
            if reminders.record(volunteer, declaration, _created_on(volunteer), recipients)
        ]
        if not certificates and not declarations:
            return gettext("Nothing due.")
        with translation.override("de"):
            EmailMessage(
                subject=gettext(
                    "Volunteers: certificates of good conduct and confidentiality declarations"
                ),
                body=render_to_string(
                    "volunteers/emails/certificate_reminder.txt",
                    {
                        "greeting": greeting(""),
                        "certificates": [(v, _link(v)) for v in certificates],
                        "declarations": [(v, _link(v)) for v in declarations],
                        "today": today,
                        "weeks": settings.KMUT_CERTIFICATE_REMINDER_WEEKS,
                    },
                ),
                from_email=office_sender(),
                to=recipients,
            ).send()
            return gettext("%(certificates)s certificate(s), %(declarations)s declaration(s).") % {
                "certificates": len(certificates),
                "declarations": len(declarations),
            }


@audit.as_system
def payment_run_reminders(today: date | None = None) -> str:
    """E-mail the head of office and the office once per run exported but not booked in N days."""
    today = today or timezone.localdate()
    days = settings.KMUT_PAYMENT_RUN_REMINDER_DAYS
    recipients = staff_recipients(roles.LEADERSHIP)
    if not recipients:
        return gettext("No recipient: no office address and no staff account with an e-mail.")
    kind = Reminder.Kind.PAYMENT_RUN

    def due_on(run):
        return timezone.localdate(run.exported_at) + timedelta(days=days)

    exported = PaymentRun.objects.filter(status=PaymentRun.Status.EXPORTED).order_by("exported_at")
    with transaction.atomic():
        runs = [
            run
            for run in reminders.unsent(exported, kind, due_on)
            if due_on(run) <= today and reminders.record(run, kind, due_on(run), recipients)
        ]
        if not runs:
            return gettext("Nothing due.")
        with translation.override("de"):
            EmailMessage(
                subject=ngettext(
                    "Payment run not booked yet: %(numbers)s",
                    "Payment runs not booked yet: %(numbers)s",
                    len(runs),
                )
                % {"numbers": ", ".join(run.number for run in runs)},
                body=render_to_string(
                    "volunteers/emails/payment_run_reminder.txt",
                    {
                        "greeting": greeting(""),
                        "runs": [(run, _link(run)) for run in runs],
                        "days": days,
                    },
                ),
                from_email=office_sender(),
                to=recipients,
            ).send()
            return ngettext("%(count)s payment run.", "%(count)s payment runs.", len(runs)) % {
                "count": len(runs)
            }
