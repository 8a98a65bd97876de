"""Mixins shared by the volunteering views."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from volunteers.models import (
    Volunteer,
)


class SaveMixin(PermissionRequiredMixin):
    """Create and edit pages: save, say so, show the object."""

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return redirect(self.object)


class PortalMixin(PermissionRequiredMixin):
    """Portal pages: only the volunteer's own data."""

    permission_required = "kmut.use_volunteer_portal"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.volunteer = Volunteer.objects.filter(user=request.user).first()
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self):
        return super().has_permission() and getattr(self, "volunteer", None) is not None
