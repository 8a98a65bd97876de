"""The consultation log's scheduled job: retention (registered in ConsultationsConfig.ready)."""

from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consultations import retention
from kmut import audit
from kmut.jobs import ScheduledJob

RETENTION_JOB = ScheduledJob(
    name="consultations.retention",
    label=_("Retention of the consultation log: warnings and anonymisation"),
    func="consultations.jobs.run_retention",
    cron="15 2 * * *",
)


@audit.as_system
def run_retention(today: date | None = None) -> str:
    """E-mail the head of office about clients entering the warning period, then anonymise."""
    warned = retention.clients_expiring(
        today=today, within_days=settings.KMUT_CONSULTATION_WARNING_DAYS
    ).count()
    notified = retention.notify_retention_warning(today=today)
    pks = retention.apply_retention(today=today)
    with translation.override("de"):
        return gettext(
            "Anonymised %(anonymised)s client(s); %(due)s more due within %(days)s days; "
            "head of office e-mailed about %(notified)s newly due."
        ) % {
            "anonymised": len(pks),
            "due": max(warned - len(pks), 0),
            "days": settings.KMUT_CONSULTATION_WARNING_DAYS,
            "notified": notified,
        }
