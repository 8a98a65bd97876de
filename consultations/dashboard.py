"""The consultation log's items for the dashboard: clients due for anonymisation."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

from consultations import services
from kmut.dashboard import AttentionItem


def attention(user) -> list[AttentionItem]:
    if not user.has_perm("consultations.view_client"):
        return []
    due = services.clients_expiring(within_days=settings.KMUT_CONSULTATION_WARNING_DAYS).count()
    if not due:
        return []
    return [
        AttentionItem(
            ngettext(
                "%(count)s client of the consultation log will be anonymised within %(days)s "
                "days (retention period)",
                "%(count)s clients of the consultation log will be anonymised within %(days)s "
                "days (retention period)",
                due,
            )
            % {"count": due, "days": settings.KMUT_CONSULTATION_WARNING_DAYS},
            reverse("consultations:client_list"),
        )
    ]
