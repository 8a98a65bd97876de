"""Reporting's items for the dashboard: annual reports waiting for the lead (review, release),
overdue and at-risk measures of the latest action plan, and for committee members the download of
the released reports."""

from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kmut.dashboard import Action, AttentionItem, CountedItem
from reporting import queries, releases
from reporting.models import ActionPlan, AnnualReport


def main_actions(user) -> list[Action]:
    """A committee member's main job: download the released reports (the newest first)."""
    if not user.has_perm("kmut.view_released_documents") or user.has_perm(
        "reporting.view_annualreport"
    ):
        return []  # staff reach the reports through the reports area
    released = (
        AnnualReport.objects.filter(status=AnnualReport.Status.RELEASED)
        .only("pk", "year", "version", "title")
        .order_by("-year", "-version")[:3]
    )
    return [
        *(
            Action(
                _("Download %(title)s (PDF)") % {"title": report.title},
                reverse("reporting:released_download", args=[report.pk]),
            )
            for report in released
        ),
        Action(_("All released documents"), reverse("reporting:released_list")),
    ]


def annual_reports(user) -> list[CountedItem]:
    """For whoever releases reports (the lead): drafts to review and reviewed ones to release."""
    if not user.has_perm(releases.RELEASE_PERMISSION):
        return []
    url = reverse("reporting:annualreport_list")
    return [
        CountedItem(
            releases.reports_to_release_by(user),
            lambda count: (
                ngettext(
                    "%(count)s reviewed annual report is waiting for your release",
                    "%(count)s reviewed annual reports are waiting for your release",
                    count,
                )
                % {"count": count}
            ),
            url,
        ),
        CountedItem(
            AnnualReport.objects.filter(status=AnnualReport.Status.DRAFT),
            lambda count: (
                ngettext(
                    "%(count)s draft annual report is waiting for review",
                    "%(count)s draft annual reports are waiting for review",
                    count,
                )
                % {"count": count}
            ),
            url,
            level="info",
        ),
    ]


def attention(user) -> list[AttentionItem | CountedItem]:
    return annual_reports(user) + action_plan(user)


def action_plan(user) -> list[AttentionItem]:
    if not user.has_perm("reporting.view_actionplan"):
        return []
    newest = ActionPlan.objects.values("pk")[:1]  # newest year, highest version
    measures = list(queries.measures_of(Subquery(newest), with_organisations=False))
    if not measures:
        return []
    today = timezone.localdate()
    progress = [
        queries.measure_progress(measure, today=today, with_organisations=False)
        for measure in measures
    ]
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
