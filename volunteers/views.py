import io
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView
from django_filters.views import FilterView

from kmut import audit
from kmut.pdf import render_pdf
from volunteers import payments, services
from volunteers.filters import VolunteerFilter
from volunteers.forms import (
    ClaimForm,
    LanguageSkillFormSet,
    PaymentRunForm,
    ProfileForm,
    QueryForm,
    RejectForm,
    VolunteerForm,
)
from volunteers.models import ExpenseClaim, PaymentRun, Receipt, Volunteer

Status = ExpenseClaim.Status


# --- staff ---------------------------------------------------------------------------------


class IndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "volunteers.view_volunteer"
    template_name = "volunteers/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["claim_counts"] = ExpenseClaim.objects.aggregate(
            submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
            queried=Count("pk", filter=Q(status=Status.QUERIED)),
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
        )
        context["volunteer_counts"] = Volunteer.objects.aggregate(
            active=Count("pk", filter=Q(status=Volunteer.Status.ACTIVE)),
            total=Count("pk"),
        )
        return context


class ClaimListView(PermissionRequiredMixin, ListView):
    permission_required = "volunteers.view_expenseclaim"
    template_name = "volunteers/claim_list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = ExpenseClaim.objects.select_related("volunteer", "assignment", "language")
        status = self.request.GET.get("status", Status.SUBMITTED)
        if status in Status.values:
            queryset = queryset.filter(status=status)
        return queryset.order_by("service_date", "pk")

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
        try:
            context["calculation"] = services.calculate_claim(claim)
        except ValidationError as error:
            context["calculation_error"] = " ".join(error.messages)
        context["query_form"] = kwargs.get("query_form") or QueryForm()
        context["reject_form"] = kwargs.get("reject_form") or RejectForm()
        context["can_sign"] = self.request.user.has_perm("volunteers.approve_expenseclaim")
        context["history"] = audit.history_of(claim)
        return context


class ClaimActionView(PermissionRequiredMixin, View):
    """Query, sign off or reject a claim (POST)."""

    permission_required = "volunteers.approve_expenseclaim"
    http_method_names = ["post"]

    def post(self, request, pk):
        claim = get_object_or_404(ExpenseClaim, pk=pk)
        action = request.POST.get("action")
        try:
            if action in ("factual", "arithmetic"):
                services.sign_off(claim=claim, kind=action, by=request.user)
                messages.success(request, _("Your sign-off was recorded."))
            elif action == "query":
                form = QueryForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Please write your question."))
                services.query_claim(
                    claim=claim, message=form.cleaned_data["message"], by=request.user
                )
                messages.success(request, _("The question was sent to the volunteer."))
            elif action == "reject":
                form = RejectForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Please give a reason for the rejection."))
                services.reject_claim(
                    claim=claim, reason=form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, _("The claim was rejected."))
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("volunteers:claim_detail", pk=claim.pk)


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


# --- volunteer portal ----------------------------------------------------------------------


class PortalMixin(PermissionRequiredMixin):
    """Portal pages: only the volunteer's own data."""

    permission_required = "kmut.use_volunteer_portal"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.volunteer = Volunteer.objects.filter(user=request.user).first()
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self):
        return super().has_permission() and getattr(self, "volunteer", None) is not None


class PortalView(PortalMixin, TemplateView):
    template_name = "volunteers/portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["volunteer"] = self.volunteer
        context["claims"] = self.volunteer.claims.select_related("assignment").order_by(
            "-service_date"
        )[:20]
        context["assignments"] = self.volunteer.assignments.exclude(status="cancelled")[:20]
        return context


class PortalClaimMixin(PortalMixin):
    def get_queryset(self):
        return self.volunteer.claims.all()


