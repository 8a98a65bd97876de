"""Offers: the list across organisations and each organisation's offers."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Exists, OuterRef
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from actors.filters import OfferFilter
from actors.forms import OfferForm
from actors.models import Offer, Organisation
from actors.views.base import OrganisationChildMixin
from kmut import audit
from kmut.widgets import FastFilterSelectsMixin


class OfferListView(PermissionRequiredMixin, FastFilterSelectsMixin, FilterView):
    permission_required = "actors.view_offer"
    filterset_class = OfferFilter
    template_name = "actors/offer_filter.html"
    paginate_by = 25

    def get_queryset(self):
        # The organisation's status as EXISTS, not as a condition on the join: SQLite then reads
        # the offers in the order of the index offer_active_title instead of sorting them all.
        active_organisation = Organisation.objects.filter(
            pk=OuterRef("organisation_id"), status=Organisation.Status.ACTIVE
        )
        return (
            Offer.objects.filter(Exists(active_organisation), is_active=True)
            .select_related("organisation", "municipality")
            .order_by("title")
        )


class OfferDetailView(OrganisationChildMixin, DetailView):
    permission_required = "actors.view_offer"
    model = Offer

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = audit.history_of(self.object)
        return context


class OfferFormMixin(OrganisationChildMixin):
    model = Offer
    form_class = OfferForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}


class OfferCreateView(OfferFormMixin, CreateView):
    permission_required = "actors.add_offer"


class OfferUpdateView(OfferFormMixin, UpdateView):
    permission_required = "actors.change_offer"
