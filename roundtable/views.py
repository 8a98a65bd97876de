from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)
from django_filters.views import FilterView

from actors.models import Organisation
from kmut import audit
from kmut.paging import paginate
from kmut.responses import PDF, file_response, pdf_response
from kmut.versioning import VersionCheckMixin
from kmut.views import safe_next
from kmut.widgets import FastFilterSelectsMixin
from roundtable import calendars, exports, rhythm, services
from roundtable.filters import EventFilter
from roundtable.forms import (
    ActionItemForm,
    ActionItemStatusForm,
    AgendaItemForm,
    AmendmentForm,
    AttendanceForm,
    BodyForm,
    DecisionForm,
    EventForm,
    ExternalMeetingForm,
    MeetingFilterForm,
    MeetingForm,
    MembershipForm,
    MinutesForm,
    RsvpForm,
)
from roundtable.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    CalendarToken,
    Decision,
    Event,
    Invitation,
    Meeting,
    Membership,
    MinutesAmendment,
    MinutesMailing,
)


def _fail(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _refuse_if_frozen(request, meeting):
    """A redirect with the reason when the meeting's minutes may no longer change, else None."""
    try:
        services.ensure_minutes_editable(meeting)
    except ValidationError as error:
        _fail(request, error)
        return redirect(meeting)
    return None


class IndexView(PermissionRequiredMixin, TemplateView):
    """Bodies, the next meetings, what is missing and what is open."""

    permission_required = "roundtable.view_meeting"
    template_name = "roundtable/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bodies"] = Body.objects.filter(is_active=True).annotate(
            member_count=Count("memberships", distinct=True),
            open_items=Count(
                "action_items",
                filter=Q(action_items__status__in=["open", "in_progress"]),
                distinct=True,
            ),
        )
        context["upcoming"] = (
            Meeting.objects.upcoming().select_related("body").order_by("starts_at")[:8]
        )
        context["recent"] = (
            Meeting.objects.filter(starts_at__lt=timezone.now())
            .select_related("body")
            .order_by("-starts_at")[:8]
        )
        context["rhythm_warnings"] = rhythm.missing_meetings()
        context["overdue_count"] = ActionItem.objects.overdue().count()
        return context


# --- bodies and members -------------------------------------------------------------------


class BodyDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "roundtable.view_meeting"
    model = Body

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        body = self.object
        context["memberships"] = body.memberships.select_related(
            "organisation", "delegate", "deputy"
        ).order_by("ends_on", "organisation__name", "person_name")
        context["meetings"] = paginate(
            self.request, body.meetings.order_by("-starts_at"), 20, param="meetings"
        )
        context["decisions"] = paginate(
            self.request,
            body.decisions.select_related("body", "meeting", "responsible").order_by("-number"),
            25,
            param="decisions",
        )
        context["history"] = audit.history_of(body)
        context["feed_url"] = self.request.build_absolute_uri(
            reverse("roundtable_public:body_feed", args=[body.calendar_token])
        )
        return context


class BodyCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "roundtable.add_body"
    model = Body
    form_class = BodyForm


class BodyUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "roundtable.change_body"
    model = Body
    form_class = BodyForm


