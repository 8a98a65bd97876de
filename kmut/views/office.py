"""The start page, the health check for monitoring and the background jobs' status page."""

import logging

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.models import User
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.generic import TemplateView

from kmut import audit, dashboard
from kmut.jobs import job_statuses
from kmut.roles import ROLES

logger = logging.getLogger(__name__)


class DashboardView(TemplateView):
    """The start page: its content depends on what the user may do."""

    template_name = "kmut/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["is_staff_user"] = user.has_perm("kmut.use_staff_area")
        context["is_volunteer"] = user.has_perm("kmut.use_volunteer_portal")
        context["is_committee"] = user.has_perm("kmut.view_released_documents")
        context["is_admin_user"] = user.has_perm("kmut.manage_users")
        # Each app decides by the user's permissions which actions and items are theirs.
        context["main_actions"] = dashboard.main_actions(user)
        context["attention_items"] = dashboard.attention_items(user)
        if context["is_staff_user"]:
            context["recent_changes"] = audit.recent_changes(
                dashboard.recent_sources(user), limit=8
            )
        if context["is_admin_user"]:
            context["users_without_role"] = (
                User.objects.filter(is_active=True)
                .exclude(groups__name__in=list(ROLES))
                .order_by("last_name")
            )
            context["pending_invitations"] = User.objects.filter(
                is_active=True, last_login__isnull=True, password__startswith="!"
            ).count()
        return context


def health_check(request):
    """For monitoring and load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer.", exc_info=True)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class JobStatusView(PermissionRequiredMixin, TemplateView):
    """The scheduled background jobs: when each runs next, its last run and its failures."""

    permission_required = "django_q.view_schedule"
    template_name = "kmut/job_status.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=job_statuses(), **kwargs)
