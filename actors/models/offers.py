"""What organisations offer: courses, counselling, groups, event series."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from actors.models.organisations import ContactPerson, Organisation, Publication
from kmut.audit import HistoricalRecords
from kmut.models import FieldOfAction, Language, Municipality, TimeStampedModel
from kmut.search import SearchableModel


class OfferQuerySet(models.QuerySet):
    def public(self):
        return self.filter(
            publication=Publication.PUBLIC,
            is_active=True,
            organisation__status=Organisation.Status.ACTIVE,
            organisation__publication=Publication.PUBLIC,
        )


class Offer(SearchableModel, TimeStampedModel):
    """Something an organisation offers: a course, counselling, a group, an event series."""

    class Kind(models.TextChoices):
        LANGUAGE_COURSE = "language_course", _("Language course")
        INTEGRATION_COURSE = "integration_course", _("Integration course (BAMF)")
        COUNSELLING = "counselling", _("Counselling")
        GROUP = "group", _("Group / meeting place")
        EDUCATION = "education", _("Education / qualification")
        LEISURE = "leisure", _("Leisure / sport / culture")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        ALPHA = "alpha", _("Literacy")
        A1 = "A1", "A1"
        A2 = "A2", "A2"
        B1 = "B1", "B1"
        B2 = "B2", "B2"
        C1 = "C1", "C1"
        C2 = "C2", "C2"

    class TargetGroup(models.TextChoices):
        EVERYONE = "everyone", _("everyone")
        WOMEN = "women", _("women")
        YOUTH = "youth", _("young people")
        PARENTS = "parents", _("parents and families")
        CHILDREN = "children", _("children")
        REFUGEES = "refugees", _("refugees")
        WORKERS = "workers", _("employees and job seekers")
        SENIORS = "seniors", _("older people")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("language level"), max_length=5, choices=Level.choices, blank=True)
    target_group = models.CharField(
        _("target group"), max_length=10, choices=TargetGroup.choices, default=TargetGroup.EVERYONE
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    schedule = models.CharField(
        _("schedule"), max_length=200, blank=True, help_text=_("e.g. Mon and Wed 9:00–12:15")
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    cost = models.CharField(
        _("cost"), max_length=120, blank=True, help_text=_("e.g. free, 2,29 € per lesson")
    )
    has_childcare = models.BooleanField(_("childcare"), default=False)
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), blank=True, related_name="offers"
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("fields of action"), blank=True, related_name="offers"
    )
    contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
    )
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, default=Publication.PUBLIC
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(
        m2m_fields=[languages, fields_of_action], excluded_fields=["search_text"]
    )
    search_fields = ("title", "description", "venue")
    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["title"]
        # The list (active offers by title): the first page read in index order.
        indexes = [
            models.Index(
                fields=["title"], condition=models.Q(is_active=True), name="offer_active_title"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="offer_ends_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self):
        return self.title
