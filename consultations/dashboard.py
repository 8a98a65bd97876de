"""The consultation log on the dashboard: "New consultation", follow-ups due, clients due for
anonymisation."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations import services
from kmut.dashboard import Action, CountedItem


def main_actions(user) -> list[Action]:
    if not user.has_perms(["consultations.add_consultation", "consultations.add_client"]):
        return []
    return [Action(_("New consultation"), reverse("consultations:consultation_create"))]


def attention(user) -> list[CountedItem]:
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
    return [
        *items,
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
        ),
    ]
