from datetime import timedelta
from urllib.parse import urlencode

import tablib
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)
from django_filters.views import FilterView

from actors import atlas, importing, proposals, services
from actors.exports import table_response, vcard_for
from actors.filters import LANGUAGE_LEARNING, OfferFilter, OrganisationFilter
from actors.forms import (
    ContactPersonForm,
    ImportForm,
    ImportMappingForm,
    MergeForm,
    OfferForm,
    OrganisationForm,
    PublicContactFormSet,
    PublicOfferFormSet,
    PublicOrganisationForm,
    ReplyForm,
    ReviewForm,
    UpdateRequestForm,
)
from actors.imports import read_table
from actors.models import (
    ContactPerson,
    ImportBatch,
    Offer,
    Organisation,
    UpdateCampaign,
    UpdateRequest,
)
from actors.resources import OfferResource, OrganisationResource
from kmut import audit
from kmut.models import Municipality
from kmut.responses import pdf_response
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


# --- organisations ------------------------------------------------------------------------


class OrganisationListView(PermissionRequiredMixin, FastFilterSelectsMixin, FilterView):
    permission_required = "actors.view_organisation"
    filterset_class = OrganisationFilter
    template_name = "actors/organisation_filter.html"
    paginate_by = 25

    def get_queryset(self):
        return Organisation.objects.prefetch_related("municipalities", "fields_of_action")


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


# --- contact persons ----------------------------------------------------------------------


