"""The annual report's workflow: draft → reviewed → released (by the lead); corrections.

Release follows the four-eyes principle: the person who marked the report reviewed cannot
release it, and every gap the completeness check finds must be confirmed one by one.
"""

import copy
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task
from simple_history.utils import bulk_create_with_history

from kmut import audit, roles
from kmut.pdf import render_pdf
from reporting import annual, outline
from reporting.models import (
    AnnualReport,
    CommitteeStep,
    DocumentDownload,
    FundingStatement,
    ReleaseJob,
    ReportChapter,
)
from reporting.snapshot import freeze, thaw

Status = AnnualReport.Status

# Who may release: the head of office (`kmut.roles`), asked only through `check_release`.
RELEASE_PERMISSION = "reporting.release_annualreport"


class Refused(ValidationError):
    """A workflow step the report's state or the person refuses; `code` names the rule:
    "exists", "frozen", "state", "correcting", "released", "four_eyes", "running", "unconfirmed",
    "changed". Views show it as a message or a form error."""


def live_figures(year: int) -> dict:
    """Current figures in exactly the shape a released snapshot has."""
    return thaw(freeze(annual.collect(year)))


def figures_of(report: AnnualReport) -> dict:
    return thaw(report.figures) if report.is_frozen else live_figures(report.year)


def render(report: AnnualReport, figures: dict, *, archival: bool = False) -> bytes:
    return render_pdf(
        "reporting/pdf/annual_report.html",
        {
            "report": report,
            "figures": figures,
            "draft": not report.is_frozen,
            "charts": annual.charts(figures),
            "committee_steps": list(report.committee_steps.all()) if report.pk else [],
            **outline.body_context(report, figures),
        },
        archival=archival,
    )


# The committee-paper header, copied into a correction.
HEADER_FIELDS = (
    "title",
    "paper_number",
    "paper_date",
    "paper_type",
    "is_public",
    "originating_office",
    "signatory",
    "signatory_role",
    "attachments",
)


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


@audit.records_actor
def create_report(*, year: int, by: User) -> AnnualReport:
    if AnnualReport.objects.filter(year=year).exists():
        raise Refused(
            _("There is already a report for %(year)s; open it or create a correction.")
            % {"year": year},
            code="exists",
        )
    report = AnnualReport.objects.create(
        year=year,
        title=_("Annual report of the coordination office for migration and participation %(year)s")
        % {"year": year},
    )
    outline.create_chapters(report)
    return report


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


def check_editable(report: AnnualReport) -> None:
    """A released (or superseded) report is never changed: a correction is a new version."""
    if report.is_frozen:
        raise Refused(
            _("A released report cannot be changed; create a correction instead."), code="frozen"
        )


@audit.records_actor
@transaction.atomic
def save_texts(*, report: AnnualReport, changed: bool, by: User) -> bool:
    """Save edited texts and header; a changed reviewed report goes back to draft.

    Returns True when the report needs a new review.
    """
    check_editable(_locked(report))
    needs_review = report.status == Status.REVIEWED and changed
    if needs_review:
        report.status = Status.DRAFT
    report.save()
    return needs_review


@audit.records_actor
def record_download(*, report: AnnualReport, by: User) -> None:
    """Log a download of a released report (who and when)."""
    DocumentDownload.objects.create(report=report, user=by)


@audit.records_actor
@transaction.atomic
def mark_reviewed(*, report: AnnualReport, by: User) -> AnnualReport:
    report = _locked(report)
    if not report.can_be_reviewed:
        raise Refused(_("Only a draft can be marked as reviewed."), code="state")
    report.status = Status.REVIEWED
    report.reviewed_by, report.reviewed_at = by, timezone.now()
    report.save()
    return report


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


@audit.records_actor
def release(
    *,
    report: AnnualReport,
    by: User,
    confirmed: Iterable[str] = (),
    base_url: str = "",
    progress: Callable[[str], None] | None = None,
) -> AnnualReport:
    """Freeze the figures, render the PDF/A once, store it with its checksum, tell the committee.

    Every gap of `completeness()` must be in `confirmed`. The figures are collected and the PDF
    rendered outside any transaction (it takes seconds); storing then happens under the report's
    row lock, after checking again, so a double click or two people releasing at once release it
    once (the second gets code "released"), and a report edited meanwhile is not released
    (code "changed"). `progress(step)` is told each `ReleaseJob.Step` as it begins.
    `base_url` ("https://kmut.example") starts the link in the committee's e-mail.
    """
    progress = progress or (lambda step: None)
    report = AnnualReport.objects.defer("pdf", "figures").get(pk=report.pk)  # as stored now
    _check_releasable(report, by=by)  # the job running is this one
    progress(ReleaseJob.Step.COLLECTING)
    figures = freeze(annual.collect(report.year))
    _check_confirmed(report, thaw(figures), confirmed)
    progress(ReleaseJob.Step.RENDERING)
    released = copy.copy(report)
    released.figures = figures
    released.status = Status.RELEASED
    released.released_by, released.released_at = by, timezone.now()
    pdf = render(released, thaw(figures), archival=True)
    progress(ReleaseJob.Step.STORING)
    with transaction.atomic():
        report = _locked(report)
        _check_releasable(report, by=by)
        if report.updated_at != released.updated_at:
            raise Refused(
                _(
                    "The report was changed while its PDF was being rendered. Please check it "
                    "and release it again."
                ),
                code="changed",
            )
        report.figures = figures
        report.status = Status.RELEASED
        report.released_by, report.released_at = by, released.released_at
        report.pdf = pdf
        report.sha256 = hashlib.sha256(pdf).hexdigest()
        report.save()
        if report.supersedes_id:
            superseded = AnnualReport.objects.select_for_update().get(pk=report.supersedes_id)
            superseded.status = Status.SUPERSEDED
            superseded._change_reason = _("Superseded by a correction")
            superseded.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda: _mail_committee(report, base_url))
    return report


