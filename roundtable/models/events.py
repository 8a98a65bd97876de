"""Events and projects the office runs or takes part in."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from kmut.audit import HistoricalRecords
from kmut.models import FieldOfAction, Language, TimeStampedModel


class EventQuerySet(models.QuerySet):
    def overlapping(self, first: date, last: date):
        """Events and projects running on at least one day from ``first`` to ``last``."""
        return self.filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=first), starts_on__lte=last
        )

    def in_year(self, year: int):
        return self.overlapping(date(year, 1, 1), date(year, 12, 31))


class Event(TimeStampedModel):
    """An event or project of the office and its partners: one day, several days or ongoing.

    ``ends_on`` is the last day (inclusive): the start day itself for a one-day event, and
    empty for a project that is still running (STYLE.md §6: an open end means ongoing).
    """

    class Kind(models.TextChoices):
        EVENT = "event", _("event")
        PROJECT = "project", _("project")
        TRAINING = "training", _("training for professionals")
        CAMPAIGN = "campaign", _("campaign")
        PUBLIC_RELATIONS = "public_relations", _("public relations")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EVENT)
    starts_on = models.DateField(_("date or first day"))
    ends_on = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("The same as the first day for a one-day event; empty while it is ongoing."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("partner organisations"), blank=True, related_name="events"
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("fields of action"), blank=True, related_name="events"
    )
    target_groups = models.CharField(
        _("target groups"),
        max_length=250,
        blank=True,
        help_text=_("For example: women with a refugee background, teachers, volunteers."),
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), blank=True, related_name="events"
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    costs = models.DecimalField(
        _("costs (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    description = models.TextField(
        _("public description"),
        blank=True,
        help_text=_("May appear in the annual report and other publications."),
    )

    history = HistoricalRecords(m2m_fields=[organisations, fields_of_action, languages])
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event or project")
        verbose_name_plural = _("events and projects")
        ordering = ["-starts_on", "title"]
        indexes = [models.Index(fields=["starts_on"], name="roundtable_event_starts_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="roundtable_event_ends_after_start",
                violation_error_message=_("The last day must not be before the first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(costs__isnull=True) | models.Q(costs__gte=0),
                name="roundtable_event_costs_not_negative",
                violation_error_message=_("The costs cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.title} · {date_format(self.starts_on, 'SHORT_DATE_FORMAT')}"

    def get_absolute_url(self):
        return reverse("roundtable:event_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The last day must not be before the first day.")},
                code="ends_before_start",
            )

    @property
    def is_ongoing(self) -> bool:
        return self.ends_on is None

    @property
    def last_day(self):
        """The last day of an event over several days, else None (one day or ongoing)."""
        return self.ends_on if self.ends_on and self.ends_on > self.starts_on else None
