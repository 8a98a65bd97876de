"""Exports of the organisation and offer lists, with the list's filters."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views import View

from actors.exports import table_response
from actors.resources import OfferResource, OrganisationResource
from actors.views.offers import OfferListView
from actors.views.organisations import OrganisationListView


class FilteredExportView(PermissionRequiredMixin, View):
    """CSV or XLSX of exactly what the list shows with the same filters."""

    list_view = None
    resource_class = None
    basename = ""
    prefetch: tuple[str, ...] = ()  # the many-to-many columns of the resource

    def get(self, request):
        list_view = self.list_view()
        list_view.setup(request)
        rows = list_view.get_queryset().prefetch_related(*self.prefetch)
        filterset = list_view.filterset_class(request.GET, queryset=rows, request=request)
        queryset = filterset.qs if filterset.is_valid() else rows.none()
        dataset = self.resource_class().export(queryset=queryset)
        file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
        return table_response(dataset, basename=self.basename, file_format=file_format)


class OrganisationExportView(FilteredExportView):
    permission_required = "actors.view_organisation"
    list_view = OrganisationListView
    resource_class = OrganisationResource
    prefetch = ("municipalities", "fields_of_action")
    basename = "organisationen"


class OfferExportView(FilteredExportView):
    permission_required = "actors.view_offer"
    list_view = OfferListView
    resource_class = OfferResource
    prefetch = ("languages",)
    basename = "angebote"
