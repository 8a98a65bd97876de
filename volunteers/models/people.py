"""Programmes and the volunteers with their languages and clearance."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from kmut.audit import HistoricalRecords
from kmut.models import Language, Municipality, TimeStampedModel
from kmut.search import SearchableModel
from kmut.versioning import VersionedModel

__all__ = [
    "CERTIFICATE_DUE_SOON_DAYS",
    "CERTIFICATE_VALID_YEARS",
    "WEEKDAYS",
    "Programme",
    "Volunteer",
    "VolunteerLanguage",
    "plus_years",
]


# Without a recorded renewal date, a certificate of good conduct counts for this many years.
CERTIFICATE_VALID_YEARS = 5
# A recorded renewal this many days ahead or nearer is shown as due on the staff pages.
CERTIFICATE_DUE_SOON_DAYS = 60


def plus_years(day, years: int):
    """The same calendar day `years` later (29 February becomes the 28th)."""
    return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day)


class Programme(TimeStampedModel):
    class Kind(models.TextChoices):
        INTEGRATION_GUIDES = "guides", _("Integration guides (Integrationslotsen)")
        ASYLUM_COMPANIONS = "companions", _("Asylum companions (Asylbegleitung)")
        INTERPRETERS = "interpreters", _("Interpreter pool (Sprachmittlerpool)")
        LANGUAGE_MENTORS = "mentors", _("Language mentoring (Sprachpatenschaften)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self):
        return self.name


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Volunteer(SearchableModel, VersionedModel, TimeStampedModel):
    class Status(models.TextChoices):
        INTERESTED = "interested", _("interested")
        IN_TRAINING = "in_training", _("in training")
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        LEFT = "left", _("left")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street = models.CharField(_("street and number"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("active in"), blank=True, related_name="volunteers"
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("programmes"), blank=True, related_name="volunteers"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("comes through"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
    )
    available_days = models.CharField(
        _("available on"),
        max_length=7,
        blank=True,
        help_text=_("Weekdays the volunteer can usually take on assignments."),
    )
    availability = models.CharField(
        _("availability"),
        max_length=250,
        blank=True,
        help_text=_("e.g. weekdays from 4 pm, not in school holidays"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.INTERESTED
    )
    certificate_inspected_on = models.DateField(
        _("criminal record certificate inspected on"),
        null=True,
        blank=True,
        help_text=_("Extended certificate (erweitertes Führungszeugnis): record the date only."),
    )
    certificate_inspected_by = models.CharField(_("inspected by"), max_length=120, blank=True)
    certificate_renewal_due_on = models.DateField(_("renewal due on"), null=True, blank=True)
    confidentiality_signed_on = models.DateField(
        _("confidentiality declaration signed on"), null=True, blank=True
    )
    data_protection_instructed_on = models.DateField(
        _("data protection instruction on"), null=True, blank=True
    )
    notes = models.TextField(_("internal notes"), blank=True)

    history = HistoricalRecords(
        m2m_fields=[municipalities, programmes], excluded_fields=["search_text"]
    )
    search_fields = ("first_name", "last_name", "email", "city")

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["last_name", "first_name"]
        # The list, by name: the first page read in index order.
        indexes = [models.Index(fields=["last_name", "first_name"], name="volunteer_name")]
        permissions = [
            ("approve_expenseclaim", _("Can sign off expense claims")),
            ("import_volunteer", _("Can import volunteers")),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("volunteers:volunteer_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def weekdays(self) -> list[int]:
        """Available weekdays, Monday = 0."""
        return [int(day) for day in self.available_days if day.isdigit()]

    def get_available_days_display(self) -> str:
        names = dict(WEEKDAYS)
        return ", ".join(str(names[day]) for day in self.weekdays)

    def certificate_valid_until(self):
        """The day the certificate of good conduct is due again (None without a certificate)."""
        if self.certificate_inspected_on is None:
            return None
        return self.certificate_renewal_due_on or plus_years(
            self.certificate_inspected_on, CERTIFICATE_VALID_YEARS
        )

    @property
    def certificate_due_soon(self) -> bool:
        """The recorded renewal of the certificate of good conduct is near or past."""
        due = self.certificate_renewal_due_on
        soon = timezone.localdate() + timedelta(days=CERTIFICATE_DUE_SOON_DAYS)
        return due is not None and due <= soon

    def clearance_problems(self, on=None) -> list[str]:
        """The one rule for being cleared to work with people: what is missing or expired on a day.

        A certificate of good conduct (Führungszeugnis) must have been inspected and its renewal
        must not be due on or before the day; the confidentiality declaration must be signed.
        Empty when the volunteer is cleared. Used by matching, assigning and the pages.
        """
        on = on or timezone.localdate()
        problems = []
        due = self.certificate_valid_until()
        if due is None:
            problems.append(_("certificate of good conduct missing"))
        elif due <= on:
            problems.append(
                _("certificate of good conduct expired (renewal due on %(date)s)")
                % {"date": date_format(due, "SHORT_DATE_FORMAT")}
            )
        if self.confidentiality_signed_on is None:
            problems.append(_("confidentiality declaration missing"))
        return [str(problem) for problem in problems]


class VolunteerLanguage(models.Model):
    class Level(models.TextChoices):
        NATIVE = "native", _("native language")
        FLUENT = "fluent", _("fluent")
        GOOD = "good", _("good")
        BASIC = "basic", _("basic")

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="language_skills",
    )
    language = models.ForeignKey(
        Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("language skill")
        verbose_name_plural = _("language skills")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "language"], name="volunteerlanguage_once_per_language"
            )
        ]

    def __str__(self):
        return f"{self.language} ({self.get_level_display()})"
