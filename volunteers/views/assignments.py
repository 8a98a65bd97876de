"""Assignments: requests, matching suggestions, hours."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from kmut import audit
from kmut.paging import CappedPaginator
from kmut.widgets import FastFilterSelectsMixin
from volunteers import matching, services
from volunteers.filters import AssignmentFilter
from volunteers.forms import (
    CLEARANCE_CONFIRMATION,
    AssignmentForm,
    HoursEntryForm,
)
from volunteers.models import (
    Assignment,
    HoursEntry,
    Volunteer,
)
from volunteers.views.base import SaveMixin

# --- assignments ----------------------------------------------------------------------------


class AssignmentListView(PermissionRequiredMixin, FastFilterSelectsMixin, FilterView):
    permission_required = "volunteers.view_assignment"
    filterset_class = AssignmentFilter
    template_name = "volunteers/assignment_filter.html"
    paginate_by = 50
    paginator_class = CappedPaginator

    def get_queryset(self):
        # Only the columns the table shows: the volunteer's and the partner's notes and search
        # texts were most of each row read (tests/test_query_counts.py notices a column the
        # template reads that is missing here: it costs a query per row).
        return (
            Assignment.objects.select_related(
                "programme", "volunteer", "language", "municipality", "partner"
            )
            .only(
                "reference",
                "kind",
                "starts_on",
                "ends_on",
                "status",
                "requesting_unit",
                "programme__name",
                "volunteer__first_name",
                "volunteer__last_name",
                "language__name",
                "municipality__name",
                "partner__name",
            )
            .order_by("-starts_on", "-pk")
        )


def log_hours_from(view, success_message: str, success_url: str):
    """Log the posted hours on view.object (an assignment); show the form again on errors."""
    request = view.request
    form = HoursEntryForm(request.POST, instance=HoursEntry(assignment=view.object))
    if form.is_valid():
        try:
            services.log_hours(entry=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    return view.render_to_response(view.get_context_data(hours_form=form))


class AssignmentDetailView(PermissionRequiredMixin, DetailView):
    """The assignment with matching suggestions and its logged hours."""

    permission_required = "volunteers.view_assignment"
    model = Assignment
    template_name = "volunteers/assignment_detail.html"

    def get_queryset(self):
        return Assignment.objects.select_related(
            "programme", "volunteer", "language", "municipality", "partner"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment = self.object
        if assignment.status in (Assignment.Status.REQUESTED, Assignment.Status.ACTIVE):
            include_uncleared = self.request.GET.get("alle") == "1"
            context["include_uncleared"] = include_uncleared
            context["suggestions"] = matching.suggest_volunteers(
                assignment, include_uncleared=include_uncleared
            )
            context["clearance_confirmation"] = CLEARANCE_CONFIRMATION
        context["hours"] = assignment.hours.select_related("volunteer", "logged_by")
        context["hours_total"] = sum(entry.minutes for entry in context["hours"]) / 60
        context["hours_form"] = kwargs.get("hours_form") or HoursEntryForm()
        context["claims"] = assignment.claims.select_related("volunteer")
        context["history"] = audit.history_of(assignment)
        return context


class AssignmentHoursView(AssignmentDetailView):
    """Log hours for the assigned volunteer (staff entering a paper time sheet; POST); errors
    come back on the assignment page."""

    permission_required = ("volunteers.view_assignment", "volunteers.add_hoursentry")
    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = self.get_object()
        return log_hours_from(self, _("The hours were logged."), self.object.get_absolute_url())


class AssignmentFormMixin(SaveMixin):
    model = Assignment
    form_class = AssignmentForm
    template_name = "volunteers/assignment_form.html"

    def form_valid(self, form):
        try:
            self.object = services.save_assignment(
                assignment=form.instance,
                by=self.request.user,
                clearance_confirmed=form.cleaned_data["confirm_clearance"],
            )
        except ValidationError as error:
            form.add_error("confirm_clearance", error)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return redirect(self.object)


class AssignmentCreateView(AssignmentFormMixin, CreateView):
    permission_required = "volunteers.add_assignment"

    def get_initial(self):
        return {"starts_on": timezone.localdate(), "kind": Assignment.Kind.INTERPRETING}


class AssignmentUpdateView(AssignmentFormMixin, UpdateView):
    permission_required = "volunteers.change_assignment"


class AssignmentAssignView(PermissionRequiredMixin, View):
    """Give the assignment to a suggested volunteer (POST)."""

    permission_required = "volunteers.change_assignment"
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = get_object_or_404(Assignment, pk=pk)
        raw = request.POST.get("volunteer", "")
        volunteer = Volunteer.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        try:
            if volunteer is None:
                raise ValidationError(_("Please choose a volunteer."))
            services.assign_volunteer(
                assignment=assignment,
                volunteer=volunteer,
                by=request.user,
                clearance_confirmed=request.POST.get("confirm_clearance") == "on",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s now takes care of “%(reference)s”.")
                % {"name": volunteer.full_name, "reference": assignment.reference},
            )
        return redirect(assignment)