class BodyChildMixin(PermissionRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        self.body = get_object_or_404(Body, pk=kwargs["body_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "body": self.body}


class MembershipCreateView(BodyChildMixin, CreateView):
    permission_required = "roundtable.add_membership"
    model = Membership
    form_class = MembershipForm

    def form_valid(self, form):
        form.instance.body = self.body
        return super().form_valid(form)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.instance.body = self.body
        return form

    def get_success_url(self):
        return self.body.get_absolute_url()


class MembershipUpdateView(BodyChildMixin, UpdateView):
    permission_required = "roundtable.change_membership"
    model = Membership
    form_class = MembershipForm

    def get_queryset(self):
        return self.body.memberships.all()

    def get_success_url(self):
        return self.body.get_absolute_url()


# --- meetings -----------------------------------------------------------------------------


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


class MeetingChildMixin(PermissionRequiredMixin):
    """Views that change a meeting's minutes: refused once the minutes are approved."""

    guards_minutes = True

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(
            Meeting.objects.select_related("body"), pk=kwargs["meeting_pk"]
        )
        if (
            self.has_permission()
            and self.guards_minutes
            and (refused := _refuse_if_frozen(request, self.meeting))
        ):
            return refused
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "meeting": self.meeting}

    def get_success_url(self):
        return self.meeting.get_absolute_url()


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


# --- action items -------------------------------------------------------------------------


class ActionItemListView(PermissionRequiredMixin, ListView):
    """Open action items across bodies, overdue first."""

    permission_required = "roundtable.view_meeting"
    template_name = "roundtable/actionitem_list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = ActionItem.objects.select_related("body", "meeting", "owner_organisation")
        if self.request.GET.get("status") != "all":
            queryset = queryset.open()
        body = self.request.GET.get("body", "")
        if body.isdigit():
            queryset = queryset.filter(body_id=int(body))
        return queryset.order_by("due_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bodies"] = list(Body.objects.filter(is_active=True))  # read before rendering
        return context


class ActionItemUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "roundtable.change_actionitem"
    model = ActionItem
    form_class = ActionItemStatusForm

    def form_valid(self, form):
        services.update_action_item(action_item=form.instance, by=self.request.user)
        messages.success(self.request, _("The action item was saved."))
        return redirect(safe_next(self.request, reverse("roundtable:actionitem_list")))


class ActionItemRemindView(PermissionRequiredMixin, View):
    permission_required = "roundtable.change_actionitem"
    http_method_names = ["post"]

    def post(self, request):
        items = ActionItem.objects.overdue().select_related("body", "meeting", "owner_organisation")
        count = services.send_reminders(action_items=items, by=request.user)
        messages.success(
            request,
            ngettext("%(count)s reminder was sent.", "%(count)s reminders were sent.", count)
            % {"count": count},
        )
        return redirect("roundtable:actionitem_list")


# --- events and projects ------------------------------------------------------------------


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


# --- documents ----------------------------------------------------------------------------


class MinutesPdfView(PermissionRequiredMixin, View):
    """The minutes as PDF; ?variant=public leaves out the non-public items."""

    permission_required = "roundtable.view_meeting"

    def get(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.select_related("body", "minute_taker"), pk=pk)
        public = request.GET.get("variant") == "public"
        pdf = services.minutes_pdf(meeting, public=public)
        return file_response(pdf, services.minutes_filename(meeting, public=public), PDF)


class AttendanceSheetPdfView(PermissionRequiredMixin, View):
    permission_required = "roundtable.view_meeting"

    def get(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
        memberships = []
        if meeting.body_id:
            day = timezone.localdate(meeting.starts_at)
            memberships = meeting.body.memberships.current(day).select_related(
                "organisation", "delegate"
            )
        return pdf_response(
            "roundtable/pdf/attendance_sheet.html",
            {"meeting": meeting, "memberships": memberships, "blank_rows": range(8)},
            f"anwesenheitsliste-{timezone.localdate(meeting.starts_at).isoformat()}.pdf",
        )


# --- calendars ----------------------------------------------------------------------------


class CalendarView(PermissionRequiredMixin, TemplateView):
    """The user's personal calendar address (created on first visit, renewable)."""

    permission_required = "roundtable.view_meeting"
    template_name = "roundtable/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token, _created = CalendarToken.objects.get_or_create(user=self.request.user)
        context["feed_url"] = self.request.build_absolute_uri(
            reverse("roundtable_public:user_feed", args=[token.token])
        )
        context["bodies"] = Body.objects.filter(is_active=True)
        return context

    def post(self, request):
        CalendarToken.objects.filter(user=request.user).delete()
        messages.success(
            request, _("Your calendar address was renewed; the old one no longer works.")
        )
        return redirect("roundtable:calendar")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class BodyFeedView(View):
    """Subscribable calendar of one body (secret token in the address, no login)."""

    def get(self, request, token):
        body = get_object_or_404(Body, calendar_token=token)
        meetings = body.meetings.select_related("body").order_by("starts_at")
        return _ics_response(calendars.feed_ics(meetings, name=body.name), "gremium.ics")


class UserFeedView(View):
    """A user's calendar of all meetings and dated events, as long as the user may see them."""

    def get(self, request, token):
        calendar_token = get_object_or_404(
            CalendarToken.objects.select_related("user"), token=token
        )
        user = calendar_token.user
        if not user.is_active or not user.has_perm("roundtable.view_meeting"):
            raise Http404
        year_ago = timezone.now() - timedelta(days=365)
        meetings = (
            Meeting.objects.filter(starts_at__gte=year_ago)
            .select_related("body")
            .order_by("starts_at")
        )
        events = Event.objects.none()
        if user.has_perm("roundtable.view_event"):
            events = Event.objects.filter(
                ends_on__isnull=False, ends_on__gte=timezone.localdate(year_ago)
            ).order_by("starts_on", "pk")
        return _ics_response(
            calendars.feed_ics(meetings, events=events, name=_("Meetings and events")),
            "termine.ics",
        )


class RsvpView(FormView):
    """The member's personal reply page (no account): for this invitation only."""

    form_class = RsvpForm
    template_name = "roundtable/rsvp.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = get_object_or_404(
            Invitation.objects.select_related("meeting__body", "membership__organisation"),
            token=kwargs["token"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.invitation.is_deputy:  # the deputy answers for themselves
            field = form.fields["reply"]
            field.choices = [c for c in field.choices if c[0] != Invitation.Reply.DEPUTY]
        return form

    def get_initial(self):
        reply = self.invitation.reply
        return {"reply": None if reply == Invitation.Reply.PENDING else reply}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitation"] = self.invitation
        context["meeting"] = self.invitation.meeting
        context["agenda"] = self.invitation.meeting.agenda_items.filter(is_public=True)
        return context

    def form_valid(self, form):
        try:
            services.record_reply(
                invitation=self.invitation,
                reply=form.cleaned_data["reply"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you, your reply was saved."))
        return redirect("roundtable_public:rsvp", token=self.invitation.token)
