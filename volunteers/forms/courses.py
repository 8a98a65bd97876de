"""Training courses: the course, its counted groups, sessions, participants and attendance."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from volunteers.forms.base import DATE_INPUT
from volunteers.models import (
    CourseParticipant,
    ParticipantGroup,
    TrainingCourse,
    TrainingSession,
    Volunteer,
)

__all__ = [
    "AttendanceForm",
    "BaseParticipantGroupFormSet",
    "ParticipantGroupFormSet",
    "ParticipantsForm",
    "TrainingCourseForm",
    "TrainingSessionForm",
]


class TrainingCourseForm(forms.ModelForm):
    class Meta:
        model = TrainingCourse
        fields = [
            "programme",
            "audience",
            "title",
            "trainers",
            "location",
            "organisers",
            "description",
            "issues_certificates",
            "min_attendance",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "organisers": forms.SelectMultiple(attrs={"size": 6}),
        }
        localized_fields = ["min_attendance"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.active()
        if self.instance.pk:  # keep an organiser that has since become inactive
            organisations |= self.instance.organisers.all()
        self.fields["organisers"].queryset = organisations.distinct().order_by("name")


class BaseParticipantGroupFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.issues_certificates:
            return
        if any(
            form.cleaned_data.get("certificates")
            for form in self.forms
            if form.has_changed() and not form.cleaned_data.get("DELETE")
        ):
            raise ValidationError(
                _("The course issues no certificates; enter 0 certificates for every group."),
                code="no_certificates",
            )


ParticipantGroupFormSet = forms.inlineformset_factory(
    TrainingCourse,
    ParticipantGroup,
    formset=BaseParticipantGroupFormSet,
    fields=["target_group", "label", "count", "certificates"],
    extra=3,
    can_delete=True,
)


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["date", "topic", "teaching_hours"]
        widgets = {"date": DATE_INPUT}
        localized_fields = ["teaching_hours"]


class ParticipantsForm(forms.Form):
    volunteers = forms.ModelMultipleChoiceField(
        label=_("Volunteers"),
        queryset=Volunteer.objects.exclude(status=Volunteer.Status.LEFT),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = self.fields["volunteers"].queryset.exclude(
            course_places__course=course
        )


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=CourseParticipant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = session.course.participants.select_related("volunteer")
        field.label_from_instance = lambda participant: participant.volunteer.full_name
