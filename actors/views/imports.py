"""Imports into the registry: upload, column mapping, preview, import, and undo."""

import tablib
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from actors import importing
from actors.forms import ImportForm, ImportMappingForm
from actors.imports import read_table
from actors.models import ImportBatch
from kmut.responses import CSV, file_response

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
        return file_response(importing.errors_csv(self.plan()), "importfehler.csv", CSV)


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
