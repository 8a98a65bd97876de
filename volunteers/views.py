import io
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView
from django_filters.views import FilterView

from kmut import audit
from kmut.pdf import render_pdf
from volunteers import matching, payments, queries, services
from volunteers.filters import AssignmentFilter, VolunteerFilter
from volunteers.forms import (
    AssignmentForm,
    AttendanceForm,
    ClaimForm,
    HoursEntryForm,
    LanguageSkillFormSet,
    ParticipantsForm,
    PaymentRunForm,
    ProfileForm,
    QueryForm,
    RejectForm,
    TrainingCourseForm,
    TrainingSessionForm,
    VolunteerForm,
)
from volunteers.models import (
    Assignment,
    CourseParticipant,
    ExpenseClaim,
    HoursEntry,
    PaymentRun,
    Receipt,
    TrainingCourse,
    TrainingSession,
    Volunteer,
    VolunteerLanguage,
)

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
        context["open_assignments"] = Assignment.objects.filter(
            volunteer__isnull=True, status=Assignment.Status.REQUESTED
        ).count()
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

    def get_initial(self):
        initial = super().get_initial()
        raw = self.request.GET.get("assignment", "")
        if raw.isdigit() and "pk" not in self.kwargs:
            assignment = self.volunteer.assignments.filter(pk=int(raw)).first()
            if assignment:
                initial.update(assignment=assignment, language=assignment.language)
        return initial

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
            "programmes",
            "municipalities",
            Prefetch(
                "language_skills", queryset=VolunteerLanguage.objects.select_related("language")
            ),
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


# --- assignments ----------------------------------------------------------------------------


class AssignmentListView(PermissionRequiredMixin, FilterView):
    permission_required = "volunteers.view_assignment"
    filterset_class = AssignmentFilter
    template_name = "volunteers/assignment_filter.html"
    paginate_by = 50

    def get_queryset(self):
        return Assignment.objects.select_related(
            "programme", "volunteer", "language", "municipality", "partner"
        ).order_by("-starts_on", "-pk")


