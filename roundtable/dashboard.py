"""The bodies' items for the dashboard: missing meetings and overdue action items."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kmut.dashboard import AttentionItem, CountedItem
from roundtable import rhythm
from roundtable.models import ActionItem


def attention(user) -> list[AttentionItem | CountedItem]:
    if not user.has_perm("roundtable.view_meeting"):
        return []
    items = [
        AttentionItem(
            _("No meeting of %(body)s planned between %(start)s and %(end)s")
            % {
                "body": missing.body.name,
                "start": date_format(missing.period_start, "SHORT_DATE_FORMAT"),
                "end": date_format(missing.period_end, "SHORT_DATE_FORMAT"),
            },
            reverse("roundtable:meeting_create", args=[missing.body.pk]),
        )
        for missing in rhythm.missing_meetings()
    ]
    items.append(
        CountedItem(
            ActionItem.objects.overdue(),
            lambda count: (
                ngettext(
                    "%(count)s action item from meetings is overdue",
                    "%(count)s action items from meetings are overdue",
                    count,
                )
                % {"count": count}
            ),
            reverse("roundtable:actionitem_list"),
            level="danger",
        )
    )
    return items
