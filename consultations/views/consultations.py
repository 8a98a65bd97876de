"""Consultations: the list, entry, one consultation, editing, the referral lookup."""

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from actors.queries import REFERRAL_MATCHES, referral_matches
from consultations import services
from consultations.filters import ConsultationFilter
from consultations.forms import (
    ConsultationEntryForm,
    ConsultationForm,
)
from consultations.models import Client, Consultation, ConsultationTopic
from consultations.views.base import Action, LogsCaseAccess, _consultations, _visible_history
from kmut.paging import CappedPaginator
from kmut.versioning import VersionCheckMixin
from kmut.widgets import FastFilterSelectsMixin
from volunteers.queries import INTERPRETER_MATCHES, interpreting_matches

__all__ = [
    "ConsultationCreateView",
    "ConsultationDetailView",
    "ConsultationUpdateView",
    "IndexView",
    "InterpreterLookupView",
    "ReferralLookupView",
]


def with_topic_labels(consultations) -> list:
    """The consultations as a list, each with `topic_labels` (in the order of `.topics.all()`),
    read as plain values in one query instead of a prefetch of topic rows."""
    consultations = list(consultations)
    labels = dict(ConsultationTopic._meta.get_field("topic").flatchoices)
    topics: dict[int, list] = {}
    rows = ConsultationTopic.objects.filter(consultation__in=consultations).values_list(
        "consultation_id", "topic"
    )
    for consultation_id, topic in rows:
        topics.setdefault(consultation_id, []).append(labels.get(topic, topic))
    for consultation in consultations:
        consultation.topic_labels = topics.get(consultation.pk, [])
    return consultations


class IndexView(LogsCaseAccess, PermissionRequiredMixin, FastFilterSelectsMixin, FilterView):
    """The consultation log: latest consultations, filterable; every row shown is logged."""

    access_action = Action.LIST
    permission_required = "consultations.view_consultation"
    filterset_class = ConsultationFilter
    template_name = "consultations/consultation_filter.html"
    paginate_by = 25
    paginator_class = CappedPaginator

    def get_queryset(self):
        # The topics are read for the shown page only (`with_topic_labels`), referrals not at all;
        # of the rows only the columns the table shows (tests/test_query_counts.py notices a
        # missing one).
        return (
            Consultation.objects.select_related("client", "counsellor")
            .only(
                "held_on",
                "channel",
                "interpreter_used",
                "client__code",
                "counsellor__username",
                "counsellor__first_name",
                "counsellor__last_name",
            )
            .order_by("-held_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = with_topic_labels(context["object_list"])
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