class PortalClaimFormView(PortalClaimMixin, UpdateView):
    """New or returned claim: save as draft or hand in (with receipts)."""

    form_class = ClaimForm
    template_name = "volunteers/portal/claim_form.html"

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            return ExpenseClaim(volunteer=self.volunteer)
        claim = super().get_object(queryset)
        if not claim.is_editable_by_volunteer:
            raise PermissionDenied
        return claim

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "volunteer": self.volunteer}

    def form_invalid(self, form):
        if self.request.FILES and "receipts" not in form.errors:
            form.add_error(
                "receipts",
                _("Browsers do not keep chosen files: please choose the receipts again."),
            )
        return super().form_invalid(form)

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        try:
            claim = services.save_claim(
                claim=form.instance,
                receipts=form.cleaned_data.get("receipts") or [],
                submit=submit,
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if submit:
            messages.success(self.request, _("Your claim was handed in. Thank you!"))
        else:
            messages.success(self.request, _("Your claim was saved as a draft."))
        return redirect("volunteers:portal_claim_detail", pk=claim.pk)


class PortalClaimDetailView(PortalClaimMixin, DetailView):
    template_name = "volunteers/portal/claim_detail.html"
    context_object_name = "claim"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["calculation"] = services.calculate_claim(self.object)
        except ValidationError as error:
            context["calculation_error"] = " ".join(error.messages)
        return context


class PortalProfileView(PortalMixin, UpdateView):
    form_class = ProfileForm
    template_name = "volunteers/portal/profile_form.html"

    def get_object(self, queryset=None):
        return self.volunteer

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your details were saved."))
        return redirect("volunteers:portal")


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


# --- volunteers (staff) ---------------------------------------------------------------------


class VolunteerListView(PermissionRequiredMixin, FilterView):
    permission_required = "volunteers.view_volunteer"
    filterset_class = VolunteerFilter
    template_name = "volunteers/volunteer_filter.html"
    paginate_by = 25

    def get_queryset(self):
        return Volunteer.objects.prefetch_related(
            "programmes", "language_skills__language"
        ).order_by("last_name", "first_name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["renewal_soon"] = timezone.localdate() + timedelta(days=60)
        return context


class VolunteerDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "volunteers.view_volunteer"
    model = Volunteer
    template_name = "volunteers/volunteer_detail.html"

    def get_queryset(self):
        return Volunteer.objects.select_related("organisation", "user").prefetch_related(
            "programmes", "municipalities", "language_skills__language"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        volunteer = self.object
        context["assignments"] = volunteer.assignments.select_related("language")[:20]
        context["claims"] = volunteer.claims.select_related("assignment")[:20]
        context["yearly_totals"] = services.yearly_totals(volunteer)
        context["history"] = audit.history_of(volunteer)
        context["renewal_soon"] = timezone.localdate() + timedelta(days=60)
        return context


class VolunteerFormMixin(PermissionRequiredMixin):
    model = Volunteer
    form_class = VolunteerForm
    template_name = "volunteers/volunteer_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["languages"] = kwargs.get("languages") or LanguageSkillFormSet(
            instance=self.object if self.object and self.object.pk else None, prefix="languages"
        )
        return context

    def form_valid(self, form):
        languages = LanguageSkillFormSet(
            self.request.POST, instance=form.instance, prefix="languages"
        )
        if not languages.is_valid():
            return self.render_to_response(self.get_context_data(form=form, languages=languages))
        with transaction.atomic():
            self.object = form.save()
            languages.instance = self.object
            languages.save()
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return redirect(self.object)


class VolunteerCreateView(VolunteerFormMixin, CreateView):
    permission_required = "volunteers.add_volunteer"


class VolunteerUpdateView(VolunteerFormMixin, UpdateView):
    permission_required = "volunteers.change_volunteer"


class VolunteerInviteView(PermissionRequiredMixin, View):
    """Create the volunteer's portal account and send the invitation (POST)."""

    permission_required = "volunteers.change_volunteer"
    http_method_names = ["post"]

    def post(self, request, pk):
        volunteer = get_object_or_404(Volunteer, pk=pk)
        try:
            services.invite_to_portal(
                volunteer=volunteer, base_url=request.build_absolute_uri("/"), by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("An invitation to the volunteer portal was sent to %(email)s.")
                % {"email": volunteer.email},
            )
        return redirect(volunteer)
