"""Releasing an annual report: the confirmation page, the progress the page polls, the preview."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from kmut.responses import PDF, file_response
from reporting import releases
from reporting.forms import (
    ReleaseForm,
)
from reporting.models import AnnualReport

Status = AnnualReport.Status

__all__ = ["AnnualReportPreviewView", "AnnualReportReleaseStatusView", "AnnualReportReleaseView"]


class AnnualReportReleaseView(PermissionRequiredMixin, View):
    """The confirmation page: the completeness check, the four-eyes rule, then release (POST)."""

    permission_required = releases.RELEASE_PERMISSION
    template_name = "reporting/annual/release.html"

    def load(self, pk):
        self.report = get_object_or_404(
            AnnualReport.objects.defer("pdf", "figures").select_related("reviewed_by"), pk=pk
        )

    def refusal(self):
        try:
            releases.check_release(self.report, by=self.request.user)
        except releases.Refused as error:
            return error
        return None

    def render(self, form=None):
        refusal = self.refusal()
        if form is None and refusal is None:
            form = ReleaseForm(gaps=releases.completeness(self.report))
        return render(
            self.request,
            self.template_name,
            {"report": self.report, "form": form, "refusal": refusal},
        )

    def get(self, request, pk):
        self.load(pk)
        return self.render()

    def post(self, request, pk):
        self.load(pk)
        refusal = self.refusal()
        if refusal is not None:
            if refusal.code == "released":  # a second click: released once, nothing to do
                messages.info(request, " ".join(refusal.messages))
            else:
                messages.error(request, " ".join(refusal.messages))
            return redirect(self.report)
        form = ReleaseForm(request.POST, gaps=releases.completeness(self.report))
        if not form.is_valid():
            return self.render(form)
        try:
            releases.request_release(
                report=self.report,
                by=request.user,
                confirmed=form.cleaned_data["confirmed"],
                base_url=request.build_absolute_uri("/"),
            )
        except releases.Refused as error:
            if error.code in ("released", "running"):
                messages.info(request, " ".join(error.messages))
                return redirect(self.report)
            form.add_error(None, error)
            return self.render(form)
        messages.info(
            request,
            _(
                "The release has started: the PDF is being rendered in the background. This "
                "page shows the progress; the committee members are told by e-mail when it is done."
            ),
        )
        return redirect(self.report)


class AnnualReportReleaseStatusView(PermissionRequiredMixin, View):
    """The progress of a running release, polled by the report page (htmx).

    While the job runs it answers the progress box; once it has finished the page reloads
    (with a message) to show the released report or the failure. Without htmx: the report.
    """

    permission_required = "reporting.view_annualreport"

    def get(self, request, pk):
        report = get_object_or_404(AnnualReport.objects.defer("pdf", "figures"), pk=pk)
        if not request.htmx:
            return redirect(report)
        job = releases.latest_release_job(report)
        if job is not None and job.is_under_way:
            return render(
                request,
                "reporting/annual/_release_progress.html",
                {"report": report, "release_job": job},
            )
        if job is not None and job.step == job.Step.DONE:
            messages.success(
                request,
                _("The report was released. The committee members were told by e-mail."),
            )
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response


class AnnualReportPreviewView(PermissionRequiredMixin, View):
    """A draft's PDF rendered from today's data (marked as draft, not stored)."""

    permission_required = "reporting.view_annualreport"

    def get(self, request, pk):
        report = get_object_or_404(AnnualReport.objects.defer("pdf"), pk=pk)
        if report.is_frozen:
            return redirect("reporting:released_download", pk=report.pk)
        pdf = releases.render(report, releases.live_figures(report.year))
        return file_response(pdf, f"jahresbericht-{report.year}-entwurf.pdf", PDF)
