"""The registry's items for the dashboard."""

from django.urls import reverse
from django.utils.translation import ngettext

from actors.models import Organisation, UpdateRequest
from kmut.dashboard import CountedItem


def attention(user) -> list[CountedItem]:
    items = []
    update_requests = reverse("actors:updaterequest_list")
    if user.has_perm("actors.change_updaterequest"):
        items.append(
            CountedItem(
                UpdateRequest.objects.awaiting_review(),
                lambda count: (
                    ngettext(
                        "%(count)s reply to an update request to review",
                        "%(count)s replies to update requests to review",
                        count,
                    )
                    % {"count": count}
                ),
                update_requests + "?status=responded",
            )
        )
        items.append(
            CountedItem(
                UpdateRequest.objects.overdue(),
                lambda count: (
                    ngettext(
                        "%(count)s update request past its reply date",
                        "%(count)s update requests past their reply date",
                        count,
                    )
                    % {"count": count}
                ),
                update_requests + "?status=sent",
                level="info",
            )
        )
    if user.has_perm("actors.view_organisation"):
        items.append(
            CountedItem(
                Organisation.objects.stale(),
                lambda count: (
                    ngettext(
                        "%(count)s registry entry not confirmed for 12 months",
                        "%(count)s registry entries not confirmed for 12 months",
                        count,
                    )
                    % {"count": count}
                ),
                reverse("actors:organisation_list") + "?stale=on",
                level="info",
            )
        )
    return items
