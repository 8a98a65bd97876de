"""Organisations and their contact persons; who may see an entry (`Publication`)."""

from datetime import timedelta

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmut.audit import HistoricalRecords
from kmut.models import FieldOfAction, Language, Municipality, TimeStampedModel, check_parent_chain
from kmut.search import SearchableModel
from kmut.versioning import VersionedModel

STALE_AFTER = timedelta(days=365)


class Publication(models.TextChoices):
    """Who may see an entry: office staff only, the network's partners, or everyone."""

    INTERNAL = "internal", _("internal")
    NETWORK = "network", _("network partners")
    PUBLIC = "public", _("public")


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Organisation.Status.ACTIVE)

    def public(self):
        return self.active().filter(publication=Publication.PUBLIC)

    def stale(self, today=None):
        today = today or timezone.localdate()
        return self.active().filter(
            models.Q(last_confirmed_on__isnull=True)
            | models.Q(last_confirmed_on__lt=today - STALE_AFTER)
        )


class Organisation(SearchableModel, VersionedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association / NGO (Verein)")
        MIGRANT_ORGANISATION = "migrant_org", _("Migrant organisation")
        MUNICIPALITY = "municipality", _("Municipality / Samtgemeinde")
        AUTHORITY = "authority", _("Authority (Behörde)")
        JOBCENTER = "jobcenter", _("Jobcenter / employment agency")
        EDUCATION = "education", _("Education provider / KVHS")
        WELFARE = "welfare", _("Welfare association")
        RELIGIOUS = "religious", _("Church / mosque / religious community")
        EMPLOYER = "employer", _("Company / employer")
        INITIATIVE = "initiative", _("Initiative")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        ARCHIVED = "archived", _("archived")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    street = models.CharField(_("street and number"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities served"),
        blank=True,
        related_name="organisations",
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("fields of action"), blank=True, related_name="organisations"
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages offered"), blank=True, related_name="organisations"
    )
    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.INTERNAL,
        help_text=_("Public entries appear in the public atlas."),
    )
    notes = models.TextField(_("internal notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        editable=False,
    )
    last_confirmed_on = models.DateField(_("last confirmed on"), null=True, blank=True)

    history = HistoricalRecords(
        m2m_fields=[municipalities, fields_of_action, languages], excluded_fields=["search_text"]
    )
    search_fields = ("name", "short_name", "city")
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(Lower("name"), name="organisation_lower_name"),
            # The list (active ones by default, by name): the first page read in index order.
            models.Index(fields=["status", "name"], name="organisation_status_name"),
        ]
        permissions = [
            ("merge_organisation", _("Can merge duplicate organisations")),
            ("import_organisation", _("Can import organisations")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(postal_code="") | models.Q(postal_code__regex=r"^[0-9]{5}$"),
                name="organisation_postal_code_five_digits",
                violation_error_message=_("A German postal code has five digits."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actors:organisation_detail", args=[self.pk])

    def clean(self):
        super().clean()
        check_parent_chain(self, _("An organisation cannot be its own parent."))

    @property
    def is_stale(self) -> bool:
        if self.status != self.Status.ACTIVE:
            return False
        today = timezone.localdate()
        return self.last_confirmed_on is None or self.last_confirmed_on < today - STALE_AFTER

    @property
    def address(self) -> str:
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)


class ContactPersonQuerySet(models.QuerySet):
    def public(self):
        return self.filter(publication=Publication.PUBLIC, is_active=True)


class ContactPerson(SearchableModel, VersionedModel, TimeStampedModel):
    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("consent (Art. 6(1)(a) GDPR)")
        PUBLIC_TASK = "public_task", _("public task (Art. 6(1)(e) GDPR)")
        CONTRACT = "contract", _("contract / cooperation agreement (Art. 6(1)(b) GDPR)")
        PUBLISHED = "published", _("published by the organisation itself")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    title = models.CharField(_("salutation / title"), max_length=40, blank=True)
    first_name = models.CharField(_("first name"), max_length=80, blank=True)
    last_name = models.CharField(_("last name"), max_length=80)
    function = models.CharField(_("role / function"), max_length=120, blank=True)
    responsibility = models.CharField(_("area of responsibility"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.INTERNAL,
    )
    legal_basis = models.CharField(
        _("legal basis for storing"), max_length=15, choices=LegalBasis.choices
    )
    consent_on = models.DateField(
        _("consent given on"),
        null=True,
        blank=True,
        help_text=_("Required when the legal basis is consent."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(excluded_fields=["search_text"])
    search_fields = ("first_name", "last_name")
    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(legal_basis="consent") | models.Q(consent_on__isnull=False),
                name="contactperson_consent_has_date",
                violation_error_message=_("Please enter the date the consent was given."),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)
