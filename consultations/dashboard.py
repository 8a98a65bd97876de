"""The consultation log's items for the dashboard: clients due for anonymisation."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

from consultations import services
from kmut.dashboard import CountedItem


def attention(user) -> list[CountedItem]:
    if not user.has_perm("consultations.view_client"):
        return []
    days = settings.KMUT_CONSULTATION_WARNING_DAYS
    return [
        CountedItem(
            services.clients_expiring(within_days=days),
            lambda count: (
                ngettext(
                    "%(count)s client of the consultation log will be anonymised within %(days)s "
                    "days (retention period)",
                    "%(count)s clients of the consultation log will be anonymised within %(days)s "
                    "days (retention period)",
                    count,
                )
                % {"count": count, "days": days}
            ),
            reverse("consultations:client_list"),
        )
    ]
