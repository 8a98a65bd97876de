"""Mixins shared by the registry's views."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from actors.models import Organisation


class OrganisationChildMixin(PermissionRequiredMixin):
    """Views of objects that belong to one organisation (in the URL)."""

    def dispatch(self, request, *args, **kwargs):
        self.organisation = get_object_or_404(Organisation, pk=kwargs["organisation_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.filter(organisation=self.organisation)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "organisation": self.organisation}

    def get_success_url(self):
        return reverse("actors:organisation_detail", args=[self.organisation.pk])

    def form_valid(self, form):
        form.instance.organisation = self.organisation
        response = super().form_valid(form)
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return response
