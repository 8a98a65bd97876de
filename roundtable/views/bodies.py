"""The overview page, the bodies and their members."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.views.generic import (
    CreateView,
    DetailView,
    TemplateView,
    UpdateView,
)

from kmut import audit
from kmut.paging import paginate
from roundtable import rhythm
from roundtable.forms import (
    BodyForm,
    MembershipForm,
)
from roundtable.models import (
    ActionItem,
    Body,
    Meeting,
    Membership,
)
from roundtable.views.base import BodyChildMixin


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
            # The body is this one (the related manager sets it); of the meeting and the
            # responsible organisation only what the register shows.
            body.decisions.select_related("meeting", "responsible")
            .only(
                "body",
                "number",
                "text",
                "status",
                "meeting__starts_at",
                "responsible__name",
            )
            .order_by("-number"),
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
