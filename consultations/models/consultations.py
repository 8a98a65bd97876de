"""Consultations with their topics and referrals; the note is visible only to its author and the
head of office.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from consultations.models.clients import Client
from kmut.audit import HistoricalRecords
from kmut.constraints import FieldCheckConstraint
from kmut.models import Language, TimeStampedModel
from kmut.versioning import VersionedModel

__all__ = ["Consultation", "ConsultationQuerySet", "ConsultationTopic", "Referral", "Topic"]


class Topic(models.TextChoices):
    ASYLUM = "asylum", _("asylum procedure")
    RESIDENCE = "residence", _("residence law")
    WORK = "work", _("work")
    LANGUAGE_COURSES = "language", _("language courses")
    EDUCATION = "education", _("education")
    HOUSING = "housing", _("housing")
    HEALTH = "health", _("health")
    FAMILY = "family", _("family")
    RETURN = "return", _("return counselling (Rückkehrberatung)")
    ALLOCATION = "allocation", _("allocation (Zuweisung)")
    BENEFITS = "benefits", _("benefits (AsylbLG / SGB II)")
    DISCRIMINATION = "discrimination", _("discrimination")
    OTHER = "other", _("other")


class ConsultationQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(held_on__year=year)


class Consultation(VersionedModel, TimeStampedModel):
    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("phone")
        VIDEO = "video", _("video")
        EMAIL = "email", _("e-mail")
        OUTREACH = "outreach", _("outreach")

    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.IN_PERSON
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.PROTECT, related_name="consultations"
    )
    language = models.ForeignKey(
        Language,
        verbose_name=_("language used"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    interpreter_assignment = models.ForeignKey(
        "volunteers.Assignment",
        verbose_name=_("interpreting assignment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The volunteer assignment the interpreter's claim refers to."),
    )
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Visible only to you and the head of office. Keep it short and factual."),
    )
    submission_token = models.UUIDField(
        _("submission token"), unique=True, default=uuid.uuid4, editable=False
    )

    history = HistoricalRecords(excluded_fields=["submission_token"])
    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["held_on"], name="consultation_held_on"),
            models.Index(fields=["client", "held_on"], name="consultation_client_held_on"),
            # The dashboard's "follow-ups due" of one counsellor: a range in this index, not a
            # scan of every consultation.
            models.Index(
                fields=["counsellor", "follow_up_on"],
                condition=models.Q(follow_up_on__isnull=False),
                name="consultation_follow_up",
            ),
        ]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(interpreter_assignment__isnull=True)
                | models.Q(interpreter_used=True),
                name="consultation_assignment_needs_interpreter",
                field="interpreter_assignment",
                violation_error_message=_(
                    "An interpreting assignment can only be linked when an interpreter was used."
                ),
            )
        ]

    def __str__(self):
        return str(_("Consultation no. %(number)s") % {"number": self.pk})

    def get_absolute_url(self):
        return reverse("consultations:consultation_detail", args=[self.pk])

    def clean(self):
        """A consultation has taken place (not after today, local time); its follow-up comes after.

        Not a database constraint: "today" moves. Every form (entry and edit) and every service
        reaches this through full_clean().
        """
        super().clean()
        errors = {}
        if self.held_on is not None and self.held_on > timezone.localdate():
            errors["held_on"] = ValidationError(
                _("The date of a consultation cannot be in the future."), code="future"
            )
        if (
            self.held_on is not None
            and self.follow_up_on is not None
            and self.follow_up_on < self.held_on
        ):
            errors["follow_up_on"] = ValidationError(
                _("The follow-up cannot be before the consultation."), code="follow_up_before"
            )
        if errors:
            raise ValidationError(errors)

    def note_visible_to(self, user) -> bool:
        return user.pk == self.counsellor_id or user.has_perm("consultations.view_all_notes")


class ConsultationTopic(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="topics",
    )
    topic = models.CharField(_("topic"), max_length=15, choices=Topic.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic of a consultation")
        verbose_name_plural = _("topics of consultations")
        ordering = ["topic"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "topic"], name="consultationtopic_unique_topic"
            )
        ]

    def __str__(self):
        return self.get_topic_display()


class Referral(TimeStampedModel):
    """A referral to an organisation of the registry, with the consent to pass on data."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="consultation_referrals",
    )
    data_sharing_consent = models.BooleanField(
        _("client agreed to passing on data"),
        default=False,
        help_text=_("Only then may name or case details be passed to the organisation."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="referral_unique_organisation"
            )
        ]

    def __str__(self):
        return str(self.organisation)
