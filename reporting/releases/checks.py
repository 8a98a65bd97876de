"""The release rules and the completeness check, asked by the pages, the request and the worker."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from reporting import outline
from reporting.models import (
    AnnualReport,
    FundingStatement,
    ReleaseJob,
    ReportChapter,
)
from reporting.releases.base import RELEASE_PERMISSION, Refused, Status, live_figures

__all__ = [
    "Gap",
    "can_release",
    "check_editable",
    "check_release",
    "completeness",
    "reports_to_release_by",
]


@dataclass(frozen=True)
class Gap:
    """Something the report lacks; `code` is what the releasing person confirms."""

    code: str
    message: str


def completeness(report: AnnualReport, figures: dict | None = None) -> list[Gap]:
    """What the report lacks before release: header, texts, chapter data, funding statement.

    `figures` are the ones to be frozen (today's, by default).
    """
    if figures is None:
        figures = live_figures(report.year)
    gaps = []
    if not report.paper_number.strip():
        gaps.append(Gap("paper-number", _("The paper number is missing.")))
    if not report.committee_steps.exists():
        gaps.append(Gap("committees", _("No committee is named in the sequence of committees.")))
    for item in outline.chapters_of(report):
        if not outline.chapter_is_empty(item, figures):
            continue
        code = f"chapter-{item.chapter.pk or item.anchor}"
        if item.chapter.block == ReportChapter.Block.TEXT:
            message = _("The chapter “%(chapter)s” has no text.") % {"chapter": item.heading}
        else:
            message = _(
                "The chapter “%(chapter)s” has neither a text nor figures for %(year)s."
            ) % {"chapter": item.heading, "year": report.year}
        gaps.append(Gap(code, message))
    if not FundingStatement.objects.filter(year=report.year).exists():
        gaps.append(
            Gap(
                "funding",
                _("There is no funding statement for %(year)s.") % {"year": report.year},
            )
        )
    return gaps


def check_editable(report: AnnualReport) -> None:
    """A released (or superseded) report is never changed: a correction is a new version."""
    if report.is_frozen:
        raise Refused(
            _("A released report cannot be changed; create a correction instead."), code="frozen"
        )


def check_release(report: AnnualReport, *, by: User) -> None:
    """Why `by` may not release the report now, before any gap is confirmed.

    The one place of the release rules, asked by the pages (`can_release`), the request and,
    but for the running job (its own), the worker: only the head of office releases
    (PermissionDenied), once ("released"), a reviewed report ("state"), not the person who
    reviewed it ("four_eyes"), while no other release runs ("running"; a job whose worker died
    does not count).
    """
    _check_releasable(report, by=by)
    running = _running_job(report)
    if running is not None and running.is_under_way:
        raise Refused(_("The release is already running."), code="running")


def can_release(report: AnnualReport, *, by: User) -> bool:
    """Whether to offer `by` the release of the report (`check_release` lets it through)."""
    try:
        check_release(report, by=by)
    except (PermissionDenied, Refused):
        return False
    return True


def reports_to_release_by(user: User):
    """The reviewed reports `user` may release, as a query: `check_release`'s rules but for the
    running job (for the dashboard's count)."""
    if not user.has_perm(RELEASE_PERMISSION):
        return AnnualReport.objects.none()
    return AnnualReport.objects.filter(status=Status.REVIEWED).exclude(reviewed_by=user)


def _check_releasable(report: AnnualReport, *, by: User) -> None:
    if not by.has_perm(RELEASE_PERMISSION):
        raise PermissionDenied
    if report.is_frozen:
        raise Refused(_("The report has already been released."), code="released")
    if report.status != Status.REVIEWED:
        raise Refused(
            _("Only a reviewed report can be released (it is “%(status)s”).")
            % {"status": report.get_status_display()},
            code="state",
        )
    if report.reviewed_by_id == by.pk:
        raise Refused(
            _(
                "You marked this report as reviewed, so another person must release it "
                "(four-eyes principle)."
            ),
            code="four_eyes",
        )


def _running_job(report: AnnualReport) -> ReleaseJob | None:
    return report.release_jobs.filter(step__in=ReleaseJob.RUNNING).first()


def _check_confirmed(report: AnnualReport, figures: dict, confirmed: Iterable[str]) -> None:
    confirmed = set(confirmed)
    unconfirmed = [gap for gap in completeness(report, figures) if gap.code not in confirmed]
    if unconfirmed:
        raise Refused(
            _("Please confirm each gap before releasing: %(gaps)s")
            % {"gaps": " ".join(gap.message for gap in unconfirmed)},
            code="unconfirmed",
        )
