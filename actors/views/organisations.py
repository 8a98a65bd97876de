"""The registry's start page and the organisations: list, detail, edit, archive, merge."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from actors import services
from actors.filters import LANGUAGE_LEARNING, OrganisationFilter
from actors.forms import MergeForm, OrganisationForm
from actors.models import ContactPerson, Offer, Organisation, UpdateRequest
from kmut import audit
from kmut.models import Municipality
from kmut.related import attach_names
from kmut.versioning import VersionCheckMixin
from kmut.widgets import FastFilterSelectsMixin


class IndexView(PermissionRequiredMixin, TemplateView):
    """Landing page of the registry: search, shortcuts and what needs attention."""

    permission_required = "actors.view_organisation"
    template_name = "actors/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = Organisation.objects.aggregate(
            active=Count("pk", filter=Q(status=Organisation.Status.ACTIVE)),
            public=Count(
                "pk",
                filter=Q(status=Organisation.Status.ACTIVE, publication="public"),
            ),
        )
        context["counts"] = counts
        context["stale_count"] = Organisation.objects.stale().count()
        context["offer_count"] = Offer.objects.filter(is_active=True).count()
        context["language_course_kind"] = LANGUAGE_LEARNING
        context["to_review_count"] = UpdateRequest.objects.awaiting_review().count()
        context["municipalities"] = Municipality.objects.active().order_by("parent_id", "name")
        context["levels"] = Offer.Level.choices
        return context


class OrganisationListView(PermissionRequiredMixin, FastFilterSelectsMixin, FilterView):
    permission_required = "actors.view_organisation"
    filterset_class = OrganisationFilter
    template_name = "actors/organisation_filter.html"
    paginate_by = 25

    def get_queryset(self):
        return Organisation.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = attach_names(context["object_list"], "municipalities", to_attr="municipality_names")
        context["object_list"] = attach_names(
            rows, "fields_of_action", to_attr="field_of_action_names"
        )
        return context


class OrganisationDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "actors.view_organisation"
    model = Organisation

    def get_queryset(self):
        return Organisation.objects.select_related("parent", "merged_into").prefetch_related(
            "municipalities",
            "fields_of_action",
            "languages",
            "children",
            Prefetch(
                "contacts", queryset=ContactPerson.objects.order_by("-is_active", "last_name")
            ),
            Prefetch(
                "offers",
                queryset=Offer.objects.select_related("municipality").order_by(
                    "-is_active", "title"
                ),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = audit.history_of(self.object)
        context["can_change"] = self.request.user.has_perm("actors.change_organisation")
        context["can_merge"] = self.request.user.has_perm("actors.merge_organisation")
        return context


class OrganisationCreateView(PermissionRequiredMixin, CreateView):
    """New organisation; a name close to an existing one asks for confirmation first."""

    permission_required = "actors.add_organisation"
    model = Organisation
    form_class = OrganisationForm

    def form_valid(self, form):
        similar = services.similar_organisations(form.cleaned_data["name"])
        if similar and not self.request.POST.get("confirm_new"):
            return self.render_to_response(
                self.get_context_data(form=form, similar=similar, ask_confirmation=True)
            )
        response = super().form_valid(form)
        messages.success(self.request, _("“%(name)s” was created.") % {"name": self.object})
        return response


class OrganisationSimilarView(PermissionRequiredMixin, TemplateView):
    """htmx partial: existing entries whose name is close to what is being typed."""

    permission_required = "actors.view_organisation"
    template_name = "actors/includes/_similar_organisations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        name = self.request.GET.get("name", "")[:200]
        exclude = self.request.GET.get("exclude")
        context["similar"] = services.similar_organisations(
            name, exclude_pk=int(exclude) if exclude and exclude.isdigit() else None
        )
        return context


class OrganisationUpdateView(VersionCheckMixin, PermissionRequiredMixin, UpdateView):
    permission_required = "actors.change_organisation"
    model = Organisation
    form_class = OrganisationForm

    def get_queryset(self):
        return Organisation.objects.filter(merged_into__isnull=True)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return response


class OrganisationActionView(PermissionRequiredMixin, View):
    """POST-only action on one organisation, done by a service function."""

    permission_required = "actors.change_organisation"
    http_method_names = ["post"]
    service = None
    success_message = ""

    def post(self, request, pk):
        organisation = get_object_or_404(Organisation, pk=pk)
        try:
            type(self).service(organisation=organisation, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message % {"name": organisation.name})
        return redirect("actors:organisation_detail", pk=organisation.pk)


class OrganisationArchiveView(OrganisationActionView):
    service = services.archive_organisation
    success_message = gettext_lazy("“%(name)s” was archived.")


class OrganisationRestoreView(OrganisationActionView):
    service = services.restore_organisation
    success_message = gettext_lazy("“%(name)s” is active again.")


class OrganisationConfirmView(OrganisationActionView):
    service = services.confirm_organisation
    success_message = gettext_lazy("“%(name)s” was confirmed as current.")


class OrganisationMergeView(PermissionRequiredMixin, FormView):
    permission_required = "actors.merge_organisation"
    form_class = MergeForm
    template_name = "actors/organisation_merge.html"

    def dispatch(self, request, *args, **kwargs):
        self.target = get_object_or_404(
            Organisation.objects.active().filter(merged_into__isnull=True), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "target": self.target}

    def get_initial(self):
        duplicate = self.request.GET.get("duplicate")
        return {"duplicate": duplicate} if duplicate and duplicate.isdigit() else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["target"] = self.target
        context["similar"] = services.similar_organisations(
            self.target.name, exclude_pk=self.target.pk
        )
        return context

    def form_valid(self, form):
        duplicate = form.cleaned_data["duplicate"]
        try:
            services.merge_organisations(
                target=self.target, duplicate=duplicate, by=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(duplicate)s” was merged into “%(name)s”.")
            % {"duplicate": duplicate.name, "name": self.target.name},
        )
        return redirect("actors:organisation_detail", pk=self.target.pk)
