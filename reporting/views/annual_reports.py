"""The annual committee report's pages: the list, the report, its parts, review and correction."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, UpdateView

from kmut import audit
from reporting import annual, outline, releases
from reporting.forms import (
    AnnualReportForm,
    ChapterTextForm,
    CommitteeStepFormSet,
    OutlineFormSet,
    YearForm,
)
from reporting.models import AnnualReport, ReportChapter

Status = AnnualReport.Status

__all__ = [
    "AnnualReportCorrectView",
    "AnnualReportDetailView",
    "AnnualReportListView",
    "AnnualReportOutlineView",
    "AnnualReportPostView",
    "AnnualReportReviewView",
    "AnnualReportUpdateView",
    "ChapterUpdateView",
    "FrozenGuardMixin",
    "ReportPartsView",
]


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
        context.update(outline.body_context(self.object, context["figures"]))
        context["committee_steps"] = self.object.committee_steps.all()
        context["editable"] = not self.object.is_frozen and self.request.user.has_perm(
            "reporting.change_annualreport"
        )
        context["can_release"] = releases.can_release(self.object, by=self.request.user)
        job = None if self.object.is_frozen else releases.latest_release_job(self.object)
        if job is not None and (job.is_under_way or job.step == job.Step.FAILED):
            context["release_job"] = job
        context["history"] = audit.history_of(self.object)
        context["downloads"] = self.object.downloads.select_related("user")[:20]
        return context


class FrozenGuardMixin:
    """A released report's pages for editing send back to the report with a message."""

    def report_pk(self, kwargs):
        return kwargs["pk"]

    def dispatch(self, request, *args, **kwargs):
        report = get_object_or_404(
            AnnualReport.objects.only("pk", "status"), pk=self.report_pk(kwargs)
        )
        if request.user.has_perm("reporting.change_annualreport"):
            try:
                releases.check_editable(report)
            except releases.Refused as error:
                messages.error(request, " ".join(error.messages))
                return redirect("reporting:annualreport_detail", pk=report.pk)
        return super().dispatch(request, *args, **kwargs)


class ReportPartsView(PermissionRequiredMixin, FrozenGuardMixin, UpdateView):
    """Edit a part of a draft report; a reviewed report goes back to draft when it changes."""

    permission_required = "reporting.change_annualreport"
    saved_message = gettext_lazy("The report was saved.")

    def formset_class(self):
        return None

    def report_of(self, obj) -> AnnualReport:
        return obj

    def get_formset(self):
        formset_class = self.formset_class()
        if formset_class is None:
            return None
        data = self.request.POST if self.request.method == "POST" else None
        return formset_class(data, instance=self.report_of(self.object), prefix="items")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["formset"] = kwargs.get("formset") or self.get_formset()
        context["report"] = self.report_of(self.object)
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        formset = self.get_formset()
        if form.is_valid() and (formset is None or formset.is_valid()):
            return self.save_all(form, formset)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def save_all(self, form, formset):
        report = self.report_of(form.instance)
        changed = form.has_changed() or bool(formset and formset.has_changed())
        try:
            with transaction.atomic():
                if form.instance is not report:
                    form.save()
                needs_review = releases.save_texts(
                    report=report, changed=changed, by=self.request.user
                )
                if formset is not None:
                    formset.save()
        except releases.Refused as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        if needs_review:
            messages.info(self.request, _("The report was changed and needs a new review."))
        messages.success(self.request, self.saved_message)
        return redirect(report)


class AnnualReportUpdateView(ReportPartsView):
    """The committee-paper header with its sequence of committees."""

    model = AnnualReport
    form_class = AnnualReportForm
    template_name = "reporting/annual/form.html"

    def get_queryset(self):
        return AnnualReport.objects.defer("pdf", "figures")

    def formset_class(self):
        return CommitteeStepFormSet


class AnnualReportOutlineView(ReportPartsView):
    """The chapters: order, headings, levels, data blocks, left out or in."""

    model = AnnualReport
    fields = []
    template_name = "reporting/annual/outline.html"
    saved_message = gettext_lazy("The outline was saved.")

    def get_queryset(self):
        return AnnualReport.objects.defer("pdf", "figures")

    def formset_class(self):
        return OutlineFormSet

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        if not report.chapters.exists():
            outline.create_chapters(report)
        return super().get(request, *args, **kwargs)


class ChapterUpdateView(ReportPartsView):
    """One chapter's heading and text (its figures come from the app)."""

    model = ReportChapter
    form_class = ChapterTextForm
    template_name = "reporting/annual/chapter_form.html"
    saved_message = gettext_lazy("The chapter was saved.")

    def report_pk(self, kwargs):
        chapter = get_object_or_404(ReportChapter.objects.only("report_id"), pk=kwargs["pk"])
        return chapter.report_id

    def get_queryset(self):
        return ReportChapter.objects.select_related("report")

    def report_of(self, obj):
        return obj.report

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chapter"] = self.object
        return context


class AnnualReportPostView(PermissionRequiredMixin, View):
    """A workflow step by POST; a refused step comes back as a message on the report page."""

    permission_required = "reporting.change_annualreport"
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(AnnualReport.objects.defer("pdf"), pk=pk)
        try:
            target = self.act(report)
        except releases.Refused as error:
            messages.error(request, " ".join(error.messages))
            target = None
        return redirect(target or report)

    def act(self, report):
        raise NotImplementedError


class AnnualReportReviewView(AnnualReportPostView):
    def act(self, report):
        releases.mark_reviewed(report=report, by=self.request.user)
        messages.success(
            self.request,
            _("The report is marked as reviewed. Another person can now release it."),
        )


class AnnualReportCorrectView(AnnualReportPostView):
    def act(self, report):
        correction = releases.start_correction(report=report, by=self.request.user)
        messages.success(self.request, _("A new version was created as a draft."))
        return correction
