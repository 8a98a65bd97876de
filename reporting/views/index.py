"""The reporting start page."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import (
    TemplateView,
)

from reporting.models import (
    ActionPlan,
    AnnualReport,
)

__all__ = ["IndexView"]


class IndexView(PermissionRequiredMixin, TemplateView):
    """Landing page: staff find the action plan and funding statements, committee members the
    released documents."""

    permission_required = "kmut.view_released_documents"
    template_name = "reporting/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_see_plans"] = user.has_perm("reporting.view_actionplan")
        context["can_see_funding"] = user.has_perm("reporting.view_fundingstatement")
        context["can_see_reports"] = user.has_perm("reporting.view_annualreport")
        context["released_documents"] = (
            AnnualReport.objects.filter(
                status__in=[AnnualReport.Status.RELEASED, AnnualReport.Status.SUPERSEDED]
            )
            .defer("pdf", "figures")
            .order_by("-year", "-version")[:10]
        )
        if context["can_see_plans"]:
            context["plans"] = ActionPlan.objects.all()[:3]
        return context
