"""Meetings: planning, the list, one meeting, and what is done with it (invite, cancel,
mail and approve the minutes)."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import (
    CreateView,
    DetailView,
    TemplateView,
    UpdateView,
)

from kmut import audit
from roundtable import services
from roundtable.forms import (
    ExternalMeetingForm,
    MeetingFilterForm,
    MeetingForm,
)
from roundtable.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    MinutesAmendment,
    MinutesMailing,
)
from roundtable.views.base import BodyChildMixin, _fail, _refuse_if_frozen


class MeetingCreateView(BodyChildMixin, CreateView):
    """Plan a hosted meeting: the standing agenda items are added automatically."""

    permission_required = "roundtable.add_meeting"
    model = Meeting
    form_class = MeetingForm

    def get_initial(self):
        return {"title": self.body.name}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.instance.body = self.body
        return form

    def form_valid(self, form):
        try:
            self.object = services.plan_meeting(meeting=form.instance, by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting was planned."))
        return redirect(self.object)


class ExternalMeetingCreateView(PermissionRequiredMixin, CreateView):
    """Quick entry of a meeting the office attended elsewhere."""

    permission_required = "roundtable.add_meeting"
    model = Meeting
    form_class = ExternalMeetingForm
    template_name = "roundtable/meeting_external_form.html"

    def form_valid(self, form):
        form.instance.is_hosted = False
        form.instance.state = Meeting.State.HELD
        response = super().form_valid(form)
        messages.success(self.request, _("The meeting was recorded."))
        return response


class MeetingListView(PermissionRequiredMixin, TemplateView):
    """All meetings of a period in date order: hosted ones and those attended elsewhere."""

    permission_required = "roundtable.view_meeting"
    template_name = "roundtable/meeting_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.request.GET.copy()
        data.setdefault("year", str(timezone.localdate().year))
        form = MeetingFilterForm(data)
        meetings = Meeting.objects.none()
        if form.is_valid():
            meetings = form.filter(Meeting.objects.select_related("body"))
        context["form"] = form
        context["meetings"] = meetings
        return context


class MeetingDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "roundtable.view_meeting"
    model = Meeting

    def get_queryset(self):
        return Meeting.objects.select_related(
            "body", "minute_taker", "approved_in"
        ).prefetch_related(
            # One query per list: the related rows come by join, not by a further prefetch.
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("approves")),
            Prefetch("decisions", queryset=Decision.objects.select_related("responsible", "body")),
            Prefetch(
                "action_items", queryset=ActionItem.objects.select_related("owner_organisation")
            ),
            Prefetch("attendances", queryset=Attendance.objects.select_related("organisation")),
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related(
                    "membership__organisation", "membership__delegate", "membership__deputy"
                ),
            ),
            Prefetch("amendments", queryset=MinutesAmendment.objects.select_related("created_by")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        context["open_action_items"] = services.open_action_items_for(meeting)
        context["history"] = audit.history_of(meeting)
        context["minutes_mailing"] = MinutesMailing.objects.filter(meeting=meeting).first()
        context["can_edit_minutes"] = not meeting.minutes_frozen and meeting.state != "cancelled"
        context["can_invite"] = (
            meeting.is_hosted
            and meeting.body_id
            and meeting.state in ("planned", "invited")
            and meeting.starts_at > timezone.now()
        )
        return context


class MeetingUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "roundtable.change_meeting"
    model = Meeting

    def get_form_class(self):
        return MeetingForm if self.object.is_hosted else ExternalMeetingForm

    def get_template_names(self):
        if self.object.is_hosted:
            return ["roundtable/meeting_form.html"]
        return ["roundtable/meeting_external_form.html"]

    def dispatch(self, request, *args, **kwargs):
        meeting = get_object_or_404(Meeting, pk=kwargs["pk"])
        if self.has_permission() and (refused := _refuse_if_frozen(request, meeting)):
            return refused
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            updates = services.update_meeting(
                meeting=form.instance,
                base_url=self.request.build_absolute_uri("/"),
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.object = form.instance
        if updates:
            messages.success(
                self.request,
                ngettext(
                    "The change was sent to %(count)s invitee.",
                    "The change was sent to %(count)s invitees.",
                    updates,
                )
                % {"count": updates},
            )
        return redirect(self.object)


class MeetingActionView(PermissionRequiredMixin, View):
    """POST-only action on a meeting."""

    permission_required = "roundtable.change_meeting"
    http_method_names = ["post"]

    def post(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        try:
            self.act(request, meeting)
        except ValidationError as error:
            _fail(request, error)
        return redirect(meeting)


class MeetingCancelView(MeetingActionView):
    def act(self, request, meeting):
        sent = services.cancel_meeting(meeting=meeting, by=request.user)
        messages.success(request, _("The meeting was cancelled."))
        if sent:
            messages.success(
                request,
                ngettext(
                    "The cancellation was sent to %(count)s invitee.",
                    "The cancellation was sent to %(count)s invitees.",
                    sent,
                )
                % {"count": sent},
            )


class MinutesMailView(MeetingActionView):
    """Send the approved minutes to the members (once; the mailing is recorded)."""

    def act(self, request, meeting):
        mailing = services.mail_minutes(meeting=meeting, by=request.user)
        count = len(mailing.recipients)
        messages.success(
            request,
            ngettext(
                "The minutes were sent to %(count)s member.",
                "The minutes were sent to %(count)s members.",
                count,
            )
            % {"count": count},
        )


class MeetingInviteView(MeetingActionView):
    def act(self, request, meeting):
        sent, skipped = services.send_invitations(
            meeting=meeting, base_url=request.build_absolute_uri("/"), by=request.user
        )
        messages.success(
            request,
            ngettext("%(count)s invitation was sent.", "%(count)s invitations were sent.", sent)
            % {"count": sent},
        )
        if skipped:
            messages.warning(
                request,
                _("No e-mail address, not invited: %(names)s")
                % {"names": ", ".join(str(membership) for membership in skipped)},
            )


class ApproveMinutesView(PermissionRequiredMixin, View):
    """POST on the approval item of a meeting: the previous minutes become frozen."""

    permission_required = "roundtable.change_meeting"
    http_method_names = ["post"]

    def post(self, request, pk):
        item = get_object_or_404(AgendaItem, pk=pk)
        try:
            previous = services.approve_minutes(item=item, by=request.user)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(
                request, _("The minutes of %(meeting)s are approved.") % {"meeting": previous}
            )
        return redirect(item.meeting)
