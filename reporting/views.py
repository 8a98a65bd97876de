from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import TemplateView


class IndexView(PermissionRequiredMixin, TemplateView):
    """Landing page of the area."""

    permission_required = "kmut.view_released_documents"
    template_name = "reporting/index.html"
