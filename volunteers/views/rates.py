"""Reimbursement rate sets: the periods, one set with its history, a new set from a date."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import CreateView, DetailView, ListView

from kmut import audit
from volunteers import rates
from volunteers.forms import RateSetForm
from volunteers.models import ExpenseClaim, RateSet

__all__ = ["RateSetCreateView", "RateSetDetailView", "RateSetListView"]

# Claims that were handed in with the set's rates (drafts are priced again when handed in).
HANDED_IN = ~Q(claims__status=ExpenseClaim.Status.DRAFT)


class RateSetListView(PermissionRequiredMixin, ListView):
    permission_required = "volunteers.view_rateset"
    template_name = "volunteers/rateset_list.html"
    paginate_by = 50

    def get_queryset(self):
        return RateSet.objects.annotate(claim_count=Count("claims", filter=HANDED_IN)).order_by(
            "-valid_from"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for rate_set in context["object_list"]:
            rate_set.is_current = rate_set.covers(today)
        return context


class RateSetDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "volunteers.view_rateset"
    model = RateSet
    template_name = "volunteers/rateset_detail.html"
    context_object_name = "rate_set"

    def get_queryset(self):
        return RateSet.objects.annotate(claim_count=Count("claims", filter=HANDED_IN))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_current"] = self.object.covers(timezone.localdate())
        context["history"] = audit.history_of(self.object)
        return context


class RateSetCreateView(PermissionRequiredMixin, CreateView):
    """A new set from a date, prefilled with the latest set's rates; existing sets never change."""

    permission_required = "volunteers.add_rateset"
    model = RateSet
    form_class = RateSetForm
    template_name = "volunteers/rateset_form.html"

    def get_initial(self):
        return rates.initial_values(rates.latest_rate_set(), timezone.localdate())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest"] = rates.latest_rate_set()
        return context

    def form_valid(self, form):
        try:
            self.object = rates.create_rate_set(rate_set=form.instance, by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The rates valid from %(date)s were saved.")
            % {"date": date_format(self.object.valid_from, "SHORT_DATE_FORMAT")},
        )
        handed_in = (
            ExpenseClaim.objects.exclude(status=ExpenseClaim.Status.DRAFT)
            .filter(service_date__gte=self.object.valid_from)
            .count()
        )
        if handed_in:
            messages.info(
                self.request,
                ngettext(
                    "%(count)s claim for a day from then on was already handed in; it keeps its "
                    "calculation.",
                    "%(count)s claims for days from then on were already handed in; they keep "
                    "their calculation.",
                    handed_in,
                )
                % {"count": handed_in},
            )
        return redirect(self.object)
