"""The action plan's items for the dashboard: overdue and at-risk measures of the latest plan."""

from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from kmut.dashboard import AttentionItem
from reporting import queries
from reporting.models import ActionPlan


def attention(user) -> list[AttentionItem]:
    if not user.has_perm("reporting.view_actionplan"):
        return []
    newest = ActionPlan.objects.values("pk")[:1]  # newest year, highest version
    measures = list(queries.measures_of(Subquery(newest), with_organisations=False))
    if not measures:
        return []
    today = timezone.localdate()
    progress = [queries.measure_progress(measure, today=today) for measure in measures]
    url = reverse("reporting:plan_progress", args=[measures[0].goal.plan_id])
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
