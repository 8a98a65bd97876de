"""Assignments (accompaniments and interpreting jobs) and the hours given on them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from kmut.audit import HistoricalRecords
from kmut.models import Language, Municipality, TimeStampedModel
from volunteers.models.people import Programme, Volunteer

__all__ = ["Assignment", "HoursEntry"]


class Assignment(TimeStampedModel):
    """A long-running accompaniment or a one-off interpreting job (never a client's name)."""

    class Kind(models.TextChoices):
        ACCOMPANIMENT = "accompaniment", _("accompaniment")
        INTERPRETING = "interpreting", _("interpreting")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="assignments"
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    reference = models.CharField(
        _("reference"),
        max_length=60,
        help_text=_("Pseudonymous reference such as “Familie A-17”. Never a client's name."),
    )
    language = models.ForeignKey(
        Language,
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requesting_unit = models.CharField(
        _("requesting unit"),
        max_length=150,
        blank=True,
        help_text=_("e.g. Ausländerbehörde, Jobcenter, a school"),
    )
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    reason = models.CharField(_("reason"), max_length=250, blank=True)
    starts_on = models.DateField(_("date / starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    clearance_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned without clearance by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    clearance_confirmed_at = models.DateTimeField(
        _("assigned without clearance at"), null=True, blank=True
    )
    clearance_confirmed_problems = models.CharField(
        _("missing when assigned"), max_length=250, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-starts_on"]
        # The list, latest first (-starts_on, -pk): a page is read in index order, not sorted.
        indexes = [models.Index(fields=["-starts_on", "-id"], name="assignment_latest")]

    def __str__(self):
        return f"{self.reference} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("volunteers:assignment_detail", args=[self.pk])

    @property
    def clearance_day(self):
        """The day a volunteer's clearance is checked for: the start, or today if that is later."""
        return max(self.starts_on, timezone.localdate())

    def clearance_problems_of(self, volunteer: Volunteer) -> list[str]:
        return volunteer.clearance_problems(on=self.clearance_day)


class HoursEntry(TimeStampedModel):
    """Time given on an assignment, logged by the volunteer or by staff."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="hours"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="hours"
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    note = models.CharField(_("what was done"), max_length=250, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours entries")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=24 * 60),
                name="hoursentry_minutes_within_a_day",
                violation_error_message=_("Enter between 1 minute and 24 hours."),
            )
        ]

    def __str__(self):
        return f"{self.assignment.reference} · {date_format(self.date, 'SHORT_DATE_FORMAT')}"
