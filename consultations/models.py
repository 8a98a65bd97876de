"""The confidential consultation log: pseudonymous clients, consultations, referrals, access log.

Clients are pseudonymous (a code plus coarse statistical categories). A real name and contact
details exist only with recorded consent and live apart, in ClientIdentity. Notes on a
consultation are visible only to their author and the head of office. Every read is logged in
AccessLog.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from kmut.audit import HistoricalRecords
from kmut.constraints import FieldCheckConstraint
from kmut.models import Language, Municipality, TimeStampedModel
from kmut.search import SearchableModel
from kmut.versioning import VersionedModel

CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]{1,23}$"
CODE_MESSAGE = _("Use 2 to 24 capital letters, digits and hyphens, e.g. “K-2026-0042”.")
# The one check of a client code's form: the field's validator, and the entry form's for a new
# code (the database constraint `client_code_format` holds the same pattern).
validate_client_code = RegexValidator(CODE_PATTERN, CODE_MESSAGE)


class AgeBand(models.TextChoices):
    UNDER_18 = "u18", _("under 18")
    FROM_18 = "18-26", _("18 to 26")
    FROM_27 = "27-44", _("27 to 44")
    FROM_45 = "45-64", _("45 to 64")
    FROM_65 = "65+", _("65 and older")
    UNKNOWN = "", _("not known")


class Gender(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    DIVERSE = "d", _("diverse")
    UNKNOWN = "", _("not known")


class ResidenceStatus(models.TextChoices):
    ASYLUM_SEEKER = "asylum", _("asylum procedure (Aufenthaltsgestattung)")
    TOLERATED = "toleration", _("toleration (Duldung)")
    PROTECTION = "protection", _("protection status / residence permit on humanitarian grounds")
    TEMPORARY_PROTECTION = "temporary", _("temporary protection (§ 24 AufenthG)")
    WORK_STUDY_FAMILY = "permit", _("residence permit for work, study or family")
    SETTLED = "settled", _("settlement permit / EU permanent residence")
    EU_CITIZEN = "eu", _("EU citizen")
    GERMAN = "german", _("German citizen")
    UNKNOWN = "", _("not known")


class HouseholdSize(models.TextChoices):
    ONE = "1", _("1 person")
    TWO_THREE = "2-3", _("2 to 3 persons")
    FOUR_FIVE = "4-5", _("4 to 5 persons")
    SIX_PLUS = "6+", _("6 persons or more")
    UNKNOWN = "", _("not known")


class Origin(models.TextChoices):
    """Country of origin / nationality, coarse: the most frequent countries, then regions."""

    SYRIA = "SY", _("Syria")
    AFGHANISTAN = "AF", _("Afghanistan")
    UKRAINE = "UA", _("Ukraine")
    IRAQ = "IQ", _("Iraq")
    TURKEY = "TR", _("Turkey")
    IRAN = "IR", _("Iran")
    ERITREA = "ER", _("Eritrea")
    SOMALIA = "SO", _("Somalia")
    RUSSIA = "RU", _("Russia")
    EU = "eu", _("other EU country")
    EUROPE = "europe", _("other European country")
    AFRICA = "africa", _("other African country")
    ASIA = "asia", _("other Asian country")
    AMERICAS = "americas", _("the Americas")
    STATELESS = "stateless", _("stateless / unclear")
    UNKNOWN = "", _("not known")


class Client(SearchableModel, VersionedModel, TimeStampedModel):
    """A pseudonymous client: a code and coarse statistical categories, never a name."""

    code = models.CharField(
        _("client code"),
        max_length=24,
        unique=True,
        validators=[validate_client_code],
        help_text=_("Pseudonymous code, e.g. “K-2026-0042”. Never a name or a date of birth."),
    )
    age_band = models.CharField(
        _("age band"), max_length=8, choices=AgeBand.choices, blank=True, default=""
    )
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True, default=""
    )
    origin = models.CharField(
        _("country of origin / nationality"),
        max_length=12,
        choices=Origin.choices,
        blank=True,
        default="",
    )
    residence_status = models.CharField(
        _("residence status"),
        max_length=12,
        choices=ResidenceStatus.choices,
        blank=True,
        default="",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    household_size = models.CharField(
        _("household size"), max_length=4, choices=HouseholdSize.choices, blank=True, default=""
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # The last consultation, else the day the client was created; kept true only by
    # services.refresh_last_contact(), so the client list sorts on an index (decision 0024).
    last_contact_on = models.DateField(
        _("last contact"), default=timezone.localdate, editable=False
    )

    history = HistoricalRecords(excluded_fields=["search_text", "last_contact_on"])
    search_fields = ("code",)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["-last_contact_on", "code"], name="client_last_contact"),
        ]
        permissions = [
            ("export_client", _("Can export everything stored on a client (Art. 15 GDPR)")),
            ("erase_client", _("Can erase a client (Art. 17 GDPR)")),
            ("view_all_notes", _("Can read the notes of every counsellor")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=CODE_PATTERN),
                name="client_code_format",
                violation_error_message=CODE_MESSAGE,
            )
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("consultations:client_detail", args=[self.pk])

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class ClientIdentity(SearchableModel, TimeStampedModel):
    """Name and contact details of a client, kept only with recorded consent."""

    client = models.OneToOneField(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="identity"
    )
    full_name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("Erased when the consent is withdrawn.")
    )
    contact = models.TextField(
        _("contact details"), blank=True, help_text=_("Phone, e-mail or address, as agreed.")
    )
    consent_given_on = models.DateField(_("consent given on"))
    consent_scope = models.TextField(
        _("scope of the consent"),
        help_text=_("What the client agreed to, e.g. “Name and phone for call-backs”."),
    )
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    search_fields = ("full_name",)

    class Meta:
        verbose_name = _("client identity")
        verbose_name_plural = _("client identities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent_withdrawn_on__isnull=True)
                | models.Q(consent_withdrawn_on__gte=models.F("consent_given_on")),
                name="clientidentity_withdrawal_after_consent",
                violation_error_message=_("Consent cannot be withdrawn before it was given."),
            ),
            FieldCheckConstraint(
                condition=models.Q(consent_withdrawn_on__isnull=False) | ~models.Q(full_name=""),
                name="clientidentity_name_while_consented",
                field="full_name",
                violation_error_message=_("Please enter the name."),
            ),
        ]

    def __str__(self):
        return self.full_name or str(_("consent withdrawn"))


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


class AccessLog(models.Model):
    """Who read, exported or erased which consultation or client, and when.

    Holds primary keys, not foreign keys, so that the record survives an erasure.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        LIST = "list", _("seen in a list")
        EDIT = "edit", _("opened for editing")
        CONFIRM = "confirm", _("erasure confirmation shown")
        AUDIT = "audit", _("access log read")
        EXPORT = "export", _("exported (Art. 15)")
        ERASE = "erase", _("erased (Art. 17)")
        ANONYMISE = "anonymise", _("anonymised after the retention period")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    client_ref = models.PositiveIntegerField(_("client number"), null=True, blank=True)
    consultation_ref = models.PositiveIntegerField(_("consultation number"), null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"


class StatisticsVersion(models.Model):
    """The state of the data that the cached statistics belong to: one row whose random token
    changes in the same transaction as every change to a consultation, its topics or
    referrals, a client, organisation, language or municipality (decision 0022)."""

    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("statistics version")
        verbose_name_plural = _("statistics versions")

    def __str__(self):
        return self.token
