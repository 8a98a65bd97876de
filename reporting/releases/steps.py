"""The workflow's steps: create, edit, review, release (with the committee's e-mail), correct."""

import copy
import hashlib
from collections.abc import Callable, Iterable

from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kmut import audit, roles
from reporting import annual, outline
from reporting.models import (
    AnnualReport,
    CommitteeStep,
    DocumentDownload,
    ReleaseJob,
)
from reporting.releases.base import Refused, Status, _locked, render
from reporting.releases.checks import _check_confirmed, _check_releasable, check_editable
from reporting.snapshot import freeze, thaw

__all__ = [
    "HEADER_FIELDS",
    "committee_recipients",
    "create_report",
    "mark_reviewed",
    "record_download",
    "release",
    "save_texts",
    "start_correction",
]


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
