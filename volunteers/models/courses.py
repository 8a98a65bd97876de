"""Training courses with their sessions, registered participants and counted groups."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from kmut.audit import HistoricalRecords
from kmut.models import TimeStampedModel
from volunteers.models.people import Programme, Volunteer

__all__ = [
    "CourseParticipant",
    "ParticipantGroup",
    "TrainingCourse",
    "TrainingCourseQuerySet",
    "TrainingSession",
]


class TrainingCourseQuerySet(models.QuerySet):
    def with_totals(self):
        """Teaching hours as entered, participants and certificates (registered plus counted).

        Each figure is a subquery of its own: next to a join of participants and sessions a sum
        counted each session once per participant (45 teaching hours × 18 participants = 810).
        """
        course = OuterRef("pk")

        def total(queryset, aggregate, zero=None, output_field=None):
            per_course = (
                queryset.filter(course=course).order_by().values("course").annotate(total=aggregate)
            )
            return Coalesce(
                Subquery(per_course.values("total")),
                zero or Value(0),
                output_field=output_field,
            )

        certified = CourseParticipant.objects.filter(certificate_issued_on__isnull=False)
        return self.annotate(
            teaching_hours=total(
                TrainingSession.objects,
                Sum("teaching_hours"),
                Value(Decimal("0")),
                models.DecimalField(max_digits=8, decimal_places=1),
            ),
            registered_count=total(CourseParticipant.objects, Count("pk")),
            counted_count=total(ParticipantGroup.objects, Sum("count")),
            registered_certificates=total(certified, Count("pk")),
            counted_certificates=total(ParticipantGroup.objects, Sum("certificates")),
        ).annotate(
            participant_count=F("registered_count") + F("counted_count"),
            certificate_count=F("registered_certificates") + F("counted_certificates"),
        )


class TrainingCourse(TimeStampedModel):
    """A training the office runs or organises: a qualification course for the volunteers of a
    programme (e.g. Asylbegleiter-Schulung, 45 teaching hours) or a training for staff, teachers,
    social workers or the volunteers of partner organisations (no programme)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    class Audience(models.TextChoices):
        VOLUNTEERS = "volunteers", _("volunteers of a programme")
        ADMINISTRATION = "administration", _("administration staff")
        TEACHERS = "teachers", _("teachers")
        SOCIAL_WORKERS = "social_workers", _("social workers")
        PARTNER_VOLUNTEERS = "partner_volunteers", _("volunteers of partner organisations")
        OTHER = "other", _("other")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        help_text=_("Empty for a training that is not part of a volunteer programme."),
    )
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.VOLUNTEERS,
        help_text=_("Who the training is for."),
    )
    title = models.CharField(_("title"), max_length=200)
    trainers = models.CharField(_("trainers"), max_length=250, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    organisers = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisers and partners"),
        blank=True,
        related_name="training_courses",
    )
    description = models.TextField(
        _("contents"), blank=True, help_text=_("Printed on the certificate.")
    )
    issues_certificates = models.BooleanField(_("issues certificates"), default=True)
    min_attendance = models.DecimalField(
        _("minimum attendance for the certificate"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("Share of the teaching hours, e.g. 0.80 for 80 %."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[organisers])
    objects = TrainingCourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(programme__isnull=False, audience="volunteers")
                | (models.Q(programme__isnull=True) & ~models.Q(audience="volunteers")),
                name="trainingcourse_programme_means_volunteers",
                violation_error_message=_(
                    "A course of a programme is for its volunteers; a course without a "
                    "programme names another audience."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("volunteers:course_detail", args=[self.pk])

    def clean(self):
        super().clean()
        volunteers = self.audience == self.Audience.VOLUNTEERS
        if self.programme_id and not volunteers:
            raise ValidationError(
                {
                    "audience": _(
                        "A course of a programme is for the programme's volunteers. Leave the "
                        "programme empty for a training of another audience."
                    )
                }
            )
        if not self.programme_id and volunteers:
            raise ValidationError(
                {
                    "audience": _(
                        "A course without a programme needs another audience, e.g. teachers "
                        "or administration staff."
                    )
                }
            )

    @property
    def has_registered_participants(self) -> bool:
        """Volunteers of the office are enrolled by name; other audiences are counted."""
        return self.programme_id is not None

    @property
    def is_open(self) -> bool:
        """Sessions, participants and attendance can change until the course is completed (a
        cancelled course stays open)."""
        return self.status != self.Status.COMPLETED


class TrainingSession(TimeStampedModel):
    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    teaching_hours = models.DecimalField(
        _("teaching hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Teaching hours of 45 minutes (Unterrichtseinheiten)."),
    )
    attendees = models.ManyToManyField(
        "CourseParticipant", verbose_name=_("present"), blank=True, related_name="sessions"
    )

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{date_format(self.date, 'SHORT_DATE_FORMAT')} · {self.topic}"


class CourseParticipant(TimeStampedModel):
    course = models.ForeignKey(
        TrainingCourse,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="course_places",
    )
    certificate_issued_on = models.DateField(_("certificate issued on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["volunteer__last_name", "volunteer__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "volunteer"], name="courseparticipant_once_per_course"
            )
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.course}"


class ParticipantGroup(TimeStampedModel):
    """Participants counted by target group (people who are not registered in kmut)."""

    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("course"), on_delete=models.CASCADE, related_name="groups"
    )
    target_group = models.CharField(
        _("target group"),
        max_length=20,
        choices=[choice for choice in TrainingCourse.Audience.choices if choice[0] != "volunteers"],
    )
    label = models.CharField(
        _("description"),
        max_length=150,
        blank=True,
        help_text=_("e.g. Schulsozialarbeit, Flüchtlingssozialarbeit der Wohlfahrtsverbände"),
    )
    count = models.PositiveIntegerField(_("participants"), validators=[MinValueValidator(1)])
    certificates = models.PositiveIntegerField(_("certificates"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant group")
        verbose_name_plural = _("participant groups")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gte=1, certificates__lte=models.F("count")),
                name="participantgroup_certificates_within_count",
                violation_error_message=_(
                    "A group has at least one participant and no more certificates than "
                    "participants."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(target_group="volunteers"),
                name="participantgroup_not_registered_volunteers",
                violation_error_message=_(
                    "The office's volunteers are enrolled by name, not counted."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_target_group_display()}: {self.count}"

    def clean(self):
        super().clean()
        if None not in (self.count, self.certificates) and self.certificates > self.count:
            raise ValidationError(
                {"certificates": _("There cannot be more certificates than participants.")}
            )
