"""The action plan's items for the dashboard: overdue and at-risk measures of the latest plan."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from kmut.dashboard import AttentionItem
from reporting import queries
from reporting.models import ActionPlan


def attention(user) -> list[AttentionItem]:
    if not user.has_perm("reporting.view_actionplan"):
        return []
    plan = ActionPlan.objects.first()  # newest year, highest version
    if plan is None:
        return []
    progress = queries.plan_progress(plan, today=timezone.localdate())
    url = reverse("reporting:plan_progress", args=[plan.pk])
    items = []
    overdue = sum(item.is_overdue for item in progress)
    if overdue:
        items.append(
            AttentionItem(
                ngettext(
                    "%(count)s measure of the action plan is overdue",
                    "%(count)s measures of the action plan are overdue",
                    overdue,
                )
                % {"count": overdue},
                url,
                level="danger",
            )
        )
    at_risk = sum(item.is_at_risk for item in progress)
    if at_risk:
        items.append(
            AttentionItem(
                ngettext(
                    "%(count)s measure of the action plan is at risk",
                    "%(count)s measures of the action plan are at risk",
                    at_risk,
                )
                % {"count": at_risk},
                url,
            )
        )
    return items
