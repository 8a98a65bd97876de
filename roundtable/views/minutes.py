"""A meeting's record: agenda items, attendance, minutes, decisions, action items, amendments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import (
    CreateView,
    FormView,
    UpdateView,
)

from kmut.versioning import VersionCheckMixin
from roundtable import services
from roundtable.forms import (
    ActionItemForm,
    AgendaItemForm,
    AmendmentForm,
    AttendanceForm,
    DecisionForm,
    MinutesForm,
)
from roundtable.models import (
    AgendaItem,
    Membership,
)
from roundtable.views.base import MeetingChildMixin


class AgendaItemCreateView(MeetingChildMixin, CreateView):
    permission_required = "roundtable.change_meeting"
    model = AgendaItem
    form_class = AgendaItemForm

    def form_valid(self, form):
        form.instance.meeting = self.meeting
        try:
            services.add_agenda_item(item=form.instance, by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(self.meeting)


class AgendaItemUpdateView(MeetingChildMixin, UpdateView):
    permission_required = "roundtable.change_meeting"
    model = AgendaItem
    form_class = AgendaItemForm

    def get_queryset(self):
        return self.meeting.agenda_items.all()

    def form_valid(self, form):
        try:
            services.add_agenda_item(item=form.instance, by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(self.meeting)


class AttendanceView(MeetingChildMixin, FormView):
    permission_required = "roundtable.change_meeting"
    template_name = "roundtable/attendance_form.html"

    def memberships(self):
        if self.meeting.body_id is None:
            return Membership.objects.none()
        day = timezone.localdate(self.meeting.starts_at)
        return self.meeting.body.memberships.current(day).select_related("organisation", "delegate")

    def get_form(self, form_class=None):
        current = dict(
            self.meeting.attendances.filter(membership__isnull=False).values_list(
                "membership_id", "status"
            )
        )
        return AttendanceForm(
            self.request.POST if self.request.method == "POST" else None,
            memberships=self.memberships(),
            current=current,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["guests"] = self.meeting.attendances.filter(is_guest=True)
        return context

    def form_valid(self, form):
        try:
            services.record_attendance(
                meeting=self.meeting,
                members=form.member_statuses(),
                guests=form.guests(),
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The attendance was saved."))
        return redirect(self.meeting)


class MinutesView(VersionCheckMixin, MeetingChildMixin, FormView):
    permission_required = "roundtable.change_meeting"
    template_name = "roundtable/minutes_form.html"
    form_class = MinutesForm
    version_field = "minutes_version"

    def versioned_object(self):
        return self.meeting

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def fresh_form(self, current):
        return MinutesForm(meeting=current)

    def form_valid(self, form):
        try:
            services.save_minutes(
                meeting=self.meeting,
                texts=form.texts(),
                minute_taker=form.cleaned_data["minute_taker"],
                by=self.request.user,
                minutes_version=self.expected_version,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The minutes were saved."))
        return redirect(self.meeting)


class MeetingRecordCreateView(MeetingChildMixin, CreateView):
    """A decision or action item recorded in a meeting, saved by its service function."""

    template_name = "roundtable/meeting_child_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def form_valid(self, form):
        try:
            self.save(form.instance)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(self.meeting)


class DecisionCreateView(MeetingRecordCreateView):
    permission_required = "roundtable.add_decision"
    form_class = DecisionForm
    extra_context = {"heading": gettext_lazy("New decision")}

    def save(self, decision):
        services.add_decision(decision=decision, by=self.request.user)


class ActionItemCreateView(MeetingRecordCreateView):
    permission_required = "roundtable.add_actionitem"
    form_class = ActionItemForm
    extra_context = {"heading": gettext_lazy("New action item")}

    def save(self, action_item):
        services.add_action_item(action_item=action_item, by=self.request.user)


class AmendmentCreateView(MeetingChildMixin, FormView):
    permission_required = "roundtable.add_minutesamendment"
    guards_minutes = False
    form_class = AmendmentForm
    template_name = "roundtable/meeting_child_form.html"
    extra_context = {"heading": gettext_lazy("Amend approved minutes")}

    def form_valid(self, form):
        try:
            services.add_amendment(
                meeting=self.meeting,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The amendment was recorded."))
        return redirect(self.meeting)
