"""The annual report's workflow: draft → reviewed → released (by the lead); corrections.

Release follows the four-eyes principle: the person who marked the report reviewed cannot
release it, and every gap the completeness check finds must be confirmed one by one.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kmut import roles
from kmut.pdf import render_pdf
from reporting import annual
from reporting.models import AnnualReport, DocumentDownload, FundingStatement
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


@dataclass(frozen=True)
class Gap:
    """Something the report lacks; `code` is what the releasing person confirms."""

    code: str
    message: str


TEXTS = ("introduction", "assessment", "outlook")


def _empty_chapters(figures: dict) -> list[str]:
    """Anchors of the chapters whose data block has nothing to show."""
    plan = figures["action_plan"]
    volunteering = figures["volunteering"]
    counted = [row["count"] for table in figures["consultations"] for row in table["rows"]]
    empty = {
        "s-registry": not figures["registry"]["totals"]["organisations"],
        "s-plan": not plan["plan"],
        "s-network": not figures["network"]["meetings_total"],
        "s-volunteering": not (
            volunteering["totals"]["active_in_year"]
            or volunteering["trainings"]
            or volunteering["interpreting"]
        ),
        "s-projects": not (plan["projects"] or figures["projects"]["events"]),
        # None is a suppressed count ("< 3"): there were consultations.
        "s-counselling": all(count == 0 for count in counted),
    }
    return [anchor for anchor, _heading in annual.SECTIONS if empty.get(anchor)]


def completeness(report: AnnualReport, figures: dict | None = None) -> list[Gap]:
    """What the report lacks before release: header, texts, chapter data, funding statement.

    `figures` are the ones to be frozen (today's, by default).
    """
    if figures is None:
        figures = live_figures(report.year)
    headings = dict(annual.SECTIONS)
    gaps = []
    if not report.paper_number.strip():
        gaps.append(Gap("paper-number", _("The paper number is missing.")))
    for field in TEXTS:
        if not getattr(report, field).strip():
            label = AnnualReport._meta.get_field(field).verbose_name
            gaps.append(Gap(f"text-{field}", _("The text “%(text)s” is empty.") % {"text": label}))
    for anchor in _empty_chapters(figures):
        gaps.append(
            Gap(
                f"chapter-{anchor}",
                _("The chapter “%(chapter)s” has no figures for %(year)s.")
                % {"chapter": headings[anchor], "year": report.year},
            )
        )
    if not FundingStatement.objects.filter(year=report.year).exists():
        gaps.append(
            Gap(
                "funding",
                _("There is no funding statement for %(year)s.") % {"year": report.year},
            )
        )
    return gaps


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


def check_release(report: AnnualReport, *, by: User) -> None:
    """Why `by` may not release the report now (ValidationError), before any gap is confirmed."""
    if report.is_frozen:
        raise ValidationError(_("The report has already been released."), code="released")
    if report.status != Status.REVIEWED:
        raise ValidationError(
            _("Only a reviewed report can be released (it is “%(status)s”).")
            % {"status": report.get_status_display()},
            code="state",
        )
    if report.reviewed_by_id == by.pk:
        raise ValidationError(
            _(
                "You marked this report as reviewed, so another person must release it "
                "(four-eyes principle)."
            ),
            code="four_eyes",
        )


@transaction.atomic
def release(
    *, report: AnnualReport, by: User, confirmed: Iterable[str] = (), base_url: str = ""
) -> AnnualReport:
    """Freeze the figures, render the PDF/A once, store it with its checksum, tell the committee.

    Every gap of `completeness()` must be in `confirmed`. The row lock makes a double click or
    two people releasing at once release it once (the second gets code "released").
    `base_url` ("https://kmut.example") starts the link in the committee's e-mail.
    """
    if not by.has_perm("reporting.release_annualreport"):
        raise PermissionDenied
    report = _locked(report)
    check_release(report, by=by)
    figures = annual.collect(report.year)
    unconfirmed = [
        gap for gap in completeness(report, thaw(freeze(figures))) if gap.code not in set(confirmed)
    ]
    if unconfirmed:
        raise ValidationError(
            _("Please confirm each gap before releasing: %(gaps)s")
            % {"gaps": " ".join(gap.message for gap in unconfirmed)},
            code="unconfirmed",
        )
    report.figures = freeze(figures)
    report.status = Status.RELEASED
    report.released_by, report.released_at = by, timezone.now()
    report.pdf = render(report, thaw(report.figures), archival=True)
    report.sha256 = hashlib.sha256(report.pdf).hexdigest()
    report.save()
    if report.supersedes_id:
        AnnualReport.objects.filter(pk=report.supersedes_id).update(status=Status.SUPERSEDED)
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
        body = render_to_string(
            "reporting/emails/released.txt",
            {"report": report, "link": link, "listing": listing},
        )
        mails = [
            EmailMessage(subject=subject, body=body, to=[user.email])
            for user in committee_recipients().distinct().order_by("pk")
        ]
    if mails:
        with get_connection() as connection:
            connection.send_messages(mails)


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