def _check_confirmed(report: AnnualReport, figures: dict, confirmed: Iterable[str]) -> None:
    confirmed = set(confirmed)
    unconfirmed = [gap for gap in completeness(report, figures) if gap.code not in confirmed]
    if unconfirmed:
        raise Refused(
            _("Please confirm each gap before releasing: %(gaps)s")
            % {"gaps": " ".join(gap.message for gap in unconfirmed)},
            code="unconfirmed",
        )


# --- release by the background worker ---------------------------------------------------------

RELEASE_TASK_GROUP = "reporting.release"


@audit.records_actor
def request_release(
    *, report: AnnualReport, by: User, confirmed: Iterable[str] = (), base_url: str = ""
) -> ReleaseJob:
    """Check a release now and hand it to the background worker; the page shows its progress.

    Refuses what `release` would refuse (`check_release`, unconfirmed gaps) at once. Under the
    report's row lock at most one job per report is running: a second request while one runs
    gets code "running", and nothing is queued twice.
    """
    with transaction.atomic():
        report = _locked(report)
        check_release(report, by=by)
        _check_confirmed(report, live_figures(report.year), confirmed)
        stale = _running_job(report)  # check_release let it through: its worker has died
        if stale is not None:
            _fail(stale, _("The background worker stopped during the release."))
        job = ReleaseJob.objects.create(
            report=report, requested_by=by, confirmed=sorted(set(confirmed)), base_url=base_url
        )
        transaction.on_commit(
            lambda: async_task(
                "reporting.releases.run_release_job",
                job.pk,
                group=RELEASE_TASK_GROUP,
                task_name=f"release-{job.pk}",
            )
        )
    return job


def run_release_job(job_pk: int) -> str:
    """The worker's part: release the report of a queued job, recording each step.

    Runs a job once: a job already taken (a task handed out twice) is left alone.
    """
    if not ReleaseJob.objects.filter(pk=job_pk, step=ReleaseJob.Step.QUEUED).update(
        step=ReleaseJob.Step.COLLECTING, started_at=timezone.now(), updated_at=timezone.now()
    ):
        return "already taken"
    job = ReleaseJob.objects.select_related("requested_by").get(pk=job_pk)
    report = AnnualReport.objects.defer("pdf", "figures").get(pk=job.report_id)

    def progress(step):
        ReleaseJob.objects.filter(pk=job_pk).update(step=step, updated_at=timezone.now())

    try:
        with translation.override("de"):
            release(
                report=report,
                by=job.requested_by,
                confirmed=job.confirmed,
                base_url=job.base_url,
                progress=progress,
            )
    except ValidationError as error:
        _fail(job, " ".join(error.messages))
        return "refused"
    except Exception:
        _fail(job, _("The PDF could not be created. The administration sees the error."))
        raise  # recorded with its traceback as the worker's failed task
    ReleaseJob.objects.filter(pk=job_pk).update(
        step=ReleaseJob.Step.DONE, finished_at=timezone.now(), updated_at=timezone.now()
    )
    return "released"


def _fail(job: ReleaseJob, message: str) -> None:
    ReleaseJob.objects.filter(pk=job.pk).update(
        step=ReleaseJob.Step.FAILED,
        error=message,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def latest_release_job(report: AnnualReport) -> ReleaseJob | None:
    return report.release_jobs.select_related("requested_by").first()


def committee_recipients():
    return User.objects.filter(groups__name=roles.COMMITTEE, is_active=True).exclude(email="")


def _mail_committee(report: AnnualReport, base_url: str) -> None:
    """One e-mail per committee member (no one sees the others' addresses)."""
    link = base_url.rstrip("/") + reverse("reporting:released_download", args=[report.pk])
    listing = base_url.rstrip("/") + reverse("reporting:released_list")
    with translation.override("de"):
        subject = _("Released: %(title)s") % {"title": report.title}
        mails = [
            EmailMessage(
                subject=subject,
                body=render_to_string(
                    "reporting/emails/released.txt",
                    {"report": report, "link": link, "listing": listing, "recipient": user},
                ),
                to=[user.email],
            )
            for user in committee_recipients().distinct().order_by("pk")
        ]
    if mails:
        with get_connection() as connection:
            connection.send_messages(mails)


@audit.records_actor
@transaction.atomic
def start_correction(*, report: AnnualReport, by: User) -> AnnualReport:
    """A new draft version of a released report; the released one stays until it is replaced."""
    report = _locked(report)
    if not report.can_be_corrected:
        raise Refused(_("Only the released version can be corrected."), code="state")
    if AnnualReport.objects.filter(supersedes=report).exists():
        raise Refused(_("A correction of this version is already in progress."), code="correcting")
    latest = AnnualReport.objects.filter(year=report.year).order_by("-version").first()
    correction = AnnualReport.objects.create(
        year=report.year,
        version=latest.version + 1,
        supersedes=report,
        **{field: getattr(report, field) for field in HEADER_FIELDS},
    )
    bulk_create_with_history(
        [
            CommitteeStep(
                report=correction,
                committee=step.committee,
                meeting_date=step.meeting_date,
                purpose=step.purpose,
                position=step.position,
            )
            for step in report.committee_steps.all()
        ],
        CommitteeStep,
    )
    outline.copy_chapters(report, correction)
    return correction