def _log_hours(view, success_message: str, success_url: str):
    """Log the posted hours on view.object (an assignment); show the form again on errors."""
    request = view.request
    form = HoursEntryForm(request.POST, instance=HoursEntry(assignment=view.object))
    if form.is_valid():
        try:
            services.log_hours(entry=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    return view.render_to_response(view.get_context_data(hours_form=form))


class AssignmentDetailView(PermissionRequiredMixin, DetailView):
    """The assignment with matching suggestions and its logged hours."""

    permission_required = "volunteers.view_assignment"
    model = Assignment
    template_name = "volunteers/assignment_detail.html"

    def get_queryset(self):
        return Assignment.objects.select_related(
            "programme", "volunteer", "language", "municipality", "partner"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment = self.object
        if assignment.status in (Assignment.Status.REQUESTED, Assignment.Status.ACTIVE):
            context["suggestions"] = matching.suggest_volunteers(assignment)
        context["hours"] = assignment.hours.select_related("volunteer", "logged_by")
        context["hours_total"] = sum(entry.minutes for entry in context["hours"]) / 60
        context["hours_form"] = kwargs.get("hours_form") or HoursEntryForm()
        context["claims"] = assignment.claims.select_related("volunteer")
        context["history"] = audit.history_of(assignment)
        return context

    def post(self, request, pk):
        """Log hours for the assigned volunteer (staff entering a paper time sheet)."""
        if not request.user.has_perm("volunteers.add_hoursentry"):
            raise PermissionDenied
        self.object = self.get_object()
        return _log_hours(self, _("The hours were logged."), self.object.get_absolute_url())


class SaveMixin(PermissionRequiredMixin):
    """Create and edit pages: save, say so, show the object."""

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return redirect(self.object)


class AssignmentFormMixin(SaveMixin):
    model = Assignment
    form_class = AssignmentForm
    template_name = "volunteers/assignment_form.html"


class AssignmentCreateView(AssignmentFormMixin, CreateView):
    permission_required = "volunteers.add_assignment"

    def get_initial(self):
        return {"starts_on": timezone.localdate(), "kind": Assignment.Kind.INTERPRETING}


class AssignmentUpdateView(AssignmentFormMixin, UpdateView):
    permission_required = "volunteers.change_assignment"


class AssignmentAssignView(PermissionRequiredMixin, View):
    """Give the assignment to a suggested volunteer (POST)."""

    permission_required = "volunteers.change_assignment"
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = get_object_or_404(Assignment, pk=pk)
        raw = request.POST.get("volunteer", "")
        volunteer = Volunteer.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        try:
            if volunteer is None:
                raise ValidationError(_("Please choose a volunteer."))
            services.assign_volunteer(assignment=assignment, volunteer=volunteer, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s now takes care of “%(reference)s”.")
                % {"name": volunteer.full_name, "reference": assignment.reference},
            )
        return redirect(assignment)


# --- training courses ------------------------------------------------------------------------


class CourseListView(PermissionRequiredMixin, ListView):
    permission_required = "volunteers.view_trainingcourse"
    template_name = "volunteers/course_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            TrainingCourse.objects.select_related("programme")
            .annotate(
                participant_count=Count("participants", distinct=True),
                teaching_hours=Sum("sessions__teaching_hours"),
            )
            .order_by("-pk")
        )


class CourseDetailView(PermissionRequiredMixin, DetailView):
    """Sessions, participants, an attendance grid and completion."""

    permission_required = "volunteers.view_trainingcourse"
    model = TrainingCourse
    template_name = "volunteers/course_detail.html"
    context_object_name = "course"

    def get_queryset(self):
        return TrainingCourse.objects.select_related("programme")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = self.object
        sessions = list(course.sessions.prefetch_related("attendees"))
        participants = list(
            course.participants.select_related("volunteer").annotate(
                attended=Sum("sessions__teaching_hours")
            )
        )
        total = sum((session.teaching_hours for session in sessions), start=0)
        present = {
            session.pk: {attendee.pk for attendee in session.attendees.all()}
            for session in sessions
        }
        context["sessions"] = sessions
        context["grid"] = [
            {
                "participant": participant,
                "marks": [participant.pk in present[session.pk] for session in sessions],
                "attended": participant.attended or 0,
                "enough": total and (participant.attended or 0) >= total * course.min_attendance,
            }
            for participant in participants
        ]
        context["total_hours"] = total
        context["is_open"] = course.status != TrainingCourse.Status.COMPLETED
        context["session_form"] = kwargs.get("session_form") or TrainingSessionForm()
        context["participants_form"] = kwargs.get("participants_form") or ParticipantsForm(
            course=course
        )
        context["history"] = audit.history_of(course)
        return context


class CourseFormMixin(SaveMixin):
    model = TrainingCourse
    form_class = TrainingCourseForm
    template_name = "volunteers/course_form.html"


class CourseCreateView(CourseFormMixin, CreateView):
    permission_required = "volunteers.add_trainingcourse"


class CourseUpdateView(CourseFormMixin, UpdateView):
    permission_required = "volunteers.change_trainingcourse"


class CourseActionView(PermissionRequiredMixin, View):
    """Add a session, enrol participants or complete the course (POST)."""

    permission_required = "volunteers.change_trainingcourse"
    http_method_names = ["post"]

    def post(self, request, pk):
        course = get_object_or_404(TrainingCourse, pk=pk)
        action = request.POST.get("action")
        if action != "complete" and course.status == TrainingCourse.Status.COMPLETED:
            messages.error(request, _("The course is completed and can no longer be changed."))
            return redirect(course)
        if action == "session":
            form = TrainingSessionForm(request.POST, instance=TrainingSession(course=course))
            if not form.is_valid():
                return self._again(request, course, session_form=form)
            form.save()
            messages.success(request, _("The session was added."))
        elif action == "participants":
            form = ParticipantsForm(request.POST, course=course)
            if not form.is_valid():
                return self._again(request, course, participants_form=form)
            count = services.add_participants(
                course=course, volunteers=form.cleaned_data["volunteers"], by=request.user
            )
            messages.success(request, _("%(count)s participants were added.") % {"count": count})
        elif action == "complete":
            try:
                certified = services.complete_course(course=course, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("The course is completed; %(count)s certificates were issued.")
                    % {"count": len(certified)},
                )
        else:
            messages.error(request, _("Unknown action."))
        return redirect(course)

    def _again(self, request, course, **forms):
        view = CourseDetailView(request=request, kwargs={"pk": course.pk}, object=course)
        context = view.get_context_data(object=course, **forms)
        return view.render_to_response(context)


class SessionAttendanceView(PermissionRequiredMixin, UpdateView):
    """Tick who was present at one session."""

    permission_required = "volunteers.change_trainingcourse"
    model = TrainingSession
    form_class = AttendanceForm
    template_name = "volunteers/session_attendance.html"
    context_object_name = "session"

    def get_queryset(self):
        return TrainingSession.objects.select_related("course").filter(
            course_id=self.kwargs["course_pk"]
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        kwargs["session"] = self.object
        kwargs["initial"] = {"present": list(self.object.attendees.all())}
        return kwargs

    def form_valid(self, form):
        try:
            services.set_attendance(
                session=self.object, present=form.cleaned_data["present"], by=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The attendance was saved."))
        return redirect(self.object.course)


def _certificate(participant: CourseParticipant) -> FileResponse:
    if participant.certificate_issued_on is None:
        raise Http404
    course = participant.course
    pdf = render_pdf(
        "volunteers/pdf/certificate.html",
        {
            "participant": participant,
            "course": course,
            "sessions": course.sessions.all(),
            "total_hours": services.course_hours(course),
            "attended_hours": services.attended_hours(participant),
            "district_name": settings.KMUT_DISTRICT_NAME,
        },
    )
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=f"teilnahmebescheinigung-{participant.pk}.pdf",
        content_type="application/pdf",
    )


class CertificateView(PermissionRequiredMixin, View):
    permission_required = "volunteers.view_trainingcourse"

    def get(self, request, course_pk, pk):
        participant = get_object_or_404(
            CourseParticipant.objects.select_related("course__programme", "volunteer"),
            course_id=course_pk,
            pk=pk,
        )
        return _certificate(participant)


def _confirmation(volunteer: Volunteer, year: int) -> FileResponse:
    today = timezone.localdate()
    if not 2000 <= year <= today.year:
        raise Http404
    pdf = render_pdf(
        "volunteers/pdf/confirmation.html",
        {
            "volunteer": volunteer,
            "year": year,
            "figures": queries.volunteer_year(volunteer, year),
            "district_name": settings.KMUT_DISTRICT_NAME,
            "today": today,
        },
    )
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=f"ehrenamtsnachweis-{year}-{volunteer.pk}.pdf",
        content_type="application/pdf",
    )


class ConfirmationView(PermissionRequiredMixin, View):
    """Annual volunteering confirmation (Ehrenamtsnachweis) for one volunteer."""

    permission_required = "volunteers.view_volunteer"

    def get(self, request, pk, year):
        return _confirmation(get_object_or_404(Volunteer, pk=pk), year)


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
        return _log_hours(
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
        return _certificate(participant)


class PortalConfirmationView(PortalMixin, View):
    def get(self, request, year):
        return _confirmation(self.volunteer, year)
