"""The consultation log on the dashboard: "New consultation", follow-ups due, clients due for
anonymisation (that count cached until the log's data changes)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations import retention, services, statistics_cache
from kmut.dashboard import Action, AttentionItem, CountedItem


def main_actions(user) -> list[Action]:
    if not user.has_perms(["consultations.add_consultation", "consultations.add_client"]):
        return []
    return [Action(_("New consultation"), reverse("consultations:consultation_create"))]


def attention(user) -> list[AttentionItem | CountedItem]:
    items = []
    if user.has_perm("consultations.view_consultation"):
        items.append(
            CountedItem(
                services.follow_ups_due(user),
                lambda count: (
                    ngettext(
                        "%(count)s of your follow-ups is due",
                        "%(count)s of your follow-ups are due",
                        count,
                    )
                    % {"count": count}
                ),
                reverse("consultations:index") + "#follow-ups-heading",
                level="info",
            )
        )
    if not user.has_perm("consultations.view_client"):
        return items
    days = settings.KMUT_CONSULTATION_WARNING_DAYS
    # Counting them checks every client's consultations; the count changes only with the
    # consultation log's data or the day, so it is kept until then (decision 0022).
    key = f"kmut:retention-warning:{timezone.localdate()}:{days}:{retention.retention_years()}"
    expiring = statistics_cache.cached_value(
        key, lambda: retention.clients_expiring(within_days=days).count()
    )
    if not expiring:
        return items
    return [
        *items,
        AttentionItem(
            (
                ngettext(
                    "%(count)s client of the consultation log will be anonymised within %(days)s "
                    "days (retention period)",
                    "%(count)s clients of the consultation log will be anonymised within %(days)s "
                    "days (retention period)",
                    expiring,
                )
                % {"count": expiring, "days": days}
            ),
            reverse("consultations:client_list"),
        ),
    ]
