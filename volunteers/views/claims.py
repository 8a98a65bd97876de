"""Staff review of expense claims: the queue, one claim with its sign-offs, receipts."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from kmut import audit
from kmut.paging import CappedPaginator
from volunteers import services
from volunteers.forms import (
    QueryForm,
    RejectForm,
)
from volunteers.models import (
    ExpenseClaim,
    Receipt,
)

Status = ExpenseClaim.Status


class ClaimListView(PermissionRequiredMixin, ListView):
    permission_required = "volunteers.view_expenseclaim"
    template_name = "volunteers/claim_list.html"
    paginate_by = 50
    paginator_class = CappedPaginator

    def get_queryset(self):
        # Only the columns the table shows (the frozen calculation, the volunteer's notes and
        # the assignment's texts are not); tests/test_query_counts.py notices a missing one.
        queryset = ExpenseClaim.objects.select_related("volunteer", "assignment", "language").only(
            "service_date",
            "flags",
            "amount",
            "status",
            "volunteer__first_name",
            "volunteer__last_name",
            "assignment__reference",
            "assignment__kind",
            "language__name",
        )
        status = self.request.GET.get("status", Status.SUBMITTED)
        if status in Status.values:
            queryset = queryset.filter(status=status)
        return queryset.in_list_order(status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = Status.choices
        context["current_status"] = self.request.GET.get("status", Status.SUBMITTED)
        return context


class ClaimDetailView(PermissionRequiredMixin, DetailView):
    """Review: the computed lines, receipts and the sign-off actions."""

    permission_required = "volunteers.view_expenseclaim"
    model = ExpenseClaim
    template_name = "volunteers/claim_detail.html"

    def get_queryset(self):
        return ExpenseClaim.objects.select_related(
            "volunteer",
            "assignment",
            "language",
            "rate_set",
            "factual_signoff_by",
            "arithmetic_signoff_by",
        ).prefetch_related("receipts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.object
        context["calculation"] = services.frozen_calculation(claim)
        context["query_form"] = kwargs.get("query_form") or QueryForm()
        context["reject_form"] = kwargs.get("reject_form") or RejectForm()
        context["can_sign"] = self.request.user.has_perm("volunteers.approve_expenseclaim")
        context["history"] = audit.history_of(claim)
        return context


class ClaimReviewActionView(PermissionRequiredMixin, View):
    """One review step on a claim (POST only); the outcome is a message on the claim page."""

    permission_required = "volunteers.approve_expenseclaim"
    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        claim = get_object_or_404(ExpenseClaim, pk=pk)
        try:
            messages.success(request, self.act(claim, **kwargs))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("volunteers:claim_detail", pk=claim.pk)

    def act(self, claim: ExpenseClaim, **kwargs) -> str:
        raise NotImplementedError


class ClaimSignOffView(ClaimReviewActionView):
    """Factual or arithmetical sign-off of the frozen calculation the reviewer saw."""

    def post(self, request, pk, kind):
        if kind not in ExpenseClaim.SIGN_OFF_KINDS:
            raise Http404
        return super().post(request, pk, kind=kind)

    def act(self, claim, kind):
        services.sign_off(
            claim=claim,
            kind=kind,
            by=self.request.user,
            confirmed=self.request.POST.get("confirmed", ""),
        )
        return _("Your sign-off was recorded.")


class ClaimQueryView(ClaimReviewActionView):
    def act(self, claim):
        form = QueryForm(self.request.POST)
        form.is_valid()  # an empty question is refused by the service
        services.query_claim(
            claim=claim, message=form.cleaned_data.get("message", ""), by=self.request.user
        )
        return _("The question was sent to the volunteer.")


class ClaimRejectView(ClaimReviewActionView):
    def act(self, claim):
        form = RejectForm(self.request.POST)
        form.is_valid()  # an empty reason is refused by the service
        services.reject_claim(
            claim=claim, reason=form.cleaned_data.get("reason", ""), by=self.request.user
        )
        return _("The claim was rejected.")


class ClaimRecalculateView(ClaimReviewActionView):
    """Calculate a submitted claim again with the current rates (recorded in the history)."""

    def act(self, claim):
        claim = services.recalculate_claim(claim=claim, by=self.request.user)
        if not claim.calculation_changed:
            return _("The claim was recalculated; the amount is unchanged.")
        return _("The claim was recalculated. Sign-offs given so far were cleared.")


class ReceiptView(View):
    """A receipt file, for staff or the volunteer who uploaded it; never a public URL."""

    def get(self, request, pk):
        receipt = get_object_or_404(Receipt.objects.select_related("claim__volunteer"), pk=pk)
        visible = ExpenseClaim.objects.visible_to(request.user).filter(pk=receipt.claim_id)
        if not visible.exists():
            raise PermissionDenied
        return FileResponse(
            receipt.file.open("rb"),
            content_type=receipt.content_type,
            filename=receipt.original_name,
        )
