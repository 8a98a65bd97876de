"""The action plan (Handlungskonzept): goals, measures, indicators and their values."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from kmut.audit import HistoricalRecords
from kmut.models import FieldOfAction, TimeStampedModel
from reporting.models.base import YEAR_VALIDATORS
from roundtable.models import Decision, Event, Meeting

__all__ = ["ActionPlan", "Goal", "Indicator", "IndicatorValue", "Measure"]


class ActionPlan(TimeStampedModel):
    """One year's version of the local action plan; a new version carries the last one forward."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(
        _("adopted on"), null=True, blank=True, help_text=_("Date of the adopting decision.")
    )
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=200,
        blank=True,
        help_text=_("The body that adopted the plan, e.g. Kreistag or the committee's name."),
    )
    period_start = models.PositiveSmallIntegerField(
        _("valid from (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    period_end = models.PositiveSmallIntegerField(
        _("valid until (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    foreword = models.TextField(
        _("foreword"), blank=True, help_text=_("Paragraphs separated by a blank line.")
    )
    guiding_principles = models.TextField(
        _("guiding principles"),
        blank=True,
        help_text=_("One principle per paragraph, separated by a blank line."),
    )
    notes = models.TextField(_("notes"), blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continuations",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"],
                name="reporting_actionplan_unique_year_version",
                violation_error_message=_("This year already has a plan with this version."),
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="reporting_actionplan_period_end_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return _("%(title)s %(year)s (version %(version)s)") % {
            "title": self.title,
            "year": self.year,
            "version": self.version,
        }

    def get_absolute_url(self):
        return reverse("reporting:plan_detail", args=[self.pk])

    @property
    def period(self) -> str:
        """The years the plan is valid: "2026–2030", "2026", "ab 2026", "bis 2030" or ""."""
        start, end = self.period_start, self.period_end
        if start and end:
            return str(start) if start == end else f"{start}\u2013{end}"
        if start:
            return _("from %(year)s") % {"year": start}
        if end:
            return _("until %(year)s") % {"year": end}
        return ""


class Goal(TimeStampedModel):
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="goals"
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.PROTECT,
        related_name="goals",
    )
    title = models.CharField(_("goal"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["field_of_action__position", "position", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:plan_detail", args=[self.plan_id]) + f"#goal-{self.pk}"


class Measure(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        PAUSED = "paused", _("paused")
        DROPPED = "dropped", _("dropped")

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="measures"
    )
    title = models.CharField(_("measure"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("responsible organisations"),
        blank=True,
        related_name="measures",
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    meetings = models.ManyToManyField(
        Meeting, verbose_name=_("agreed in meetings"), blank=True, related_name="measures"
    )
    decisions = models.ManyToManyField(
        Decision, verbose_name=_("agreed by decisions"), blank=True, related_name="measures"
    )
    events = models.ManyToManyField(
        Event, verbose_name=_("events and projects"), blank=True, related_name="measures"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords(m2m_fields=[organisations, meetings, decisions, events])

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(due_on__gte=models.F("starts_on")),
                name="reporting_measure_deadline_after_start",
                violation_error_message=_("The deadline cannot lie before the start."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:plan_detail", args=[self.goal.plan_id]) + f"#measure-{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.DROPPED)


class Indicator(TimeStampedModel):
    """How success of a measure is measured: baseline, target and a value per year."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=250)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. persons, %"))
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reporting:indicator_update", args=[self.pk])


class IndicatorValue(TimeStampedModel):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("measured value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="reporting_indicatorvalue_once_per_year",
                violation_error_message=_("This indicator already has a value for this year."),
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}: {self.value}"
