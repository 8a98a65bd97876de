import json
import uuid

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from actors.queries import REFERRAL_MATCHES, referral_matches
from consultations import exports, queries, retention, services, statistics_cache
from consultations.filters import AccessLogFilter, ClientFilter, ConsultationFilter
from consultations.forms import (
    ClientForm,
    ClientIdentityForm,
    ConsultationEntryForm,
    ConsultationForm,
    YearForm,
)
from consultations.models import AccessLog, Client, ClientIdentity, Consultation, Referral
from kmut import audit
from kmut.charts import Bar, bar_chart
from kmut.responses import CSV, XLSX, file_response, pdf_response
from kmut.versioning import VersionCheckMixin
from kmut.widgets import FastFilterSelectsMixin
from volunteers.queries import INTERPRETER_MATCHES, interpreting_matches

Action = AccessLog.Action


def _consultations():
    return Consultation.objects.select_related(
        "client", "counsellor", "language", "interpreter_assignment"
    ).prefetch_related(
        "topics", Prefetch("referrals", queryset=Referral.objects.select_related("organisation"))
    )


def _visible_history(consultation, user):
    """The consultation's history without note changes for users who may not read the note."""
    entries = audit.history_of(consultation)
    if consultation.note_visible_to(user):
        return entries
    note_label = str(Consultation._meta.get_field("note").verbose_name)
    for entry in entries:
        entry.changes = [change for change in entry.changes if change.label != note_label]
    return entries


class LogsCaseAccess:
    """Writes the access-log rows of a page that shows case data, once per rendered page.

    The hook is `render_to_response`: it runs for a GET and for an invalid form shown again,
    never for a POST that saves and redirects. A view sets `access_action` and returns from
    `accessed(context)` what the page shows, as keyword arguments of `services.record_access`
    (or None when it shows nobody, e.g. the code lookup without a match). File exports log in
    their service (`services.export_client`), so that no export goes unrecorded.
    """

    access_action = Action.VIEW

    def accessed(self, context) -> dict | None:
        raise NotImplementedError

    def render_to_response(self, context, **response_kwargs):
        if not getattr(self, "_access_recorded", False):
            self._access_recorded = True
            subjects = self.accessed(context)
            if subjects is not None:
                services.record_access(by=self.request.user, action=self.access_action, **subjects)
        return super().render_to_response(context, **response_kwargs)


# --- consultations -------------------------------------------------------------------------


