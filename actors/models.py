"""The registry: organisations, their contact persons and their offers (the district's atlas)."""

from datetime import timedelta

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmut.audit import HistoricalRecords
from kmut.models import (
    FieldOfAction,
    Language,
    Municipality,
    TimeStampedModel,
    check_parent_chain,
)
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


class UpdateCampaign(TimeStampedModel):
    """Update requests sent together, e.g. the yearly check of all entries (seed 003)."""

    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("reply by"))
    message = models.TextField(_("message to the organisations"), blank=True)
    created_by = models.ForeignKey(
        "auth.User", verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("update campaign")
        verbose_name_plural = _("update campaigns")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_past_due(self) -> bool:
        """The reply date has passed (local time)."""
        return self.due_on < timezone.localdate()


class UpdateRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=UpdateRequest.Status.SENT)

    def awaiting_review(self):
        return self.filter(status=UpdateRequest.Status.RESPONDED)

    def overdue(self, today=None):
        """The requests for which `UpdateRequest.is_overdue` holds, as one query."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class UpdateRequest(TimeStampedModel):
    """A request to one organisation to check its entry through a personal link (no login)."""

    class Status(models.TextChoices):
        SENT = "sent", _("sent, no reply yet")
        RESPONDED = "responded", _("reply received, to review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="update_requests",
    )
    campaign = models.ForeignKey(
        UpdateCampaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    recipient_email = models.EmailField(_("sent to"))
    due_on = models.DateField(_("reply by"))
    expires_on = models.DateField(_("link valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    proposal = models.JSONField(_("proposed changes"), null=True, blank=True, editable=False)
    responded_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    responder_name = models.CharField(_("replied by"), max_length=120, blank=True)
    responder_note = models.TextField(_("note from the organisation"), blank=True)
    reviewed_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    created_by = models.ForeignKey(
        "auth.User", verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["token", "proposal"])
    objects = UpdateRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("update request")
        verbose_name_plural = _("update requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("due_on")),
                name="updaterequest_expires_after_due",
                violation_error_message=_(
                    "The link must stay valid at least until the reply date."
                ),
            ),
        ]

    def __str__(self):
        return _("Update request for %(name)s") % {"name": self.organisation.name}

    def is_expired(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.expires_on

    @property
    def is_open_for_reply(self) -> bool:
        return self.status in (self.Status.SENT, self.Status.RESPONDED) and not self.is_expired()

    @property
    def is_overdue(self) -> bool:
        """Sent, not answered, and the reply date has passed (local time); the queryset's
        `overdue()` asks the same in SQL."""
        return self.status == self.Status.SENT and self.due_on < timezone.localdate()


class ImportKind(models.TextChoices):
    """What a file can be imported as: each kind has its own columns and remembered mapping."""

    ORGANISATIONS = "organisations", _("organisations")
    CONTACTS = "contacts", _("contact persons")
    OFFERS = "offers", _("offers")


class ImportMapping(TimeStampedModel):
    """The column mapping last used for a kind of import: file heading -> field (or "")."""

    # Any registered kind (`actors.importing.KINDS`): other apps register theirs.
    kind = models.CharField(_("kind of import"), max_length=20)
    columns = models.JSONField(_("columns"), default=dict)
    options = models.JSONField(_("options"), default=dict)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        constraints = [models.UniqueConstraint(fields=["kind"], name="importmapping_one_per_kind")]

    def __str__(self):
        return self.get_kind_display()

    def get_kind_display(self) -> str:
        from actors.importing import kind_label

        return kind_label(self.kind)


class ImportBatch(TimeStampedModel):
    """One executed import: who, when, what file, the counts, and per row what it did.

    `records` lists each object the import created or changed, in order, with the values it
    had before and its version right after the import, so the batch can be undone once.
    """

    kind = models.CharField(_("kind of import"), max_length=20)
    file_name = models.CharField(_("file name"), max_length=100)
    created_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    counts = models.JSONField(_("counts"), default=dict)
    records = models.JSONField(_("records"), default=list)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("undone by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undo_messages = models.JSONField(_("undo messages"), default=list)

    history = HistoricalRecords(excluded_fields=["records"])

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name}"

    def get_absolute_url(self):
        return reverse("actors:import_batch_detail", args=[self.pk])

    def get_kind_display(self) -> str:
        from actors.importing import kind_label

        return kind_label(self.kind)
