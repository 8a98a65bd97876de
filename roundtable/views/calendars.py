"""The personal calendar page, the subscribable feeds and the reply page behind an invitation
link (the feeds and the reply page work without login)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import (
    FormView,
    TemplateView,
)

from kmut.responses import file_response
from roundtable import calendars, services
from roundtable.forms import (
    RsvpForm,
)
from roundtable.models import (
    Body,
    CalendarToken,
    Event,
    Invitation,
    Meeting,
)


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


ICS = "text/calendar; charset=utf-8"


class BodyFeedView(View):
    """Subscribable calendar of one body (secret token in the address, no login)."""

    def get(self, request, token):
        body = get_object_or_404(Body, calendar_token=token)
        meetings = body.meetings.select_related("body").order_by("starts_at")
        return file_response(
            calendars.feed_ics(meetings, name=body.name), "gremium.ics", ICS, inline=True
        )


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
        return file_response(
            calendars.feed_ics(meetings, events=events, name=_("Meetings and events")),
            "termine.ics",
            ICS,
            inline=True,
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
