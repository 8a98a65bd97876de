"""The reference data pages (municipalities, fields of action, languages): list, detail, PDF."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from kmut import audit
from kmut.forms import FieldOfActionForm, LanguageForm, MunicipalityForm, SearchForm
from kmut.models import REFERENCE_MODELS, FieldOfAction, Language, Municipality
from kmut.responses import pdf_response
from kmut.search import fold, search_words


class ReferenceIndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "kmut.view_municipality"
    template_name = "kmut/reference_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            {
                "title": model._meta.verbose_name_plural,
                "url": reverse(f"kmut:{model._meta.model_name}_list"),
                "count": model.objects.count(),
            }
            for model in REFERENCE_MODELS
        ]
        return context


class ReferencePdfView(PermissionRequiredMixin, View):
    """All active reference data on a few printable pages."""

    permission_required = "kmut.view_municipality"

    def get(self, request):
        return pdf_response(
            "kmut/pdf/reference_data.html",
            {
                "printed_at": timezone.localdate(),
                "municipalities": Municipality.objects.active().select_related("parent"),
                "fields_of_action": FieldOfAction.objects.active(),
                "languages": Language.objects.active(),
            },
            f"stammdaten-{timezone.localdate().isoformat()}.pdf",
        )


class ReferenceMixin(PermissionRequiredMixin):
    """Shared behaviour of the reference data pages; `action` selects the permission."""

    action = "view"
    columns: list[tuple[str, str]] = []
    search_fields: list[str] = ["name"]

    def get_permission_required(self):
        return [f"kmut.{self.action}_{self.model._meta.model_name}"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        context["model_name"] = meta.model_name
        context["verbose_name"] = meta.verbose_name
        context["verbose_name_plural"] = meta.verbose_name_plural
        context["can_add"] = self.request.user.has_perm(f"kmut.add_{meta.model_name}")
        context["can_change"] = self.request.user.has_perm(f"kmut.change_{meta.model_name}")
        return context

    def get_success_url(self):
        return reverse(f"kmut:{self.model._meta.model_name}_detail", args=[self.object.pk])


def _cell(obj, attribute):
    value = getattr(obj, attribute)
    value = value() if callable(value) else value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else value


class ReferenceListView(ReferenceMixin, ListView):
    template_name = "kmut/reference_list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.model is Municipality:
            queryset = queryset.select_related("parent")
        self.search_form = SearchForm(self.request.GET)
        if self.search_form.is_valid() and (term := self.search_form.cleaned_data["q"]):
            # Reference tables are short (tens of rows): folded here, not stored (decision 0018).
            words = search_words(term)
            found = [
                pk
                for pk, *values in queryset.values_list("pk", *self.search_fields)
                if all(word in fold(" ".join(str(v) for v in values if v)) for word in words)
            ]
            queryset = queryset.filter(pk__in=found)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["search_form"] = self.search_form
        context["headers"] = [label for label, _attribute in self.columns]
        context["rows"] = [
            (obj, [_cell(obj, attribute) for _label, attribute in self.columns])
            for obj in context["object_list"]
        ]
        return context


class ReferenceDetailView(ReferenceMixin, DetailView):
    template_name = "kmut/reference_detail.html"
    detail_fields: list[tuple[str, str]] = []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fields"] = [
            (self.model._meta.get_field(attribute).verbose_name, _cell(self.object, display))
            for attribute, display in self.detail_fields
        ]
        context["history"] = audit.history_of(self.object)
        return context


class ReferenceCreateView(ReferenceMixin, CreateView):
    action = "add"
    template_name = "kmut/reference_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("“%(name)s” was created.") % {"name": self.object})
        return response


class ReferenceUpdateView(ReferenceMixin, UpdateView):
    action = "change"
    template_name = "kmut/reference_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return response


REFERENCE_CONFIG = {
    Municipality: {
        "form_class": MunicipalityForm,
        "columns": [
            (gettext_lazy("Name"), "name"),
            (gettext_lazy("Kind"), "get_kind_display"),
            (gettext_lazy("Part of"), "parent"),
            (gettext_lazy("Official key"), "official_key"),
            (gettext_lazy("Active"), "is_active"),
        ],
        "detail_fields": [
            ("name", "name"),
            ("kind", "get_kind_display"),
            ("parent", "parent"),
            ("official_key", "official_key"),
            ("is_active", "is_active"),
        ],
        "search_fields": ["name", "official_key"],
    },
    Language: {
        "form_class": LanguageForm,
        "columns": [
            (gettext_lazy("Name"), "name"),
            (gettext_lazy("Code"), "code"),
            (gettext_lazy("English name"), "name_en"),
            (gettext_lazy("Active"), "is_active"),
        ],
        "detail_fields": [
            ("name", "name"),
            ("code", "code"),
            ("name_en", "name_en"),
            ("is_active", "is_active"),
        ],
        "search_fields": ["name", "code", "name_en"],
    },
    FieldOfAction: {
        "form_class": FieldOfActionForm,
        "columns": [
            (gettext_lazy("Position"), "position"),
            (gettext_lazy("Name"), "name"),
            (gettext_lazy("Active"), "is_active"),
        ],
        "detail_fields": [
            ("name", "name"),
            ("description", "description"),
            ("position", "position"),
            ("is_active", "is_active"),
        ],
        "search_fields": ["name", "description"],
    },
}


def reference_view(view_class, model):
    config = REFERENCE_CONFIG[model]
    options = {"model": model}
    if view_class in (ReferenceCreateView, ReferenceUpdateView):
        options["form_class"] = config["form_class"]
    if view_class is ReferenceListView:
        options["columns"] = config["columns"]
        options["search_fields"] = config["search_fields"]
    if view_class is ReferenceDetailView:
        options["detail_fields"] = config["detail_fields"]
    return view_class.as_view(**options)
