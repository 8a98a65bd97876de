"""The action plan: plans, goals, measures, indicators, their progress and document."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    FormView,
    ListView,
    UpdateView,
)

from kmut import audit
from kmut.responses import XLSX, file_response, pdf_response
from reporting import exports, queries, services
from reporting.forms import (
    ActionPlanForm,
    ContinuePlanForm,
    GoalForm,
    IndicatorForm,
    IndicatorValueFormSet,
    MeasureForm,
)
from reporting.models import (
    ActionPlan,
    Goal,
    Indicator,
    Measure,
)
from reporting.views.base import ConfirmDeleteMixin, FormPageMixin

__all__ = [
    "ActionPlanContinueView",
    "ActionPlanCreateView",
    "ActionPlanDetailView",
    "ActionPlanDocumentView",
    "ActionPlanListView",
    "ActionPlanProgressView",
    "ActionPlanUpdateView",
    "GoalCreateView",
    "GoalDeleteView",
    "GoalUpdateView",
    "IndicatorCreateView",
    "IndicatorDeleteView",
    "IndicatorFormMixin",
    "IndicatorUpdateView",
    "MeasureCreateView",
    "MeasureDeleteView",
    "MeasureUpdateView",
]


class ActionPlanListView(PermissionRequiredMixin, ListView):
    permission_required = "reporting.view_actionplan"
    template_name = "reporting/actionplan_list.html"

    def get_queryset(self):
        return ActionPlan.objects.select_related("based_on").annotate(
            goal_count=Count("goals", distinct=True),
            measure_count=Count("goals__measures", distinct=True),
        )


class ActionPlanCreateView(PermissionRequiredMixin, FormPageMixin, CreateView):
    permission_required = "reporting.add_actionplan"
    model = ActionPlan
    form_class = ActionPlanForm
    page_title = gettext_lazy("New action plan")

    def get_initial(self):
        return {"year": timezone.localdate().year, "version": 1, "title": _("Action plan")}

    def get_cancel_url(self):
        return reverse("reporting:plan_list")


class ActionPlanUpdateView(PermissionRequiredMixin, FormPageMixin, UpdateView):
    permission_required = "reporting.change_actionplan"
    model = ActionPlan
    form_class = ActionPlanForm


class ActionPlanDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "reporting.view_actionplan"
    model = ActionPlan
    template_name = "reporting/actionplan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measures = queries.measures_of(self.object).prefetch_related(
            "meetings__body", "decisions__body"
        )
        context["goals"] = self.object.goals.select_related("field_of_action").prefetch_related(
            Prefetch("measures", queryset=measures)
        )
        context["history"] = audit.history_of(self.object)
        return context


class ActionPlanProgressView(PermissionRequiredMixin, DetailView):
    permission_required = "reporting.view_actionplan"
    model = ActionPlan
    template_name = "reporting/actionplan_progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        progress = queries.plan_progress(self.object, today=today)
        context["today"] = today
        context["overdue"] = [item for item in progress if item.is_overdue]
        context["at_risk"] = [item for item in progress if item.is_at_risk]
        statuses = Measure.Status.choices
        context["statuses"] = statuses
        context["summary"] = [
            (row, [row.by_status.get(value, 0) for value, _label in statuses])
            for row in queries.summarise(progress)
        ]
        return context


class ActionPlanDocumentView(PermissionRequiredMixin, View):
    """One version of the action plan as a document: PDF (tagged, A4) or XLSX."""

    permission_required = "reporting.view_actionplan"
    file_format = "pdf"

    def get(self, request, pk):
        plan = get_object_or_404(ActionPlan, pk=pk)
        document = queries.plan_document(plan)
        name = f"handlungskonzept-{plan.year}-fassung-{plan.version}"
        if self.file_format == "xlsx":
            return file_response(exports.plan_document_xlsx(document), f"{name}.xlsx", XLSX)
        return pdf_response("reporting/pdf/action_plan.html", {"document": document}, f"{name}.pdf")


class ActionPlanContinueView(PermissionRequiredMixin, FormView):
    """Carry the plan forward to a new year's version (fortschreiben)."""

    permission_required = "reporting.add_actionplan"
    form_class = ContinuePlanForm
    template_name = "reporting/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(ActionPlan, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"year": self.plan.year + 1, "title": self.plan.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Carry “%(plan)s” forward") % {"plan": self.plan}
        context["intro"] = _(
            "The new version receives copies of all goals, measures, indicators and measured "
            "values. The current version stays as it is."
        )
        context["cancel_url"] = self.plan.get_absolute_url()
        return context

    def form_valid(self, form):
        try:
            new_plan = services.continue_plan(
                plan=self.plan, **form.cleaned_data, by=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(name)s” was created.") % {"name": new_plan})
        return redirect(new_plan)


class GoalCreateView(PermissionRequiredMixin, FormPageMixin, CreateView):
    permission_required = "reporting.add_goal"
    model = Goal
    form_class = GoalForm
    page_title = gettext_lazy("New goal")

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(ActionPlan, pk=kwargs["plan_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self):
        return self.plan.get_absolute_url()

    def form_valid(self, form):
        form.instance.plan = self.plan
        return super().form_valid(form)


class GoalUpdateView(PermissionRequiredMixin, FormPageMixin, UpdateView):
    permission_required = "reporting.change_goal"
    model = Goal
    form_class = GoalForm


class MeasureCreateView(PermissionRequiredMixin, FormPageMixin, CreateView):
    permission_required = "reporting.add_measure"
    model = Measure
    form_class = MeasureForm
    page_title = gettext_lazy("New measure")

    def dispatch(self, request, *args, **kwargs):
        self.goal = get_object_or_404(Goal, pk=kwargs["goal_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self):
        return self.goal.get_absolute_url()

    def form_valid(self, form):
        form.instance.goal = self.goal
        return super().form_valid(form)


class MeasureUpdateView(PermissionRequiredMixin, FormPageMixin, UpdateView):
    permission_required = "reporting.change_measure"
    model = Measure
    form_class = MeasureForm

    def get_queryset(self):
        return Measure.objects.select_related("goal")


class IndicatorFormMixin(PermissionRequiredMixin, FormPageMixin):
    model = Indicator
    form_class = IndicatorForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instance = self.object if getattr(self, "object", None) else None
        context["formsets"] = [
            (
                _("Measured values per year"),
                kwargs.get("values") or IndicatorValueFormSet(instance=instance, prefix="values"),
            )
        ]
        return context

    def form_valid(self, form):
        self.prepare(form)
        values = IndicatorValueFormSet(self.request.POST, instance=form.instance, prefix="values")
        if not values.is_valid():
            return self.render_to_response(self.get_context_data(form=form, values=values))
        with transaction.atomic():
            self.object = form.save()
            values.instance = self.object
            values.save()
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return redirect(self.object.measure)

    def form_invalid(self, form):
        values = IndicatorValueFormSet(self.request.POST, instance=form.instance, prefix="values")
        values.is_valid()
        return self.render_to_response(self.get_context_data(form=form, values=values))

    def prepare(self, form):
        pass


class IndicatorCreateView(IndicatorFormMixin, CreateView):
    permission_required = "reporting.add_indicator"
    page_title = gettext_lazy("New indicator")

    def dispatch(self, request, *args, **kwargs):
        self.measure = get_object_or_404(
            Measure.objects.select_related("goal"), pk=kwargs["measure_pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self):
        return self.measure.get_absolute_url()

    def prepare(self, form):
        form.instance.measure = self.measure


class IndicatorUpdateView(IndicatorFormMixin, UpdateView):
    permission_required = "reporting.change_indicator"

    def get_queryset(self):
        return Indicator.objects.select_related("measure__goal")

    def get_cancel_url(self):
        return self.object.measure.get_absolute_url()


class GoalDeleteView(ConfirmDeleteMixin, DeleteView):
    permission_required = "reporting.delete_goal"
    model = Goal

    def get_success_url(self):
        return self.object.plan.get_absolute_url()

    def get_warning(self):
        count = self.object.measures.count()
        if not count:
            return ""
        return ngettext(
            "Its %(count)s measure with its indicators is deleted as well.",
            "Its %(count)s measures with their indicators are deleted as well.",
            count,
        ) % {"count": count}


class MeasureDeleteView(ConfirmDeleteMixin, DeleteView):
    permission_required = "reporting.delete_measure"
    model = Measure

    def get_queryset(self):
        return Measure.objects.select_related("goal")

    def get_success_url(self):
        return self.object.goal.get_absolute_url()


class IndicatorDeleteView(ConfirmDeleteMixin, DeleteView):
    permission_required = "reporting.delete_indicator"
    model = Indicator

    def get_queryset(self):
        return Indicator.objects.select_related("measure__goal")

    def get_success_url(self):
        return self.object.measure.get_absolute_url()
