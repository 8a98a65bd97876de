"""Mixins shared by the reporting pages: the form page and the delete confirmation."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

__all__ = ["ConfirmDeleteMixin", "FormPageMixin"]


class FormPageMixin:
    """Shared form page: title, cancel link and saving with a success message."""

    template_name = "reporting/form.html"
    page_title = ""

    def get_cancel_url(self):
        return self.object.get_absolute_url() if getattr(self, "object", None) else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.get_page_title()
        context["cancel_url"] = self.get_cancel_url()
        return context

    def get_page_title(self):
        if getattr(self, "object", None):
            return _("Edit “%(name)s”") % {"name": self.object}
        return str(self.page_title)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return response


class ConfirmDeleteMixin(PermissionRequiredMixin):
    """GET asks, POST deletes (the history keeps the deleted record) and goes back."""

    template_name = "reporting/confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.get_success_url()
        context["warning"] = self.get_warning()
        return context

    def get_warning(self):
        return ""

    def form_valid(self, form):
        self.object._history_user = self.request.user
        success_url = self.get_success_url()
        name = str(self.object)
        try:
            self.object.delete()
        except ProtectedError:
            messages.error(self.request, _("“%(name)s” is still in use.") % {"name": name})
            return redirect(success_url)
        messages.success(self.request, _("“%(name)s” was deleted.") % {"name": name})
        return redirect(success_url)
