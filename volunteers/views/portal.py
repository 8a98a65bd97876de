"""The volunteer portal: the volunteer's own claims, assignments, hours and certificates."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView, UpdateView

from kmut.versioning import VersionCheckMixin
from volunteers import services
from volunteers.forms import (
    ClaimForm,
    HoursEntryForm,
    ProfileForm,
)
from volunteers.models import (
    Assignment,
    CourseParticipant,
    ExpenseClaim,
)
from volunteers.views.assignments import log_hours_from
from volunteers.views.base import PortalMixin
from volunteers.views.courses import certificate_response
from volunteers.views.people import confirmation_response

# --- volunteer portal ----------------------------------------------------------------------


class PortalView(PortalMixin, TemplateView):
    template_name = "volunteers/portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["volunteer"] = self.volunteer
        context["claims"] = self.volunteer.claims.select_related("assignment").order_by(
            "-service_date"
        )[:20]
        context["assignments"] = self.volunteer.assignments.exclude(
            status=Assignment.Status.CANCELLED
        ).select_related("language")[:20]
        context["certificates"] = self.volunteer.course_places.filter(
            certificate_issued_on__isnull=False
        ).select_related("course")
        this_year = timezone.localdate().year
        context["confirmation_years"] = [this_year, this_year - 1]
        return context


class PortalClaimMixin(PortalMixin):
    def get_queryset(self):
        return self.volunteer.claims.all()


def _preview_of(claim: ExpenseClaim, *, new_receipts: int = 0) -> services.Preview | None:
    """The preview of the claim as typed, once it has a date (else there is nothing to show)."""
    if claim.service_date is None:
        return None
    stored = claim.receipts.count() if claim.pk else 0
    return services.preview_claim(claim, receipts=stored + new_receipts)


class PortalClaimFormView(VersionCheckMixin, PortalClaimMixin, UpdateView):
    """New or returned claim: save as draft or hand in (with receipts).

    Handing in shows the preview first (calculation and plausibility findings) and saves only
    when the volunteer confirmed exactly that preview; with JavaScript the preview follows the
    input live (PortalClaimPreviewView), without it the first "Hand in" shows it.
    """

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

    def get_initial(self):
        initial = super().get_initial()
        if "pk" not in self.kwargs:
            initial["submission_token"] = uuid.uuid4()
        raw = self.request.GET.get("assignment", "")
        if raw.isdigit() and "pk" not in self.kwargs:
            assignment = self.volunteer.assignments.filter(pk=int(raw)).first()
            if assignment:
                initial.update(assignment=assignment, language=assignment.language)
        return initial

    def get_context_data(self, **kwargs):
        if "preview" not in kwargs and self.request.method == "GET" and self.object.pk:
            kwargs["preview"] = _preview_of(self.object)
        kwargs["posted_digest"] = self.request.POST.get("confirmed", "")
        return super().get_context_data(**kwargs)

    def form_invalid(self, form, preview=None, confirm_message=""):
        if self.request.FILES and "receipts" not in form.errors:
            form.add_error(
                "receipts",
                _("Browsers do not keep chosen files: please choose the receipts again."),
            )
        if preview is None:  # counting the files chosen, which are to be chosen again
            chosen = len(getattr(form, "cleaned_data", {}).get("receipts") or [])
            preview = _preview_of(form.instance, new_receipts=chosen)
        return self.render_to_response(
            self.get_context_data(form=form, preview=preview, confirm_message=confirm_message)
        )

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        uploads = form.cleaned_data.get("receipts") or []
        try:
            claim = services.save_claim(
                claim=form.instance,
                receipts=uploads,
                submit=submit,
                by=self.request.user,
                submission_token=form.cleaned_data.get("submission_token"),
                confirmed=self.request.POST.get("confirmed") or None,
            )
        except ValidationError as error:
            preview = _preview_of(form.instance, new_receipts=len(uploads))
            if getattr(error, "code", None) == "unconfirmed":
                return self.form_invalid(form, preview=preview, confirm_message=error.messages[0])
            form.add_service_error(error)
            return self.form_invalid(form, preview=preview)
        if getattr(claim, "was_saved_before", False):
            messages.info(self.request, _("This claim was already saved."))
        elif submit:
            messages.success(self.request, _("Your claim was handed in. Thank you!"))
        else:
            messages.success(self.request, _("Your claim was saved as a draft."))
        return redirect("volunteers:portal_claim_detail", pk=claim.pk)


class PortalClaimPreviewView(PortalMixin, View):
    """htmx: the preview of the claim form as currently typed (POST, nothing is saved).

    The receipts counted are those already stored plus the files chosen in the form (htmx sends
    one placeholder value per chosen file in a url-encoded request).
    """

    http_method_names = ["post"]

    def post(self, request):
        claim = None
        raw = request.POST.get("claim", "")
        if raw.isdigit():
            claim = self.volunteer.claims.filter(pk=int(raw)).first()
        if claim is None or not claim.is_editable_by_volunteer:
            claim = ExpenseClaim(volunteer=self.volunteer)
        form = ClaimForm(request.POST, instance=claim, volunteer=self.volunteer)
        form.is_valid()  # fills form.instance with every field that is valid
        chosen = len(request.FILES.getlist("receipts")) or len(
            [value for value in request.POST.getlist("receipts") if value]
        )
        return TemplateResponse(
            request,
            "volunteers/portal/_claim_preview.html",
            {
                "form": form,
                "preview": _preview_of(form.instance, new_receipts=chosen),
                "posted_digest": request.POST.get("confirmed", ""),
            },
        )


class PortalClaimDetailView(PortalClaimMixin, DetailView):
    template_name = "volunteers/portal/claim_detail.html"
    context_object_name = "claim"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.object
        if claim.calculation:
            context["calculation"] = services.frozen_calculation(claim)
        else:  # a draft: what handing it in would reimburse now
            context["preview"] = services.preview_claim(claim, receipts=claim.receipts.count())
            context["calculation"] = context["preview"].calculation
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


# --- portal: assignments, hours, certificates ----------------------------------------------


class PortalAssignmentView(PortalMixin, DetailView):
    """One of the volunteer's own assignments, with a form to log hours."""

    template_name = "volunteers/portal/assignment_detail.html"
    context_object_name = "assignment"

    def get_queryset(self):
        return self.volunteer.assignments.exclude(
            status=Assignment.Status.CANCELLED
        ).select_related("language", "municipality", "programme")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hours"] = self.object.hours.filter(volunteer=self.volunteer)
        context["hours_form"] = kwargs.get("hours_form") or HoursEntryForm()
        return context

    def post(self, request, pk):
        self.object = self.get_object()
        return log_hours_from(
            self,
            _("Thank you! Your hours were logged."),
            reverse("volunteers:portal_assignment", args=[self.object.pk]),
        )


class PortalCertificateView(PortalMixin, View):
    def get(self, request, pk):
        participant = get_object_or_404(
            CourseParticipant.objects.select_related("course__programme", "volunteer"),
            volunteer=self.volunteer,
            pk=pk,
        )
        return certificate_response(participant)


class PortalConfirmationView(PortalMixin, View):
    def get(self, request, year):
        return confirmation_response(self.volunteer, year)
