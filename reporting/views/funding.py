"""Cost centres, funding rules and the funding statements with their overview."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    ListView,
    TemplateView,
    UpdateView,
)

from kmut import audit
from kmut.responses import XLSX, file_response, pdf_response
from reporting import exports, queries, services
from reporting.forms import (
    CostCentreForm,
    FundingRuleForm,
    FundingStatementForm,
    GrantFormSet,
    OverviewForm,
    PostFormSet,
)
from reporting.funding import statement_figures
from reporting.models import (
    CostCentre,
    FundingRule,
    FundingStatement,
)
from reporting.views.base import ConfirmDeleteMixin, FormPageMixin

__all__ = [
    "CostCentreCreateView",
    "CostCentreListView",
    "CostCentreUpdateView",
    "FundingOverviewExportView",
    "FundingOverviewView",
    "FundingRuleCreateView",
    "FundingRuleListView",
    "FundingRuleUpdateView",
    "FundingStatementCreateView",
    "FundingStatementDeleteView",
    "FundingStatementDetailView",
    "FundingStatementFormMixin",
    "FundingStatementUpdateView",
]


class CostCentreListView(PermissionRequiredMixin, ListView):
    permission_required = "reporting.view_costcentre"
    model = CostCentre
    template_name = "reporting/costcentre_list.html"


class CostCentreCreateView(PermissionRequiredMixin, FormPageMixin, CreateView):
    permission_required = "reporting.add_costcentre"
    model = CostCentre
    form_class = CostCentreForm
    page_title = gettext_lazy("New cost centre")

    def get_cancel_url(self):
        return reverse("reporting:costcentre_list")


class CostCentreUpdateView(PermissionRequiredMixin, FormPageMixin, UpdateView):
    permission_required = "reporting.change_costcentre"
    model = CostCentre
    form_class = CostCentreForm


class FundingRuleListView(PermissionRequiredMixin, ListView):
    permission_required = "reporting.view_fundingrule"
    model = FundingRule
    template_name = "reporting/fundingrule_list.html"


class FundingRuleCreateView(PermissionRequiredMixin, FormPageMixin, CreateView):
    permission_required = "reporting.add_fundingrule"
    model = FundingRule
    form_class = FundingRuleForm
    page_title = gettext_lazy("New funding rule")

    def get_cancel_url(self):
        return reverse("reporting:fundingrule_list")


class FundingRuleUpdateView(PermissionRequiredMixin, FormPageMixin, UpdateView):
    permission_required = "reporting.change_fundingrule"
    model = FundingRule
    form_class = FundingRuleForm


def _overview_years(request) -> tuple[OverviewForm, list[int]]:
    """The years asked for, else the latest three years that have statements."""
    known = queries.statement_years()
    form = OverviewForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, list(range(form.cleaned_data["year_from"], form.cleaned_data["year_to"] + 1))
    years = known[-3:]
    if not form.is_bound and years:
        form = OverviewForm(initial={"year_from": years[0], "year_to": years[-1]})
    return form, years


class FundingOverviewView(PermissionRequiredMixin, TemplateView):
    """Several years side by side, per cost centre, planned and actual."""

    permission_required = "reporting.view_fundingstatement"
    template_name = "reporting/funding_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, years = _overview_years(self.request)
        context["form"] = form
        context["overview"] = queries.funding_overview(years)
        context["statements"] = FundingStatement.objects.select_related("cost_centre")
        context["query"] = self.request.GET.urlencode()
        return context


class FundingOverviewExportView(PermissionRequiredMixin, View):
    permission_required = "reporting.view_fundingstatement"

    def get(self, request, file_format):
        _form, years = _overview_years(request)
        overview = queries.funding_overview(years)
        name = "finanzierungsuebersicht"
        if years:
            name = f"{name}-{years[0]}-{years[-1]}"
        if file_format == "pdf":
            return pdf_response(
                "reporting/pdf/funding_overview.html", {"overview": overview}, f"{name}.pdf"
            )
        if file_format == "xlsx":
            return file_response(exports.overview_xlsx(overview), f"{name}.xlsx", XLSX)
        raise Http404


class FundingStatementDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "reporting.view_fundingstatement"
    model = FundingStatement
    template_name = "reporting/fundingstatement_detail.html"

    def get_queryset(self):
        return FundingStatement.objects.select_related("cost_centre").prefetch_related(
            "posts", "grants"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = statement_figures(self.object, queries.funding_rules())
        context["figures"] = figures
        context["grant_pairs"] = list(
            zip(figures.planned.grants, figures.actual.grants, strict=True)
        )
        context["history"] = audit.history_of(self.object)
        return context


class FundingStatementFormMixin(PermissionRequiredMixin, FormPageMixin):
    model = FundingStatement
    form_class = FundingStatementForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instance = self.object if getattr(self, "object", None) else None
        context["formsets"] = [
            (
                _("Personnel costs"),
                kwargs.get("posts") or PostFormSet(instance=instance, prefix="posts"),
            ),
            (_("Grants"), kwargs.get("grants") or GrantFormSet(instance=instance, prefix="grants")),
        ]
        context["intro"] = _(
            "Enter amounts in euros, e.g. 1.234,50. The own contribution is computed: total "
            "costs minus all grants."
        )
        return context

    def form_valid(self, form):
        posts = PostFormSet(self.request.POST, instance=form.instance, prefix="posts")
        grants = GrantFormSet(self.request.POST, instance=form.instance, prefix="grants")
        if posts.is_valid() and grants.is_valid():
            try:
                self.object = services.save_statement(
                    form=form, posts=posts, grants=grants, by=self.request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
                return redirect(self.object)
        return self.render_to_response(self.get_context_data(form=form, posts=posts, grants=grants))

    def form_invalid(self, form):
        """Keep what was typed into the posts and grants as well."""
        posts = PostFormSet(self.request.POST, instance=form.instance, prefix="posts")
        grants = GrantFormSet(self.request.POST, instance=form.instance, prefix="grants")
        posts.is_valid()
        grants.is_valid()
        return self.render_to_response(self.get_context_data(form=form, posts=posts, grants=grants))


class FundingStatementCreateView(FundingStatementFormMixin, CreateView):
    permission_required = "reporting.add_fundingstatement"
    page_title = gettext_lazy("New funding statement")

    def get_cancel_url(self):
        return reverse("reporting:funding_overview")


class FundingStatementUpdateView(FundingStatementFormMixin, UpdateView):
    permission_required = "reporting.change_fundingstatement"


class FundingStatementDeleteView(ConfirmDeleteMixin, DeleteView):
    permission_required = "reporting.delete_fundingstatement"
    model = FundingStatement

    def get_queryset(self):
        return FundingStatement.objects.select_related("cost_centre")

    def get_success_url(self):
        return reverse("reporting:funding_overview")
