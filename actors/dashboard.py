"""The registry's items for the dashboard."""

from django.urls import reverse
from django.utils.translation import ngettext

from actors.models import Organisation, UpdateRequest
from kmut.dashboard import AttentionItem


def attention(user) -> list[AttentionItem]:
    items = []
    if user.has_perm("actors.change_updaterequest"):
        count = UpdateRequest.objects.awaiting_review().count()
        if count:
            items.append(
                AttentionItem(
                    ngettext(
                        "%(count)s reply to an update request to review",
                        "%(count)s replies to update requests to review",
                        count,
                    )
                    % {"count": count},
                    reverse("actors:updaterequest_list") + "?status=responded",
                )
            )
        overdue = UpdateRequest.objects.overdue().count()
        if overdue:
            items.append(
                AttentionItem(
                    ngettext(
                        "%(count)s update request past its reply date",
                        "%(count)s update requests past their reply date",
                        overdue,
                    )
                    % {"count": overdue},
                    reverse("actors:updaterequest_list") + "?status=sent",
                    level="info",
                )
            )
    if user.has_perm("actors.view_organisation"):
        stale = Organisation.objects.stale().count()
        if stale:
            items.append(
                AttentionItem(
                    ngettext(
                        "%(count)s registry entry not confirmed for 12 months",
                        "%(count)s registry entries not confirmed for 12 months",
                        stale,
                    )
                    % {"count": stale},
                    reverse("actors:organisation_list") + "?stale=on",
                    level="info",
                )
            )
    return items
