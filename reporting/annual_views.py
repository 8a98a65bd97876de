"""Pages of the annual committee report and the committee's downloads."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, UpdateView

from kmut import audit
from reporting import annual, releases
from reporting.models import AnnualReport

Status = AnnualReport.Status


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = [
            "title",
            "paper_number",
            "paper_type",
            "is_public",
            "committee",
            "meeting_date",
            "introduction",
            "assessment",
            "outlook",
        ]
        widgets = {
            "meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "assessment": forms.Textarea(attrs={"rows": 6}),
            "outlook": forms.Textarea(attrs={"rows": 6}),
        }


class AnnualReportListView(PermissionRequiredMixin, ListView):
    permission_required = "reporting.view_annualreport"
    template_name = "reporting/annual/list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            AnnualReport.objects.defer("pdf", "figures")
            .annotate(download_count=Count("downloads"))
            .order_by("-year", "-version")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or YearForm(
            initial={"year": timezone.localdate().year}
        )
        return context

    def post(self, request):
        if not request.user.has_perm("reporting.add_annualreport"):
            return self.handle_no_permission()
        form = YearForm(request.POST)
        if form.is_valid():
            try:
                report = releases.create_report(year=form.cleaned_data["year"], by=request.user)
            except ValidationError as error:
                form.add_error("year", error)
            else:
                messages.success(request, _("The draft report was created."))
                return redirect(report)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form))


class AnnualReportDetailView(PermissionRequiredMixin, DetailView):
    """The report as it will read: header, narrative and the figures (live for a draft)."""

    permission_required = "reporting.view_annualreport"
    model = AnnualReport
    template_name = "reporting/annual/detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return AnnualReport.objects.defer("pdf").select_related(
            "reviewed_by", "released_by", "supersedes"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = releases.figures_of(self.object)
        context["charts"] = annual.charts(context["figures"])
        context["can_release"] = self.request.user.has_perm("reporting.release_annualreport")
        context["history"] = audit.history_of(self.object)
        context["downloads"] = self.object.downloads.select_related("user")[:20]
        return context


class AnnualReportUpdateView(PermissionRequiredMixin, UpdateView):
    """Edit the narrative and the committee-paper header; a reviewed report goes back to draft."""

    permission_required = "reporting.change_annualreport"
    model = AnnualReport
    form_class = AnnualReportForm
    template_name = "reporting/annual/form.html"
    context_object_name = "report"

    def get_queryset(self):
        return AnnualReport.objects.defer("pdf", "figures")

    def dispatch(self, request, *args, **kwargs):
        report = get_object_or_404(AnnualReport.objects.only("pk", "status"), pk=kwargs["pk"])
        if request.user.has_perm(self.permission_required) and report.is_frozen:
            messages.error(
                request, _("A released report cannot be changed; create a correction instead.")
            )
            return redirect("reporting:annualreport_detail", pk=report.pk)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            needs_review = releases.save_texts(
                report=form.instance, changed=form.has_changed(), by=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.object = form.instance
        if needs_review:
            messages.info(self.request, _("The report was changed and needs a new review."))
        messages.success(self.request, _("The report was saved."))
        return redirect(self.object)


class AnnualReportActionView(PermissionRequiredMixin, View):
    """Review, release or correct (POST)."""

    permission_required = "reporting.change_annualreport"
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(AnnualReport.objects.defer("pdf"), pk=pk)
        action = request.POST.get("action")
        try:
            if action == "review":
                releases.mark_reviewed(report=report, by=request.user)
                messages.success(request, _("The report is marked as reviewed."))
            elif action == "release":
                if not request.user.has_perm("reporting.release_annualreport"):
                    raise ValidationError(_("Only the head of office can release a report."))
                releases.release(report=report, by=request.user)
                messages.success(
                    request, _("The report was released. The committee can download it now.")
                )
            elif action == "correct":
                correction = releases.start_correction(report=report, by=request.user)
                messages.success(request, _("A new version was created as a draft."))
                return redirect(correction)
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("reporting:annualreport_detail", pk=pk)


class AnnualReportPreviewView(PermissionRequiredMixin, View):
    """A draft's PDF rendered from today's data (marked as draft, not stored)."""

    permission_required = "reporting.view_annualreport"

    def get(self, request, pk):
        report = get_object_or_404(AnnualReport.objects.defer("pdf"), pk=pk)
        if report.is_frozen:
            return redirect("reporting:released_download", pk=report.pk)
        pdf = releases.render(report, releases.live_figures(report.year))
        return FileResponse(
            io.BytesIO(pdf),
            as_attachment=True,
            filename=f"jahresbericht-{report.year}-entwurf.pdf",
            content_type="application/pdf",
        )


class ReleasedDocumentListView(PermissionRequiredMixin, ListView):
    """The committee's area: released reports (and superseded versions) to download."""

    permission_required = "kmut.view_released_documents"
    template_name = "reporting/released_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            AnnualReport.objects.filter(status__in=[Status.RELEASED, Status.SUPERSEDED])
            .defer("pdf", "figures")
            .select_related("correction")
        )


class ReleasedDownloadView(PermissionRequiredMixin, View):
    """Exactly the PDF stored at release; every download is logged."""

    permission_required = "kmut.view_released_documents"

    def get(self, request, pk):
        report = get_object_or_404(AnnualReport, pk=pk)
        if not report.is_frozen:
            raise Http404
        releases.record_download(report=report, by=request.user)
        response = FileResponse(
            io.BytesIO(bytes(report.pdf)),
            as_attachment=True,
            filename=f"jahresbericht-{report.year}-v{report.version}.pdf",
            content_type="application/pdf",
        )
        response["X-Checksum-SHA256"] = report.sha256
        return response
