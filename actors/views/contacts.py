"""Contact persons of an organisation, and their vCards."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import CreateView, UpdateView

from actors.exports import vcard_for
from actors.forms import ContactPersonForm
from actors.models import ContactPerson
from actors.views.base import OrganisationChildMixin
from kmut.responses import file_response
from kmut.versioning import VersionCheckMixin


class ContactCreateView(OrganisationChildMixin, CreateView):
    permission_required = "actors.add_contactperson"
    model = ContactPerson
    form_class = ContactPersonForm


class ContactUpdateView(VersionCheckMixin, OrganisationChildMixin, UpdateView):
    permission_required = "actors.change_contactperson"
    model = ContactPerson
    form_class = ContactPersonForm


class ContactVCardView(PermissionRequiredMixin, View):
    permission_required = "actors.view_contactperson"

    def get(self, request, pk):
        contact = get_object_or_404(ContactPerson.objects.select_related("organisation"), pk=pk)
        return file_response(
            vcard_for(contact), f"kontakt-{contact.pk}.vcf", "text/vcard; charset=utf-8"
        )
