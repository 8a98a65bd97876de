"""Payment runs: approved claims to a draft, one SEPA file at export, the booking."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from kmut.paging import paginate
from kmut.responses import CSV, file_response, pdf_response
from volunteers import payments
from volunteers.forms import (
    BookForm,
    CancelForm,
    ExecutionDateForm,
    ExportForm,
    PaymentRunForm,
)
from volunteers.models import (
    ExpenseClaim,
    PaymentRun,
)

__all__ = [
    "PaymentRunBookView",
    "PaymentRunCancelView",
    "PaymentRunCreateView",
    "PaymentRunDateView",
    "PaymentRunDetailView",
    "PaymentRunDocumentView",
    "PaymentRunExportView",
    "PaymentRunListView",
]

Status = PaymentRun.Status


def _payable():
    return (
        ExpenseClaim.objects.payable()
        .select_related("volunteer")
        .order_by("volunteer__last_name", "service_date", "pk")
    )


class PaymentRunListView(PermissionRequiredMixin, ListView):
    """Payment runs so far with their state, and how many approved claims wait for a run.

    The claims themselves are chosen on their own page (PaymentRunCreateView): this list stays
    the same size however many claims are waiting.
    """

    permission_required = "volunteers.view_paymentrun"
    template_name = "volunteers/paymentrun_list.html"
    paginate_by = 25

    def get_queryset(self):
        # Not the frozen items and the SEPA file: an exported run of a busy month holds hundreds
        # of transfers in them, and the list shows the stored count and total.
        return PaymentRun.objects.defer("items", "sepa_file").order_by("-created_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        waiting = ExpenseClaim.objects.payable().aggregate(count=Count("pk"), total=Sum("amount"))
        context["payable_count"] = waiting["count"]
        context["payable_total"] = waiting["total"] or 0
        return context


class PaymentRunCreateView(PermissionRequiredMixin, View):
    """A new draft run: every payable claim is offered, ticked unless the user unticks it."""

    permission_required = "volunteers.add_paymentrun"
    template_name = "volunteers/paymentrun_form.html"

    def get(self, request):
        return self.render(PaymentRunForm())

    def post(self, request):
        form = PaymentRunForm(request.POST)
        if form.is_valid():
            try:
                run = payments.create_payment_run(
                    claims=form.cleaned_data["claims"],
                    execution_date=form.cleaned_data["execution_date"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Draft payment run %(number)s was created.") % {"number": run.number},
                )
                if run.notice:
                    messages.warning(request, run.notice)
                return redirect("volunteers:paymentrun_detail", pk=run.pk)
        return self.render(form)

    def render(self, form):
        payable = list(_payable())
        if form.is_bound:
            chosen = {str(value) for value in form.data.getlist("claims")}
        else:
            chosen = {str(claim.pk) for claim in payable}
        context = {
            "form": form,
            "payable": [(claim, str(claim.pk) in chosen) for claim in payable],
            "payable_total": sum((claim.amount for claim in payable), 0),
        }
        return TemplateResponse(self.request, self.template_name, context)


ROWS_PER_PAGE = 25


class PaymentRunDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "volunteers.view_paymentrun"
    model = PaymentRun
    template_name = "volunteers/paymentrun_detail.html"

    def get_queryset(self):
        return PaymentRun.objects.select_related(
            "created_by", "exported_by", "booked_by", "cancelled_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.object
        # The transfers a page at a time (a busy district's run holds hundreds), and only that
        # page's rows built; the total and the count above, the PDF and the CSV cover the whole
        # run. An exported run shows the items frozen in it and reads no claims.
        claims = None  # read once here for a run without items, else where needed
        if run.items:
            rows = paginate(self.request, run.items, ROWS_PER_PAGE)
            rows.object_list = payments.rows_from_items(rows.object_list)
        else:
            claims = list(payments.claims_of(run))
            rows = paginate(self.request, claims, ROWS_PER_PAGE)
            rows.object_list = payments.rows_of(run, rows.object_list)
        context["rows"] = rows
        if run.status == Status.DRAFT:
            # Every name and text the bank file will change, over the whole draft.
            context["warnings"] = payments.text_warnings(run, claims)
            context["payer_problem"] = payments.payer_problem()
            context["date_form"] = ExecutionDateForm(initial={"execution_date": run.execution_date})
            # Each action form has a "confirm" box: own ids keep the page's ids unique.
            context["export_form"] = ExportForm(auto_id="id_export_%s")
        if run.status == Status.EXPORTED:
            context["book_form"] = BookForm(auto_id="id_book_%s")
        if run.is_open:
            context["cancel_form"] = CancelForm(auto_id="id_cancel_%s")
        context["file_name"] = payments.file_name(run)
        return context


class PaymentRunActionView(PermissionRequiredMixin, View):
    """One action on a run: POST only, messages and back to the run."""

    permission_required = "volunteers.change_paymentrun"
    http_method_names = ["post"]
    form_class = None

    def post(self, request, pk):
        run = get_object_or_404(PaymentRun, pk=pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(run)
        try:
            run = self.act(run, form.cleaned_data, request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, self.success_message(run))
            if getattr(run, "notice", ""):
                messages.warning(request, run.notice)
        return redirect(run)


class PaymentRunExportView(PaymentRunActionView):
    form_class = ExportForm

    def act(self, run, data, user):
        return payments.export_payment_run(run=run, by=user)

    def success_message(self, run):
        return _(
            "Payment run %(number)s was exported with message id %(message_id)s. Download the "
            "file and upload it to the bank once."
        ) % {"number": run.number, "message_id": run.message_id}


class PaymentRunBookView(PaymentRunActionView):
    form_class = BookForm

    def act(self, run, data, user):
        return payments.book_payment_run(run=run, booked_on=data["booked_on"], by=user)

    def success_message(self, run):
        return _("Payment run %(number)s is booked; its claims are paid.") % {"number": run.number}


class PaymentRunCancelView(PaymentRunActionView):
    form_class = CancelForm

    def act(self, run, data, user):
        return payments.cancel_payment_run(run=run, by=user)

    def success_message(self, run):
        return _("Payment run %(number)s was cancelled; its claims can be put into a new run.") % {
            "number": run.number
        }


class PaymentRunDateView(PaymentRunActionView):
    form_class = ExecutionDateForm

    def act(self, run, data, user):
        return payments.change_execution_date(
            run=run, execution_date=data["execution_date"], by=user
        )

    def success_message(self, run):
        return _("The execution date was changed.")


class PaymentRunDocumentView(PermissionRequiredMixin, View):
    """The run as payment order PDF, CSV, or the stored SEPA file (pain.001.001.09)."""

    permission_required = "volunteers.view_paymentrun"

    def get(self, request, pk, file_format):
        run = get_object_or_404(PaymentRun, pk=pk)
        name = f"zahllauf-{run.number}"
        if file_format == "pdf":
            rows = payments.rows_of(run)
            return pdf_response(
                "volunteers/pdf/payment_order.html",
                {
                    "run": run,
                    "rows": rows,
                    "total": sum((row.amount for row in rows), 0),
                    "payer_name": settings.KMUT_PAYER_NAME,
                    "payer_iban": settings.KMUT_PAYER_IBAN,
                },
                f"{name}.pdf",
            )
        if file_format == "csv":
            return file_response(payments.payment_csv(run), f"{name}.csv", CSV)
        if file_format == "xml" and run.status in (Status.EXPORTED, Status.BOOKED):
            return file_response(
                payments.stored_file(run), payments.file_name(run), "application/xml"
            )
        raise Http404
