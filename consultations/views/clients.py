"""Clients: list, one client, editing, identity, code lookup, export, erasure, access log."""

import json

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from consultations import retention, services
from consultations.filters import AccessLogFilter, ClientFilter
from consultations.forms import (
    ClientForm,
    ClientIdentityForm,
)
from consultations.models import AccessLog, Client, ClientIdentity, Consultation
from consultations.views.base import Action, LogsCaseAccess, _consultations
from kmut import audit
from kmut.paging import CappedPaginator
from kmut.responses import file_response, pdf_response
from kmut.versioning import VersionCheckMixin
from kmut.widgets import FastFilterSelectsMixin

__all__ = [
    "AccessLogView",
    "ClientDetailView",
    "ClientEraseView",
    "ClientExportView",
    "ClientIdentityView",
    "ClientListView",
    "ClientLookupView",
    "ClientUpdateView",
]


class ClientListView(LogsCaseAccess, PermissionRequiredMixin, FilterView):
    access_action = Action.LIST
    permission_required = "consultations.view_client"
    filterset_class = ClientFilter
    template_name = "consultations/client_filter.html"
    paginate_by = 25
    paginator_class = CappedPaginator

    def get_queryset(self):
        # The stored last contact (decision 0024): read from an index, however many clients.
        return Client.objects.select_related("municipality").order_by("-last_contact_on", "code")

    def accessed(self, context):
        return {"listed_clients": context["object_list"]}


class ClientDetailView(LogsCaseAccess, PermissionRequiredMixin, DetailView):
    permission_required = "consultations.view_client"
    template_name = "consultations/client_detail.html"
    context_object_name = "client"

    def get_queryset(self):
        return Client.objects.select_related("municipality")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        client = self.object
        consultations = list(_consultations().filter(client=client).order_by("-held_on", "-pk"))
        context["consultations"] = consultations
        context["identity"] = ClientIdentity.objects.filter(client=client).first()
        context["deletion_due_on"] = retention.deletion_due_on(client.last_contact_on)
        context["history"] = audit.history_of(client)
        return context

    def accessed(self, context):
        return {"client": self.object, "listed": context["consultations"]}


class ClientUpdateView(VersionCheckMixin, LogsCaseAccess, PermissionRequiredMixin, UpdateView):
    access_action = Action.EDIT
    permission_required = "consultations.change_client"
    form_class = ClientForm
    template_name = "consultations/client_form.html"
    context_object_name = "client"

    def get_queryset(self):
        return Client.objects.filter(anonymised_at__isnull=True)

    def accessed(self, context):
        return {"client": self.object}

    def form_valid(self, form):
        try:
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            services.update_client(client=self.object, by=self.request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The client was saved."))
        return redirect(self.object)


class ClientIdentityView(LogsCaseAccess, PermissionRequiredMixin, FormView):
    """Name and contact details with the consent they rest on (kept apart from the client)."""

    access_action = Action.EDIT
    permission_required = ("consultations.view_clientidentity", "consultations.add_clientidentity")
    form_class = ClientIdentityForm
    template_name = "consultations/clientidentity_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.client_object = get_object_or_404(
            Client.objects.filter(anonymised_at__isnull=True), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = ClientIdentity.objects.filter(client=self.client_object).first()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["client"] = self.client_object
        return context

    def accessed(self, context):
        return {"client": self.client_object}

    def form_valid(self, form):
        try:
            services.save_identity(
                client=self.client_object, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Name and consent were saved."))
        return redirect(self.client_object)


class ClientLookupView(LogsCaseAccess, PermissionRequiredMixin, TemplateView):
    """htmx: what the entry form knows about a typed client code.

    The code comes by POST, so that it never appears in a URL (server logs, browser history).
    """

    permission_required = "consultations.view_client"
    template_name = "consultations/includes/_client_lookup.html"

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = services.normalise_code(self.request.POST.get("client_code", ""))
        client = None
        if code:
            client = Client.objects.filter(code=code).select_related("municipality").first()
        context.update(code=code, client=client)
        return context

    def accessed(self, context):
        return None if context["client"] is None else {"client": context["client"]}


class ClientExportView(PermissionRequiredMixin, View):
    """Art. 15: everything stored on one client, as JSON or PDF (logged)."""

    permission_required = "consultations.export_client"

    def get(self, request, pk, file_format="json"):
        client = get_object_or_404(Client, pk=pk)
        data = services.export_client(client=client, by=request.user)
        if file_format == "pdf":
            return pdf_response(
                "consultations/pdf/client_export.html",
                {"data": data, "today": timezone.localdate()},
                f"auskunft-klient-{client.pk}.pdf",
            )
        body = json.dumps(data, ensure_ascii=False, indent=2)
        return file_response(body, f"auskunft-klient-{client.pk}.json", "application/json")


class ClientEraseView(LogsCaseAccess, PermissionRequiredMixin, DetailView):
    """Art. 17: confirm, then erase name, contact, consent, notes and code."""

    access_action = Action.CONFIRM
    permission_required = "consultations.erase_client"
    template_name = "consultations/client_confirm_erase.html"
    context_object_name = "client"

    def get_queryset(self):
        return Client.objects.filter(anonymised_at__isnull=True)

    def accessed(self, context):
        return {"client": self.object}

    def post(self, request, pk):
        client = get_object_or_404(self.get_queryset(), pk=pk)
        retention.erase_client(client=client, by=request.user)
        messages.success(
            request, _("The client's personal data were erased. The statistics remain.")
        )
        return redirect("consultations:client_list")


class AccessLogView(LogsCaseAccess, PermissionRequiredMixin, FastFilterSelectsMixin, FilterView):
    """The lead's access log: who saw which client's case and when, filterable by person and period.

    The entries hold primary keys (they outlive an erasure); the page looks up the current code
    (``ANON-…`` after an erasure) and the consultation's date in one query each. Reading the log
    is itself logged, as one row without a client.
    """

    access_action = Action.AUDIT
    permission_required = "consultations.view_accesslog"
    filterset_class = AccessLogFilter
    template_name = "consultations/accesslog_list.html"
    paginate_by = 50
    paginator_class = CappedPaginator

    def get_queryset(self):
        return AccessLog.objects.select_related("user").order_by("-at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = context["object_list"] = list(context["object_list"])
        codes = dict(
            Client.objects.filter(
                pk__in={entry.client_ref for entry in entries if entry.client_ref}
            ).values_list("pk", "code")
        )
        dates = dict(
            Consultation.objects.filter(
                pk__in={entry.consultation_ref for entry in entries if entry.consultation_ref}
            ).values_list("pk", "held_on")
        )
        for entry in entries:
            entry.client_code = codes.get(entry.client_ref)
            entry.held_on = dates.get(entry.consultation_ref)
        return context

    def accessed(self, context):
        return {}
