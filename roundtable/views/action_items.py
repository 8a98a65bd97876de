"""The action items of all bodies: the list, a status change, reminders."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import (
    ListView,
    UpdateView,
)

from kmut.paging import CappedPaginator
from kmut.views import safe_next
from roundtable import services
from roundtable.forms import (
    ActionItemStatusForm,
)
from roundtable.models import (
    ActionItem,
    Body,
)


class ActionItemListView(PermissionRequiredMixin, ListView):
    """Open action items across bodies, overdue first."""

    permission_required = "roundtable.view_meeting"
    template_name = "roundtable/actionitem_list.html"
    paginate_by = 50
    paginator_class = CappedPaginator

    def get_queryset(self):
        # Only the columns the table shows: the meeting's note and the organisation's notes and
        # search text are not (tests/test_query_counts.py notices a missing one).
        queryset = ActionItem.objects.select_related("body", "meeting", "owner_organisation").only(
            "title",
            "owner_name",
            "due_on",
            "status",
            "body__name",
            "meeting__starts_at",
            "owner_organisation__name",
        )
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