class OrganisationChildMixin(PermissionRequiredMixin):
    """Views of objects that belong to one organisation (in the URL)."""

    def dispatch(self, request, *args, **kwargs):
        self.organisation = get_object_or_404(Organisation, pk=kwargs["organisation_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.filter(organisation=self.organisation)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "organisation": self.organisation}

    def get_success_url(self):
        return reverse("actors:organisation_detail", args=[self.organisation.pk])

    def form_valid(self, form):
        form.instance.organisation = self.organisation
        response = super().form_valid(form)
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return response


class ContactCreateView(OrganisationChildMixin, CreateView):
    permission_required = "actors.add_contactperson"
    model = ContactPerson
    form_class = ContactPersonForm


class ContactUpdateView(VersionCheckMixin, OrganisationChildMixin, UpdateView):
    permission_required = "actors.change_contactperson"
    model = ContactPerson
    form_class = ContactPersonForm


class ContactVCardView(PermissionRequiredMixin, View):
    permission_required = "actors.view_contactperson"

    def get(self, request, pk):
        contact = get_object_or_404(ContactPerson.objects.select_related("organisation"), pk=pk)
        response = HttpResponse(vcard_for(contact), content_type="text/vcard; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="kontakt-{contact.pk}.vcf"'
        return response


# --- offers -------------------------------------------------------------------------------


class OfferListView(PermissionRequiredMixin, FastFilterSelectsMixin, FilterView):
    permission_required = "actors.view_offer"
    filterset_class = OfferFilter
    template_name = "actors/offer_filter.html"
    paginate_by = 25

    def get_queryset(self):
        # The organisation's status as EXISTS, not as a condition on the join: SQLite then reads
        # the offers in the order of the index offer_active_title instead of sorting them all.
        active_organisation = Organisation.objects.filter(
            pk=OuterRef("organisation_id"), status=Organisation.Status.ACTIVE
        )
        return (
            Offer.objects.filter(Exists(active_organisation), is_active=True)
            .select_related("organisation", "municipality")
            .prefetch_related("languages")
            .order_by("title")
        )


class OfferDetailView(OrganisationChildMixin, DetailView):
    permission_required = "actors.view_offer"
    model = Offer

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = audit.history_of(self.object)
        return context


class OfferFormMixin(OrganisationChildMixin):
    model = Offer
    form_class = OfferForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}


class OfferCreateView(OfferFormMixin, CreateView):
    permission_required = "actors.add_offer"


class OfferUpdateView(OfferFormMixin, UpdateView):
    permission_required = "actors.change_offer"


# --- export and import --------------------------------------------------------------------


class FilteredExportView(PermissionRequiredMixin, View):
    """CSV or XLSX of exactly what the list shows with the same filters."""

    list_view = None
    resource_class = None
    basename = ""

    def get(self, request):
        list_view = self.list_view()
        list_view.setup(request)
        filterset = list_view.filterset_class(
            request.GET, queryset=list_view.get_queryset(), request=request
        )
        queryset = filterset.qs if filterset.is_valid() else list_view.get_queryset().none()
        dataset = self.resource_class().export(queryset=queryset)
        file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
        return table_response(dataset, basename=self.basename, file_format=file_format)


class OrganisationExportView(FilteredExportView):
    permission_required = "actors.view_organisation"
    list_view = OrganisationListView
    resource_class = OrganisationResource
    basename = "organisationen"


class OfferExportView(FilteredExportView):
    permission_required = "actors.view_offer"
    list_view = OfferListView
    resource_class = OfferResource
    basename = "angebote"


IMPORT_SESSION_KEY = "actors_import"


class ImportAreaMixin(PermissionRequiredMixin):
    """An import area's views (the registry's, the volunteers'): who may, and where its steps are.

    Set `area` in `as_view()`; the permission is that of any kind of the area, and the steps
    check the permission of the kind the file is imported as."""

    area = "registry"

    def has_permission(self):
        return any(
            self.request.user.has_perm(spec.permission) for spec in importing.kinds_of(self.area)
        )

    @property
    def session_key(self):
        return IMPORT_SESSION_KEY if self.area == "registry" else f"{self.area}_import"

    def step_url(self, step=""):
        name = importing.AREAS[self.area].upload_url
        return f"{name}_{step}" if step else name

    def get_context_data(self, **kwargs):
        area = importing.AREAS[self.area]
        kwargs.setdefault(
            "import_urls",
            {
                "upload": reverse(self.step_url()),
                "mapping": reverse(self.step_url("mapping")),
                "preview": reverse(self.step_url("preview")),
                "errors": reverse(self.step_url("errors")),
                "decide": reverse(self.step_url("decide")),
                "confirm": reverse(self.step_url("confirm")),
                "cancel": reverse(self.step_url("cancel")),
                "list": reverse(area.list_url),
                "export": reverse(area.export_url),
            },
        )
        kwargs.setdefault("import_area", area)
        return super().get_context_data(**kwargs)


class ImportStepMixin(ImportAreaMixin):
    """The steps after the upload: the file, its mapping and the decisions wait in the session."""

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.stored = request.session.get(self.session_key)
        if not self.stored or self.stored.get("kind") not in importing.KINDS:
            messages.info(request, _("Please choose a file to import first."))
            return redirect(self.step_url())
        self.kind = self.stored["kind"]
        self.spec = importing.KINDS[self.kind]
        if self.spec.area != self.area:
            return redirect(self.step_url())
        if not request.user.has_perm(self.spec.permission):
            raise PermissionDenied
        self.file_name = self.stored["name"]
        self.dataset = tablib.Dataset().load(self.stored["csv"], format="csv")
        return super().dispatch(request, *args, **kwargs)

    def save_stored(self, **changes):
        self.stored.update(changes)
        self.request.session[self.session_key] = self.stored

    def plan(self):
        return importing.plan_import(
            self.kind,
            self.dataset,
            self.stored["mapping"],
            self.stored.get("options", {}),
            self.stored.get("decisions", {}),
        )


class OrganisationImportView(ImportAreaMixin, FormView):
    """Step 1: upload. Nothing is written; the file waits in the session for the next steps."""

    form_class = ImportForm
    template_name = "actors/organisation_import.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["kinds"] = [
            spec
            for spec in importing.kinds_of(self.area)
            if self.request.user.has_perm(spec.permission)
        ]
        return kwargs

    def form_valid(self, form):
        try:
            dataset = read_table(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        headings = [
            heading or _("Column %(number)s") % {"number": number}
            for number, heading in enumerate(dataset.headers, start=1)
        ]
        doubled = sorted({heading for heading in headings if headings.count(heading) > 1})
        if doubled:
            form.add_error(
                "file",
                _("The file has more than one column named “%(heading)s”.")
                % {"heading": doubled[0]},
            )
            return self.form_invalid(form)
        dataset.headers = headings
        self.request.session[self.session_key] = {
            "name": form.cleaned_data["file"].name[:100],
            "csv": dataset.export("csv"),
            "kind": form.cleaned_data["kind"],
        }
        return redirect(self.step_url("mapping"))


class OrganisationImportMappingView(ImportStepMixin, FormView):
    """Step 2: which column is which field; suggested from the last import and known headings."""

    form_class = ImportMappingForm
    template_name = "actors/organisation_import_mapping.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        headings = self.dataset.headers
        samples = [
            ", ".join(
                dict.fromkeys(
                    value
                    for value in (importing.cell_text(row[index]) for row in self.dataset[:3])
                    if value
                )
            )
            for index in range(len(headings))
        ]
        kwargs.update(spec=self.spec, headings=headings, samples=samples)
        return kwargs

    def get_initial(self):
        mapping = self.stored.get("mapping") or importing.suggested_mapping(
            self.kind, self.dataset.headers
        )
        initial = {
            f"column_{index}": mapping.get(heading, "")
            for index, heading in enumerate(self.dataset.headers)
        }
        initial.update(self.stored.get("options") or importing.remembered_options(self.kind))
        return initial

    def get_context_data(self, **kwargs):
        kind = importing.kind_label(self.kind)
        return super().get_context_data(file_name=self.file_name, kind=kind, **kwargs)

    def form_valid(self, form):
        mapping = form.cleaned_data["mapping"]
        options = {key: form.cleaned_data[key] for key in self.spec.options}
        importing.remember_mapping(self.kind, mapping, options)
        self.save_stored(mapping=mapping, options=options, decisions={})
        return redirect(self.step_url("preview"))


class OrganisationImportPreviewView(ImportStepMixin, TemplateView):
    """Step 3: exactly what the import will do, with choices for uncertain matches. Its buttons
    post to their own actions: decide, confirm (import), cancel."""

    http_method_names = ["get"]
    template_name = "actors/organisation_import_preview.html"

    def get(self, request, *args, **kwargs):
        if "mapping" not in self.stored:
            return redirect(self.step_url("mapping"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["file_name"] = self.file_name
        context["kind"] = importing.kind_label(self.kind)
        context["plan"] = self.plan()
        return context


class ImportActionMixin(ImportStepMixin):
    """A POST-only action on the file waiting in the session: its own URL, `<upload>_<step>`."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class OrganisationImportCancelView(ImportActionMixin, View):
    """Forget the file, its mapping and the decisions; nothing was written."""

    def post(self, request):
        request.session.pop(self.session_key, None)
        messages.info(request, _("The import was cancelled; nothing was changed."))
        return redirect(importing.AREAS[self.area].list_url)


class OrganisationImportDecideView(ImportActionMixin, View):
    """Keep the choices made for the uncertain matches and show the preview again."""

    def post(self, request):
        if "mapping" not in self.stored:
            return redirect(self.step_url("mapping"))
        decisions = {
            key.removeprefix("decision-"): value
            for key, value in request.POST.items()
            if key.startswith("decision-") and value
        }
        self.save_stored(decisions={**self.stored.get("decisions", {}), **decisions})
        return redirect(self.step_url("preview"))


class OrganisationImportConfirmView(ImportActionMixin, View):
    """Import exactly the plan the preview showed (its fingerprint), in one transaction."""

    def post(self, request):
        if "mapping" not in self.stored:
            return redirect(self.step_url("mapping"))
        try:
            batch = importing.execute_import(
                self.kind,
                self.dataset,
                self.stored["mapping"],
                self.stored.get("options", {}),
                self.stored.get("decisions", {}),
                expected_fingerprint=request.POST.get("fingerprint", ""),
                user=request.user,
                file_name=self.file_name,
            )
        except importing.PlanChanged:
            messages.error(
                request,
                _(
                    "The data changed since the preview was shown, or the file still has "
                    "errors or open decisions; nothing was imported. Please check the "
                    "preview again."
                ),
            )
            return redirect(self.step_url("preview"))
        request.session.pop(self.session_key, None)
        counts = batch.counts
        messages.success(
            request,
            _("Import finished: %(new)s new, %(updated)s updated, %(skipped)s unchanged.")
            % {"new": counts["new"], "updated": counts["update"], "skipped": counts["skip"]},
        )
        return redirect(batch)


class OrganisationImportErrorsView(ImportStepMixin, View):
    """The preview's errors as a CSV file: line, column, message."""

    def get(self, request):
        if "mapping" not in self.stored:
            return redirect(self.step_url("mapping"))
        response = HttpResponse(
            importing.errors_csv(self.plan()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="importfehler.csv"'
        return response


class ImportBatchMixin(PermissionRequiredMixin):
    """Import batches: each user sees and undoes the batches of the kinds they may import."""

    def has_permission(self):
        return bool(importing.kinds_allowed(self.request.user))

    def get_queryset(self):
        return ImportBatch.objects.filter(
            kind__in=importing.kinds_allowed(self.request.user)
        ).select_related("created_by", "undone_by")


class ImportBatchListView(ImportBatchMixin, ListView):
    model = ImportBatch
    paginate_by = 50


class ImportBatchDetailView(ImportBatchMixin, DetailView):
    model = ImportBatch


class ImportBatchUndoView(ImportBatchMixin, View):
    """Undo an import batch once (POST only; a second submit changes nothing)."""

    def post(self, request, pk):
        batch = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            batch = importing.undo_batch(batch.pk, request.user)
        except importing.AlreadyUndone:
            messages.info(request, _("This import has already been undone."))
            return redirect(batch)
        if batch.undo_messages:
            messages.warning(
                request, _("The import was undone except for the entries listed below.")
            )
        else:
            messages.success(request, _("The import was undone."))
        return redirect(batch)


# --- update requests ----------------------------------------------------------------------


class UpdateRequestListView(PermissionRequiredMixin, ListView):
    """The response overview: who was asked, by when, who replied, what is to review."""

    permission_required = "actors.view_updaterequest"
    template_name = "actors/updaterequest_list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = UpdateRequest.objects.select_related("organisation", "campaign").order_by(
            "-created_at"
        )
        status = self.request.GET.get("status")
        if status in UpdateRequest.Status.values:
            queryset = queryset.filter(status=status)
        campaign = self.request.GET.get("campaign")
        if campaign and campaign.isdigit():
            queryset = queryset.filter(campaign_id=int(campaign))
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaigns"] = UpdateCampaign.objects.annotate(
            total=Count("requests"),
            replied=Count(
                "requests",
                filter=~Q(requests__status=UpdateRequest.Status.SENT),
            ),
            to_review=Count("requests", filter=Q(requests__status=UpdateRequest.Status.RESPONDED)),
        )[:10]
        context["statuses"] = UpdateRequest.Status.choices
        return context


class UpdateRequestCreateView(PermissionRequiredMixin, FormView):
    """Ask one organisation (?organisation=ID) or all of an organisation filter to check."""

    permission_required = "actors.add_updaterequest"
    form_class = UpdateRequestForm
    template_name = "actors/updaterequest_form.html"

    def organisations(self):
        organisation = self.request.GET.get("organisation")
        queryset = Organisation.objects.active().filter(merged_into__isnull=True)
        if organisation and organisation.isdigit():
            return queryset.filter(pk=int(organisation))
        filterset = OrganisationFilter(self.request.GET, queryset=queryset)
        return filterset.qs if filterset.is_valid() else queryset.none()

    def get_initial(self):
        return {
            "title": _("Update of the registry %(year)s") % {"year": timezone.localdate().year},
            "due_on": timezone.localdate() + timedelta(days=42),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisations = list(self.organisations())
        context["organisations"] = organisations
        context["without_email"] = [o for o in organisations if not o.email]
        return context

    def form_valid(self, form):
        organisations = list(self.organisations())
        try:
            campaign, skipped = services.send_update_requests(
                organisations=organisations,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                message=form.cleaned_data["message"],
                base_url=self.request.build_absolute_uri("/"),
                by=self.request.user,
            )
        except services.NoRecipients as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        sent = len(organisations) - len(skipped)
        messages.success(
            self.request,
            ngettext(
                "%(count)s update request was sent.",
                "%(count)s update requests were sent.",
                sent,
            )
            % {"count": sent},
        )
        if skipped:
            messages.warning(
                self.request,
                _("Without e-mail address, not asked: %(names)s")
                % {"names": ", ".join(o.name for o in skipped)},
            )
        return redirect(f"{reverse('actors:updaterequest_list')}?campaign={campaign.pk}")


class UpdateRequestDetailView(PermissionRequiredMixin, DetailView):
    """Review: the current entry and the proposal side by side; its buttons post to
    UpdateRequestAcceptView and UpdateRequestRejectView."""

    permission_required = "actors.view_updaterequest"
    http_method_names = ["get"]
    model = UpdateRequest

    def get_queryset(self):
        return UpdateRequest.objects.select_related(
            "organisation", "campaign", "reviewed_by", "created_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.proposal and self.object.status == UpdateRequest.Status.RESPONDED:
            context["comparison"] = proposals.compare(
                self.object.organisation, self.object.proposal
            )
        context["review_form"] = ReviewForm()
        context["can_review"] = self.request.user.has_perm("actors.change_updaterequest")
        return context


class UpdateRequestReviewMixin(PermissionRequiredMixin):
    """A POST-only decision on a reply: done by a service, refused with a message."""

    permission_required = "actors.change_updaterequest"
    http_method_names = ["post"]

    def post(self, request, pk):
        update_request = get_object_or_404(UpdateRequest, pk=pk)
        form = ReviewForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(
                    [error for errors in form.errors.values() for error in errors]
                )
            message = self.decide(update_request, form.cleaned_data["review_note"])
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect("actors:updaterequest_detail", pk=update_request.pk)


class UpdateRequestAcceptView(UpdateRequestReviewMixin, View):
    def decide(self, update_request, note):
        services.accept_update_request(update_request=update_request, by=self.request.user)
        return _("The changes were applied to the entry.")


class UpdateRequestRejectView(UpdateRequestReviewMixin, View):
    def decide(self, update_request, note):
        services.reject_update_request(
            update_request=update_request, note=note, by=self.request.user
        )
        return _("The proposal was rejected.")


class UpdateReplyView(TemplateView):
    """Public page behind the personal link: the organisation proposes changes to its entry."""

    template_name = "actors/update_reply.html"

    def dispatch(self, request, *args, **kwargs):
        self.update_request = get_object_or_404(
            UpdateRequest.objects.select_related("organisation"), token=kwargs["token"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_forms(self, data=None):
        organisation = self.update_request.organisation
        return (
            PublicOrganisationForm(data, instance=organisation, prefix="org"),
            PublicContactFormSet(
                data, queryset=organisation.contacts.filter(is_active=True), prefix="contacts"
            ),
            PublicOfferFormSet(
                data, queryset=organisation.offers.filter(is_active=True), prefix="offers"
            ),
            ReplyForm(data, prefix="reply"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["update_request"] = self.update_request
        context["organisation"] = self.update_request.organisation
        context["is_open"] = self.update_request.is_open_for_reply
        if "forms" not in kwargs:
            kwargs["forms"] = self.get_forms()
        (
            context["org_form"],
            context["contact_formset"],
            context["offer_formset"],
            context["reply_form"],
        ) = kwargs["forms"]
        return context

    def post(self, request, token):
        if not self.update_request.is_open_for_reply:
            return self.render_to_response(self.get_context_data(), status=410)
        forms_ = self.get_forms(request.POST)
        if not all(form.is_valid() for form in forms_):
            return self.render_to_response(self.get_context_data(forms=forms_))
        org_form, contact_formset, offer_formset, reply_form = forms_
        try:
            services.record_reply(
                update_request=self.update_request,
                proposal=proposals.build_proposal(org_form, contact_formset, offer_formset),
                responder_name=reply_form.cleaned_data["responder_name"],
                responder_note=reply_form.cleaned_data["responder_note"],
            )
        except ValidationError as error:
            reply_form.add_error(None, error)
            return self.render_to_response(self.get_context_data(forms=forms_))
        return redirect("actors_public:update_thanks", token=token)


class UpdateThanksView(TemplateView):
    template_name = "actors/update_thanks.html"


# --- atlas --------------------------------------------------------------------------------


class AtlasMixin:
    def atlas_context(self):
        form = atlas.AtlasFilterForm(self.request.GET)
        filters = form.filters()
        organisations = list(atlas.public_organisations(filters))
        return {
            "form": form,
            "filters": filters,
            "filter_query": urlencode(filters.query_items()),
            "organisations": organisations,
            "offer_count": sum(len(o.public_offers) for o in organisations),
            "printed_at": timezone.localdate(),
        }


class AtlasView(AtlasMixin, TemplateView):
    """The public, read-only atlas (no login); htmx fetches only the results."""

    template_name = "actors/atlas.html"

    def get_template_names(self):
        htmx = self.request.htmx
        if htmx and not htmx.boosted and not htmx.history_restore_request:
            return ["actors/includes/_atlas_results.html"]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The same address answers a page or only its results: caches must keep both apart.
        patch_vary_headers(response, ["HX-Request"])
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.atlas_context()}


class AtlasPdfView(AtlasMixin, View):
    def get(self, request):
        filename = f"atlas-{timezone.localdate().isoformat()}.pdf"
        return pdf_response(
            "actors/pdf/atlas.html", self.atlas_context(), filename, accessible=True
        )
