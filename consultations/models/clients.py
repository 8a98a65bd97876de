"""Pseudonymous clients: the code, the coarse statistical categories and, only with recorded
consent, the identity that lives apart (ClientIdentity).
"""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmut.audit import HistoricalRecords
from kmut.constraints import FieldCheckConstraint
from kmut.models import Municipality, TimeStampedModel
from kmut.search import SearchableModel
from kmut.versioning import VersionedModel

__all__ = [
    "CODE_MESSAGE",
    "CODE_PATTERN",
    "AgeBand",
    "Client",
    "ClientIdentity",
    "Gender",
    "HouseholdSize",
    "Origin",
    "ResidenceStatus",
    "validate_client_code",
]


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
