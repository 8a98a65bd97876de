"""Volunteers (staff): the overview, list, records, portal invitations, confirmations."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from django_filters.views import FilterView

from actors.views import FilteredExportView
from kmut import audit
from kmut.related import attach_names
from kmut.responses import pdf_response
from kmut.versioning import VersionCheckMixin
from kmut.widgets import FastFilterSelectsMixin
from volunteers import queries, services
from volunteers.filters import VolunteerFilter
from volunteers.forms import (
    LanguageSkillFormSet,
    VolunteerForm,
)
from volunteers.models import (
    Assignment,
    ExpenseClaim,
    Volunteer,
    VolunteerLanguage,
)
from volunteers.resources import VolunteerResource

Status = ExpenseClaim.Status


# --- staff ---------------------------------------------------------------------------------


def _claims_in(*statuses: str) -> dict[str, int]:
    """The number of claims in each of `statuses`, counted in the index claim_status_date: only
    these claims are read (the open queues), not every claim ever paid."""
    counts = dict(
        ExpenseClaim.objects.filter(status__in=statuses)
        .order_by()
        .values_list("status")
        .annotate(Count("pk"))
    )
    return {status: counts.get(status, 0) for status in statuses}


class IndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "volunteers.view_volunteer"
    template_name = "volunteers/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["claim_counts"] = _claims_in(Status.SUBMITTED, Status.QUERIED, Status.APPROVED)
        context["volunteer_counts"] = Volunteer.objects.aggregate(
            active=Count("pk", filter=Q(status=Volunteer.Status.ACTIVE)),
            total=Count("pk"),
        )
        context["open_assignments"] = Assignment.objects.filter(
            volunteer__isnull=True, status=Assignment.Status.REQUESTED
        ).count()
        return context


# --- volunteers (staff) ---------------------------------------------------------------------


class VolunteerListView(PermissionRequiredMixin, FastFilterSelectsMixin, FilterView):
    permission_required = "volunteers.view_volunteer"
    filterset_class = VolunteerFilter
    template_name = "volunteers/volunteer_filter.html"
    paginate_by = 25

    def get_queryset(self):
        return Volunteer.objects.order_by("last_name", "first_name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = attach_names(context["object_list"], "programmes", to_attr="programme_names")
        context["object_list"] = attach_names(
            rows, "language_skills", to_attr="language_names", label="language__name"
        )
        return context


class VolunteerDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "volunteers.view_volunteer"
    model = Volunteer
    template_name = "volunteers/volunteer_detail.html"

    def get_queryset(self):
        return Volunteer.objects.select_related("organisation", "user").prefetch_related(
            "programmes",
            "municipalities",
            Prefetch(
                "language_skills", queryset=VolunteerLanguage.objects.select_related("language")
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        volunteer = self.object
        context["assignments"] = volunteer.assignments.select_related("language")[:20]
        context["claims"] = volunteer.claims.select_related("assignment")[:20]
        context["yearly_totals"] = services.yearly_totals(volunteer)
        context["history"] = audit.history_of(volunteer)
        return context


class VolunteerFormMixin(PermissionRequiredMixin):
    model = Volunteer
    form_class = VolunteerForm
    template_name = "volunteers/volunteer_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["languages"] = (
            kwargs.get("languages")
            or getattr(self, "languages", None)  # as typed, when a stale save was refused
            or LanguageSkillFormSet(
                instance=self.object if self.object and self.object.pk else None,
                prefix="languages",
            )
        )
        return context

    def form_valid(self, form):
        languages = self.languages = LanguageSkillFormSet(
            self.request.POST, instance=form.instance, prefix="languages"
        )
        if not languages.is_valid():
            return self.render_to_response(self.get_context_data(form=form, languages=languages))
        with transaction.atomic():
            self.object = form.save()
            languages.instance = self.object
            languages.save()
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return redirect(self.object)


class VolunteerCreateView(VolunteerFormMixin, CreateView):
    permission_required = "volunteers.add_volunteer"


class VolunteerUpdateView(VersionCheckMixin, VolunteerFormMixin, UpdateView):
    permission_required = "volunteers.change_volunteer"


class VolunteerInviteView(PermissionRequiredMixin, View):
    """Create the volunteer's portal account and send the invitation (POST)."""

    permission_required = "volunteers.change_volunteer"
    http_method_names = ["post"]

    def post(self, request, pk):
        volunteer = get_object_or_404(Volunteer, pk=pk)
        try:
            services.invite_to_portal(
                volunteer=volunteer, base_url=request.build_absolute_uri("/"), by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("An invitation to the volunteer portal was sent to %(email)s.")
                % {"email": volunteer.email},
            )
        return redirect(volunteer)


def confirmation_response(volunteer: Volunteer, year: int) -> FileResponse:
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise Http404
    return pdf_response(
        "volunteers/pdf/confirmation.html",
        {
            "volunteer": volunteer,
            "year": year,
            "figures": queries.volunteer_year(volunteer, year),
            "today": today,
        },
        f"ehrenamtsnachweis-{year}-{volunteer.pk}.pdf",
    )


class ConfirmationView(PermissionRequiredMixin, View):
    """Annual volunteering confirmation (Ehrenamtsnachweis) for one volunteer."""

    permission_required = "volunteers.view_volunteer"

    def get(self, request, pk, year):
        return confirmation_response(get_object_or_404(Volunteer, pk=pk), year)


class VolunteerExportView(FilteredExportView):
    """CSV or XLSX of exactly the volunteers the list shows with the same filters."""

    permission_required = "volunteers.view_volunteer"
    list_view = VolunteerListView
    resource_class = VolunteerResource
    prefetch = ("programmes", "language_skills__language")
    basename = "ehrenamtliche"
