"""Payment runs: approved claims to a payment order, a SEPA file and the booking."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from kmut.pdf import render_pdf
from volunteers import payments
from volunteers.forms import (
    PaymentRunForm,
)
from volunteers.models import (
    ExpenseClaim,
    PaymentRun,
)

Status = ExpenseClaim.Status


# --- payment runs --------------------------------------------------------------------------


class PaymentRunListView(PermissionRequiredMixin, ListView):
    """Payment runs so far, and a new run from all approved claims."""

    permission_required = "volunteers.view_paymentrun"
    template_name = "volunteers/paymentrun_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            PaymentRun.objects.select_related("created_by")
            .annotate(claim_count=Count("claims"))
            .order_by("-created_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        approved = ExpenseClaim.objects.filter(status=Status.APPROVED)
        context["approved"] = approved.aggregate(count=Count("pk"), total=Sum("amount"))
        context["form"] = kwargs.get("form") or PaymentRunForm()
        return context

    def post(self, request):
        if not request.user.has_perm("volunteers.add_paymentrun"):
            raise PermissionDenied
        form = PaymentRunForm(request.POST)
        if form.is_valid():
            try:
                run = payments.create_payment_run(
                    claims=ExpenseClaim.objects.filter(status=Status.APPROVED),
                    execution_date=form.cleaned_data["execution_date"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Payment run %(number)s was created.") % {"number": run.number}
                )
                return redirect("volunteers:paymentrun_detail", pk=run.pk)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form))


class PaymentRunDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "volunteers.view_paymentrun"
    model = PaymentRun
    template_name = "volunteers/paymentrun_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["claims"] = payments.payments_of(self.object)
        return context


class PaymentRunDocumentView(PermissionRequiredMixin, View):
    """The run as payment order PDF, CSV or SEPA XML (pain.001)."""

    permission_required = "volunteers.view_paymentrun"

    def get(self, request, pk, file_format):
        run = get_object_or_404(PaymentRun, pk=pk)
        name = f"zahllauf-{run.number}"
        if file_format == "pdf":
            pdf = render_pdf(
                "volunteers/pdf/payment_order.html",
                {
                    "run": run,
                    "claims": payments.payments_of(run),
                    "payer_name": settings.KMUT_PAYER_NAME,
                    "payer_iban": settings.KMUT_PAYER_IBAN,
                    "district_name": settings.KMUT_DISTRICT_NAME,
                },
            )
            return FileResponse(io.BytesIO(pdf), as_attachment=True, filename=f"{name}.pdf")
        if file_format == "csv":
            response = HttpResponse(
                payments.payment_csv(run), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        if file_format == "xml":
            response = HttpResponse(payments.sepa_xml(run), content_type="application/xml")
            response["Content-Disposition"] = f'attachment; filename="{name}-pain001.xml"'
            return response
        raise Http404
