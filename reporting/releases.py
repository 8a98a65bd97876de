"""The annual report's workflow: draft → reviewed → released (by the lead); corrections."""

import hashlib

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kmut.pdf import render_pdf
from reporting import annual
from reporting.models import AnnualReport, DocumentDownload
from reporting.snapshot import freeze, thaw

Status = AnnualReport.Status


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
            "district_name": settings.KMUT_DISTRICT_NAME,
            "draft": not report.is_frozen,
            "sections": annual.SECTIONS,
            "charts": annual.charts(figures),
        },
        archival=archival,
    )


def create_report(*, year: int, by: User) -> AnnualReport:
    if AnnualReport.objects.filter(year=year).exists():
        raise ValidationError(
            _("There is already a report for %(year)s; open it or create a correction.")
            % {"year": year},
            code="exists",
        )
    return AnnualReport.objects.create(
        year=year,
        title=_("Annual report of the coordination office for migration and participation %(year)s")
        % {"year": year},
    )


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def save_texts(*, report: AnnualReport, changed: bool, by: User) -> bool:
    """Save edited texts and header; a changed reviewed report goes back to draft.

    Returns True when the report needs a new review.
    """
    if _locked(report).is_frozen:
        raise ValidationError(
            _("A released report cannot be changed; create a correction instead."), code="frozen"
        )
    needs_review = report.status == Status.REVIEWED and changed
    if needs_review:
        report.status = Status.DRAFT
    report.save()
    return needs_review


def record_download(*, report: AnnualReport, by: User) -> None:
    """Log a download of a released report (who and when)."""
    DocumentDownload.objects.create(report=report, user=by)


@transaction.atomic
def mark_reviewed(*, report: AnnualReport, by: User) -> AnnualReport:
    report = _locked(report)
    if report.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be marked as reviewed."), code="state")
    report.status = Status.REVIEWED
    report.reviewed_by, report.reviewed_at = by, timezone.now()
    report.save()
    return report


@transaction.atomic
def release(*, report: AnnualReport, by: User) -> AnnualReport:
    """Freeze the figures, render the PDF/A once and store it with its checksum.

    The row lock makes a double click or two people releasing at once release it once.
    """
    if not by.has_perm("reporting.release_annualreport"):
        raise PermissionDenied
    report = _locked(report)
    if report.status != Status.REVIEWED:
        raise ValidationError(
            _("Only a reviewed report can be released (it is “%(status)s”).")
            % {"status": report.get_status_display()},
            code="state",
        )
    report.figures = freeze(annual.collect(report.year))
    report.status = Status.RELEASED
    report.released_by, report.released_at = by, timezone.now()
    report.pdf = render(report, thaw(report.figures), archival=True)
    report.sha256 = hashlib.sha256(report.pdf).hexdigest()
    report.save()
    if report.supersedes_id:
        AnnualReport.objects.filter(pk=report.supersedes_id).update(status=Status.SUPERSEDED)
    return report


@transaction.atomic
def start_correction(*, report: AnnualReport, by: User) -> AnnualReport:
    """A new draft version of a released report; the released one stays until it is replaced."""
    report = _locked(report)
    if report.status != Status.RELEASED:
        raise ValidationError(_("Only the released version can be corrected."), code="state")
    if AnnualReport.objects.filter(supersedes=report).exists():
        raise ValidationError(_("A correction of this version is already in progress."))
    latest = AnnualReport.objects.filter(year=report.year).order_by("-version").first()
    return AnnualReport.objects.create(
        year=report.year,
        version=latest.version + 1,
        title=report.title,
        paper_number=report.paper_number,
        paper_type=report.paper_type,
        is_public=report.is_public,
        committee=report.committee,
        meeting_date=report.meeting_date,
        introduction=report.introduction,
        assessment=report.assessment,
        outlook=report.outlook,
        supersedes=report,
    )
