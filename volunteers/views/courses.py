"""Training courses: sessions, participants, attendance and certificates."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from kmut import audit
from kmut.responses import pdf_response
from kmut.widgets import FastFilterSelectsMixin
from volunteers import services
from volunteers.filters import TrainingCourseFilter
from volunteers.forms import (
    AttendanceForm,
    ParticipantGroupFormSet,
    ParticipantsForm,
    TrainingCourseForm,
    TrainingSessionForm,
)
from volunteers.models import (
    CourseParticipant,
    TrainingCourse,
    TrainingSession,
)

# --- training courses ------------------------------------------------------------------------


class CourseListView(PermissionRequiredMixin, FastFilterSelectsMixin, FilterView):
    permission_required = "volunteers.view_trainingcourse"
    filterset_class = TrainingCourseFilter
    template_name = "volunteers/course_list.html"
    paginate_by = 25

    def get_queryset(self):
        return TrainingCourse.objects.select_related("programme").with_totals().order_by("-pk")


class CourseDetailView(PermissionRequiredMixin, DetailView):
    """Sessions, participants, an attendance grid, counted groups and completion."""

    permission_required = "volunteers.view_trainingcourse"
    model = TrainingCourse
    template_name = "volunteers/course_detail.html"
    context_object_name = "course"

    def get_queryset(self):
        return (
            TrainingCourse.objects.select_related("programme")
            .prefetch_related("organisers", "groups")
            .with_totals()
        )

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
        context["session_form"] = kwargs.get("session_form") or TrainingSessionForm()
        context["participants_form"] = kwargs.get("participants_form") or ParticipantsForm(
            course=course
        )
        context["history"] = audit.history_of(course)
        return context


class CourseFormMixin(PermissionRequiredMixin):
    """The course and its participants counted by target group (rows to fill in, no JS)."""

    model = TrainingCourse
    form_class = TrainingCourseForm
    template_name = "volunteers/course_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = kwargs.get("groups") or ParticipantGroupFormSet(
            instance=self.object if self.object and self.object.pk else None, prefix="groups"
        )
        return context

    def _groups(self, form):
        return ParticipantGroupFormSet(self.request.POST, instance=form.instance, prefix="groups")

    def form_valid(self, form):
        groups = self._groups(form)
        if not groups.is_valid():
            return self.render_to_response(self.get_context_data(form=form, groups=groups))
        with transaction.atomic():
            self.object = form.save()
            groups.instance = self.object
            groups.save()
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return redirect(self.object)

    def form_invalid(self, form):
        groups = self._groups(form)
        groups.is_valid()  # show the rows as typed, with their own errors
        return self.render_to_response(self.get_context_data(form=form, groups=groups))


class CourseCreateView(CourseFormMixin, CreateView):
    permission_required = "volunteers.add_trainingcourse"


class CourseUpdateView(CourseFormMixin, UpdateView):
    permission_required = "volunteers.change_trainingcourse"


class CourseActionView(PermissionRequiredMixin, View):
    """One POST-only action on a course; refusals come back as a message on the course page."""

    http_method_names = ["post"]

    def post(self, request, pk):
        course = get_object_or_404(TrainingCourse, pk=pk)
        try:
            self.check(course)
            return self.act(request, course)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(course)

    def check(self, course):
        """Refuse the action before reading the form (ValidationError); by default nothing."""

    def act(self, request, course):
        """Carry out the action and answer: back to the course, or its page with the errors."""
        raise NotImplementedError

    def again(self, request, course, **forms):
        view = CourseDetailView(request=request, kwargs={"pk": course.pk})
        view.object = course = view.get_queryset().get(pk=course.pk)  # with its totals
        context = view.get_context_data(object=course, **forms)
        return view.render_to_response(context)


class OpenCourseActionView(CourseActionView):
    """An action that changes a course, refused once the course is completed."""

    def check(self, course):
        if not course.is_open:
            raise ValidationError(_("The course is completed and can no longer be changed."))


class CourseSessionCreateView(OpenCourseActionView):
    permission_required = "volunteers.change_trainingcourse"

    def act(self, request, course):
        form = TrainingSessionForm(request.POST, instance=TrainingSession(course=course))
        if not form.is_valid():
            return self.again(request, course, session_form=form)
        form.save()
        messages.success(request, _("The session was added."))
        return redirect(course)


class CourseEnrolView(OpenCourseActionView):
    permission_required = "volunteers.change_trainingcourse"

    def act(self, request, course):
        form = ParticipantsForm(request.POST, course=course)
        if not form.is_valid():
            return self.again(request, course, participants_form=form)
        count = services.add_participants(
            course=course, volunteers=form.cleaned_data["volunteers"], by=request.user
        )
        messages.success(request, _("%(count)s participants were added.") % {"count": count})
        return redirect(course)


class CourseCompleteView(CourseActionView):
    permission_required = "volunteers.change_trainingcourse"

    def act(self, request, course):
        certified = services.complete_course(course=course, by=request.user)
        messages.success(
            request,
            _("The course is completed; %(count)s certificates were issued.")
            % {"count": len(certified)},
        )
        return redirect(course)


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


def certificate_response(participant: CourseParticipant) -> FileResponse:
    if participant.certificate_issued_on is None:
        raise Http404
    course = participant.course
    return pdf_response(
        "volunteers/pdf/certificate.html",
        {
            "participant": participant,
            "course": course,
            "sessions": course.sessions.all(),
            "total_hours": services.course_hours(course),
            "attended_hours": services.attended_hours(participant),
        },
        f"teilnahmebescheinigung-{participant.pk}.pdf",
    )


class CertificateView(PermissionRequiredMixin, View):
    permission_required = "volunteers.view_trainingcourse"

    def get(self, request, course_pk, pk):
        participant = get_object_or_404(
            CourseParticipant.objects.select_related("course__programme", "volunteer"),
            course_id=course_pk,
            pk=pk,
        )
        return certificate_response(participant)
