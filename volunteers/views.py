from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import TemplateView


class IndexView(PermissionRequiredMixin, TemplateView):
    """Landing page of the area."""

    permission_required = "kmut.use_staff_area"
    template_name = "volunteers/index.html"