class IndexView(LogsCaseAccess, PermissionRequiredMixin, FastFilterSelectsMixin, FilterView):
    """The consultation log: latest consultations, filterable; every row shown is logged."""

    access_action = Action.LIST
    permission_required = "consultations.view_consultation"
    filterset_class = ConsultationFilter
    template_name = "consultations/consultation_filter.html"
    paginate_by = 25

    def get_queryset(self):
        return _consultations().order_by("-held_on", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["follow_ups"] = list(
            services.follow_ups_due(self.request.user)
            .select_related("client")
            .order_by("follow_up_on")[:10]
        )
        return context

    def accessed(self, context):
        shown = {row.pk: row for row in [*context["object_list"], *context["follow_ups"]]}
        return {"listed": shown.values()}


class ConsultationCreateView(LogsCaseAccess, PermissionRequiredMixin, FormView):
    """Fast entry: client code, topics, Enter. "Save and new" is the default button.

    The form's submission token is part of its URL (``?t=<uuid>``; "Save and new" leads there,
    `static/js/entry-token.js` writes a fresh form's token into the address): a browser that
    fetches the form again on "back" gets the same token, and a token already used leads to
    its consultation instead of a second one (and a second client). Called from a client page
    (`client_consultation_create`), the form opens with that client's code.
    """

    permission_required = ("consultations.add_consultation", "consultations.add_client")
    form_class = ConsultationEntryForm
    template_name = "consultations/consultation_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.client_object = None
        if "pk" in kwargs:
            if not (self.has_permission() and request.user.has_perm("consultations.view_client")):
                return self.handle_no_permission()
            self.client_object = get_object_or_404(
                Client.objects.filter(anonymised_at__isnull=True), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def _url_token(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(self.request.GET.get("t", ""))
        except ValueError:
            return None

    def _already_saved(self, consultation):
        messages.info(self.request, _("This consultation had already been saved."))
        return redirect(consultation)

    def get(self, request, *args, **kwargs):
        token = self._url_token()
        if token and (existing := services.consultation_for_token(token)) is not None:
            return self._already_saved(existing)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            token = uuid.UUID(request.POST.get("submission_token", ""))
        except ValueError:
            token = None
        if token and (existing := services.consultation_for_token(token)) is not None:
            return self._already_saved(existing)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = {"submission_token": self._url_token() or uuid.uuid4()}
        if self.client_object is not None:
            initial["client_code"] = self.client_object.code
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.client_object is not None:
            context["lookup_client"] = (
                Client.objects.filter(pk=self.client_object.pk).select_related("municipality").get()
            )
        return context

    def accessed(self, context):
        # The empty form shows nobody; opened from a client page it shows that client.
        return None if self.client_object is None else {"client": self.client_object}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            consultation, created = services.record_entry(
                by=self.request.user,
                client=form.client,
                client_code=data["client_code"],
                new_client=form.new_client_fields(),
                topics=data["topics"],
                referrals=form.referral_pairs(),
                submission_token=data["submission_token"],
                **form.consultation_fields(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    field = "client_code" if field == "code" else field
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        if not created:
            return self._already_saved(consultation)
        messages.success(
            self.request,
            _("Consultation saved for client %(code)s.") % {"code": consultation.client.code},
        )
        if "save_and_new" in self.request.POST:
            url = reverse("consultations:consultation_create")
            return redirect(f"{url}?t={uuid.uuid4()}")
        return redirect(consultation)


class ConsultationDetailView(LogsCaseAccess, PermissionRequiredMixin, DetailView):
    permission_required = "consultations.view_consultation"
    template_name = "consultations/consultation_detail.html"
    context_object_name = "consultation"

    def get_queryset(self):
        return _consultations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_note"] = self.object.note_visible_to(self.request.user)
        context["history"] = _visible_history(self.object, self.request.user)
        return context

    def accessed(self, context):
        return {"consultations": [self.object]}


class ConsultationUpdateView(
    VersionCheckMixin, LogsCaseAccess, PermissionRequiredMixin, UpdateView
):
    access_action = Action.EDIT
    permission_required = "consultations.change_consultation"
    form_class = ConsultationForm
    template_name = "consultations/consultation_form.html"
    context_object_name = "consultation"

    def get_queryset(self):
        return _consultations().filter(client__anonymised_at__isnull=True)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def accessed(self, context):
        return {"consultations": [self.object]}

    def form_valid(self, form):
        try:
            self.object = services.update_consultation(
                consultation=self.object,
                by=self.request.user,
                topics=form.cleaned_data["topics"],
                referrals=form.referral_pairs(),
                **form.consultation_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The consultation was saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class ReferralLookupView(PermissionRequiredMixin, TemplateView):
    """htmx: the active organisations matching a referral row's search text, as radio buttons.

    GET with `row` (the referral's number) and that row's field `referral_<row>_search`, as the
    entry form's search field sends them; it reads no case data, so it writes no access log.
    """

    permission_required = "consultations.add_consultation"
    http_method_names = ["get"]
    template_name = "consultations/includes/_referral_choices.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            row = max(1, min(int(self.request.GET.get("row", "1")), 50))
        except ValueError:
            row = 1
        text = self.request.GET.get(f"referral_{row}_search", "").strip()[:200]
        matches = referral_matches(text, limit=REFERRAL_MATCHES + 1)
        context.update(
            row=row,
            text=text,
            matches=matches[:REFERRAL_MATCHES],
            more=len(matches) > REFERRAL_MATCHES,
        )
        return context


class InterpreterLookupView(PermissionRequiredMixin, TemplateView):
    """htmx: the interpreting assignments matching the entry form's search text, as radio
    buttons (GET `interpreter_assignment_search`); it reads no case data."""

    permission_required = "consultations.add_consultation"
    http_method_names = ["get"]
    template_name = "consultations/includes/_interpreter_choices.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("interpreter_assignment_search", "").strip()[:60]
        matches = interpreting_matches(text, limit=INTERPRETER_MATCHES + 1)
        context.update(
            text=text,
            matches=matches[:INTERPRETER_MATCHES],
            more=len(matches) > INTERPRETER_MATCHES,
        )
        return context


# --- clients -------------------------------------------------------------------------------


class ClientListView(LogsCaseAccess, PermissionRequiredMixin, FilterView):
    access_action = Action.LIST
    permission_required = "consultations.view_client"
    filterset_class = ClientFilter
    template_name = "consultations/client_filter.html"
    paginate_by = 25

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


# --- statistics ----------------------------------------------------------------------------


def _year(request) -> tuple[YearForm, int]:
    """The chosen year; without a choice the current one (never a year that has not begun)."""
    current = timezone.localdate().year
    available = queries.available_years() or [current]
    years = list(range(max(available[0], current), min(available[-1], current) - 1, -1))
    form = YearForm(request.GET or {"year": current}, years=years)
    year = form.cleaned_data["year"] if form.is_valid() else current
    return form, year


# The page shows at most this many rows of a table (and bars of its chart): the referrals per
# organisation would otherwise grow with the registry. The downloads and the PDF hold all rows.
PAGE_ROWS = 25


def _build_tables_with_charts(year: int) -> list[tuple]:
    return [
        (
            table,
            bar_chart(
                title=table.title,
                bars=[Bar(cell.label, cell.count, cell.display) for cell in table.rows[:PAGE_ROWS]],
            ),
        )
        for table in queries.annual_tables(year)
    ]


def _tables_with_charts(year: int) -> list[tuple]:
    """The year's suppressed tables with their charts, cached until the data changes."""
    return statistics_cache.cached("tables", year, lambda: _build_tables_with_charts(year))


class StatisticsView(PermissionRequiredMixin, TemplateView):
    permission_required = "consultations.view_consultation"
    template_name = "consultations/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, year = _year(self.request)
        context.update(
            form=form,
            year=year,
            tables=[
                (table, chart, table.rows[:PAGE_ROWS], max(0, len(table.rows) - PAGE_ROWS))
                for table, chart in _tables_with_charts(year)
            ],
            suppression_note=queries.SUPPRESSION_NOTE,
        )
        return context


class StatisticsPdfView(PermissionRequiredMixin, View):
    permission_required = "consultations.view_consultation"

    def get(self, request):
        _form, year = _year(request)
        return pdf_response(
            "consultations/pdf/statistics.html",
            {
                "year": year,
                "tables": _tables_with_charts(year),
                "charts": [],
                "suppression_note": queries.SUPPRESSION_NOTE,
            },
            f"beratungsstatistik-{year}.pdf",
        )


class StatisticsExportView(PermissionRequiredMixin, View):
    permission_required = "consultations.view_consultation"

    def get(self, request, file_format):
        if file_format not in ("csv", "xlsx"):
            raise Http404
        _form, year = _year(request)
        tables = [table for table, _chart in _tables_with_charts(year)]
        filename = f"beratungsstatistik-{year}.{file_format}"
        if file_format == "csv":
            response = HttpResponse(exports.statistics_csv(tables), content_type=CSV)
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return file_response(exports.statistics_xlsx(tables), filename, XLSX)
