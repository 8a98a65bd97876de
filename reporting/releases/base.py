"""What every step of the workflow uses: the refusal, who may release, the figures and the PDF."""

from django.core.exceptions import ValidationError

from kmut.pdf import render_pdf
from reporting import annual, outline
from reporting.models import (
    AnnualReport,
)
from reporting.snapshot import freeze, thaw

__all__ = ["RELEASE_PERMISSION", "Refused", "Status", "figures_of", "live_figures", "render"]


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


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)
