"""Events and projects: list with filters, detail, edit, delete, export."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    UpdateView,
)
from django_filters.views import FilterView

from actors.models import Organisation
from kmut import audit
from kmut.widgets import FastFilterSelectsMixin
from roundtable import exports
from roundtable.filters import EventFilter
from roundtable.forms import (
    EventForm,
)
from roundtable.models import (
    Event,
)


class EventListView(PermissionRequiredMixin, FastFilterSelectsMixin, FilterView):
    """Events and projects, newest first, filtered by kind, year, field, partner and text."""

    permission_required = "roundtable.view_event"
    filterset_class = EventFilter
    template_name = "roundtable/event_filter.html"
    paginate_by = 25

    def get_queryset(self):
        return Event.objects.prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
            "fields_of_action",
        ).order_by("-starts_on", "title", "pk")


class EventDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "roundtable.view_event"
    model = Event

    def get_queryset(self):
        return Event.objects.prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
            "fields_of_action",
            "languages",
            "measures__goal",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = audit.history_of(self.object)
        return context


class EventCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "roundtable.add_event"
    model = Event
    form_class = EventForm

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("The entry was saved."))
        return response


class EventUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "roundtable.change_event"
    model = Event
    form_class = EventForm

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("The entry was saved."))
        return response


class EventDeleteView(PermissionRequiredMixin, DeleteView):
    """GET asks, POST deletes a mistaken entry (the history keeps it) and goes to the list."""

    permission_required = "roundtable.delete_event"
    model = Event

    def get_success_url(self):
        return reverse("roundtable:event_list")

    def form_valid(self, form):
        self.object._history_user = self.request.user
        name = str(self.object)
        self.object.delete()
        messages.success(self.request, _("“%(name)s” was deleted.") % {"name": name})
        return redirect(self.get_success_url())


class EventExportView(PermissionRequiredMixin, View):
    """CSV or XLSX of exactly what the list shows with the same filters."""

    permission_required = "roundtable.view_event"

    def get(self, request):
        list_view = EventListView()
        list_view.setup(request)
        filterset = EventFilter(request.GET, queryset=list_view.get_queryset(), request=request)
        events = filterset.qs if filterset.is_valid() else Event.objects.none()
        file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
        return exports.events_response(events, file_format=file_format)
