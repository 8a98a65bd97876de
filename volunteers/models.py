"""Volunteer programmes, volunteers, assignments, rates and expense claims."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from kmut.audit import HistoricalRecords
from kmut.models import Language, Municipality, TimeStampedModel
from kmut.search import SearchableModel
from kmut.versioning import VersionedModel

MONEY = {"max_digits": 10, "decimal_places": 2}

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


class RateSetQuerySet(models.QuerySet):
    def valid_on(self, day):
        """The rate set that covers `day` (the one rule: `RateSet.covers`), or None."""
        return rate_set_for(day, self.filter(valid_from__lte=day).order_by("-valid_from"))


def rate_set_for(day, rate_sets):
    """The set among `rate_sets` that covers `day`; every lookup of rates goes through here."""
    return next((rates for rates in rate_sets if rates.covers(day)), None)


class RateSet(TimeStampedModel):
    """Reimbursement rates valid from a date until the next rate set (data, never constants)."""

    class BillingUnit(models.TextChoices):
        STARTED_HOUR = "hour", _("per started hour")
        STARTED_HALF_HOUR = "half_hour", _("per started half hour")
        EXACT = "exact", _("exact to the minute")

    class ReceiptRule(models.TextChoices):
        REFUSE = "refuse", _("refuse the claim")
        FLAG = "flag", _("accept and flag it for the review")

    valid_from = models.DateField(_("valid from"), unique=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Inclusive. Empty: until a newer rate set begins."),
    )
    hourly_rate = models.DecimalField(_("hourly rate (€)"), **MONEY)
    billing_unit = models.CharField(_("billing unit"), max_length=10, choices=BillingUnit.choices)
    km_rate = models.DecimalField(_("rate per km (€)"), max_digits=5, decimal_places=2)
    km_cap_per_trip = models.DecimalField(
        _("travel costs cap per trip (€)"), null=True, blank=True, **MONEY
    )
    reimbursement_share = models.DecimalField(
        _("reimbursement share"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("1.00 reimburses in full, 0.50 half (partial reimbursement)."),
    )
    yearly_cap = models.DecimalField(
        _("yearly cap per volunteer (€)"), null=True, blank=True, **MONEY
    )
    tax_free_allowance = models.DecimalField(
        _("tax-free allowance per year (€)"),
        help_text=_("Ehrenamtspauschale § 3 Nr. 26a EStG: 840 € until 2025, 960 € from 2026."),
        **MONEY,
    )
    allowance_warning_share = models.DecimalField(
        _("warn at this share of the allowance"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("0.80: the office and the volunteer are warned once 80 % are used."),
    )
    max_minutes_per_claim = models.PositiveIntegerField(
        _("flag claims longer than (minutes)"), null=True, blank=True
    )
    max_km_per_claim = models.DecimalField(
        _("flag claims with more than (km)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
    )
    max_other_costs_per_claim = models.DecimalField(
        _("flag other costs above (€)"), null=True, blank=True, **MONEY
    )
    receipt_required_above = models.DecimalField(
        _("receipt required for other costs above (€)"),
        null=True,
        blank=True,
        help_text=_("0,00: every cost needs a receipt; empty: receipts are never required."),
        **MONEY,
    )
    missing_receipt = models.CharField(
        _("a claim without the required receipt"),
        max_length=10,
        choices=ReceiptRule.choices,
        default=ReceiptRule.REFUSE,
    )

    history = HistoricalRecords()
    objects = RateSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("rate set")
        verbose_name_plural = _("rate sets")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hourly_rate__gte=0, km_rate__gte=0, tax_free_allowance__gte=0),
                name="rateset_amounts_not_negative",
                violation_error_message=_("Rates cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(reimbursement_share__gt=0, reimbursement_share__lte=1),
                name="rateset_share_between_0_and_1",
                violation_error_message=_("The share lies between 0.01 and 1.00."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="rateset_ends_after_start",
                violation_error_message=_("The end of the period must not be before its start."),
            ),
        ]

    def __str__(self):
        return _("Rates from %(date)s") % {
            "date": date_format(self.valid_from, "SHORT_DATE_FORMAT")
        }

    def get_absolute_url(self):
        return reverse("volunteers:rateset_detail", args=[self.pk])

    def covers(self, day) -> bool:
        """The one rule for which rates apply on a day: the day lies in the set's period."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


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


class TrainingCourseQuerySet(models.QuerySet):
    def with_totals(self):
        """Teaching hours as entered, participants and certificates (registered plus counted).

        Each figure is a subquery of its own: next to a join of participants and sessions a sum
        counted each session once per participant (45 teaching hours × 18 participants = 810).
        """
        course = OuterRef("pk")

        def total(queryset, aggregate, zero=None, output_field=None):
            per_course = (
                queryset.filter(course=course).order_by().values("course").annotate(total=aggregate)
            )
            return Coalesce(
                Subquery(per_course.values("total")),
                zero or Value(0),
                output_field=output_field,
            )

        certified = CourseParticipant.objects.filter(certificate_issued_on__isnull=False)
        return self.annotate(
            teaching_hours=total(
                TrainingSession.objects,
                Sum("teaching_hours"),
                Value(Decimal("0")),
                models.DecimalField(max_digits=8, decimal_places=1),
            ),
            registered_count=total(CourseParticipant.objects, Count("pk")),
            counted_count=total(ParticipantGroup.objects, Sum("count")),
            registered_certificates=total(certified, Count("pk")),
            counted_certificates=total(ParticipantGroup.objects, Sum("certificates")),
        ).annotate(
            participant_count=F("registered_count") + F("counted_count"),
            certificate_count=F("registered_certificates") + F("counted_certificates"),
        )


class TrainingCourse(TimeStampedModel):
    """A training the office runs or organises: a qualification course for the volunteers of a
    programme (e.g. Asylbegleiter-Schulung, 45 teaching hours) or a training for staff, teachers,
    social workers or the volunteers of partner organisations (no programme)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    class Audience(models.TextChoices):
        VOLUNTEERS = "volunteers", _("volunteers of a programme")
        ADMINISTRATION = "administration", _("administration staff")
        TEACHERS = "teachers", _("teachers")
        SOCIAL_WORKERS = "social_workers", _("social workers")
        PARTNER_VOLUNTEERS = "partner_volunteers", _("volunteers of partner organisations")
        OTHER = "other", _("other")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        help_text=_("Empty for a training that is not part of a volunteer programme."),
    )
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.VOLUNTEERS,
        help_text=_("Who the training is for."),
    )
    title = models.CharField(_("title"), max_length=200)
    trainers = models.CharField(_("trainers"), max_length=250, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    organisers = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisers and partners"),
        blank=True,
        related_name="training_courses",
    )
    description = models.TextField(
        _("contents"), blank=True, help_text=_("Printed on the certificate.")
    )
    issues_certificates = models.BooleanField(_("issues certificates"), default=True)
    min_attendance = models.DecimalField(
        _("minimum attendance for the certificate"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("Share of the teaching hours, e.g. 0.80 for 80 %."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[organisers])
    objects = TrainingCourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(programme__isnull=False, audience="volunteers")
                | (models.Q(programme__isnull=True) & ~models.Q(audience="volunteers")),
                name="trainingcourse_programme_means_volunteers",
                violation_error_message=_(
                    "A course of a programme is for its volunteers; a course without a "
                    "programme names another audience."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("volunteers:course_detail", args=[self.pk])

    def clean(self):
        super().clean()
        volunteers = self.audience == self.Audience.VOLUNTEERS
        if self.programme_id and not volunteers:
            raise ValidationError(
                {
                    "audience": _(
                        "A course of a programme is for the programme's volunteers. Leave the "
                        "programme empty for a training of another audience."
                    )
                }
            )
        if not self.programme_id and volunteers:
            raise ValidationError(
                {
                    "audience": _(
                        "A course without a programme needs another audience, e.g. teachers "
                        "or administration staff."
                    )
                }
            )

    @property
    def has_registered_participants(self) -> bool:
        """Volunteers of the office are enrolled by name; other audiences are counted."""
        return self.programme_id is not None

    @property
    def is_open(self) -> bool:
        """Sessions, participants and attendance can change until the course is completed (a
        cancelled course stays open)."""
        return self.status != self.Status.COMPLETED


class TrainingSession(TimeStampedModel):
    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    teaching_hours = models.DecimalField(
        _("teaching hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Teaching hours of 45 minutes (Unterrichtseinheiten)."),
    )
    attendees = models.ManyToManyField(
        "CourseParticipant", verbose_name=_("present"), blank=True, related_name="sessions"
    )

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{date_format(self.date, 'SHORT_DATE_FORMAT')} · {self.topic}"


class CourseParticipant(TimeStampedModel):
    course = models.ForeignKey(
        TrainingCourse,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="course_places",
    )
    certificate_issued_on = models.DateField(_("certificate issued on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["volunteer__last_name", "volunteer__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "volunteer"], name="courseparticipant_once_per_course"
            )
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.course}"


class ParticipantGroup(TimeStampedModel):
    """Participants counted by target group (people who are not registered in kmut)."""

    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("course"), on_delete=models.CASCADE, related_name="groups"
    )
    target_group = models.CharField(
        _("target group"),
        max_length=20,
        choices=[choice for choice in TrainingCourse.Audience.choices if choice[0] != "volunteers"],
    )
    label = models.CharField(
        _("description"),
        max_length=150,
        blank=True,
        help_text=_("e.g. Schulsozialarbeit, Flüchtlingssozialarbeit der Wohlfahrtsverbände"),
    )
    count = models.PositiveIntegerField(_("participants"), validators=[MinValueValidator(1)])
    certificates = models.PositiveIntegerField(_("certificates"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant group")
        verbose_name_plural = _("participant groups")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gte=1, certificates__lte=models.F("count")),
                name="participantgroup_certificates_within_count",
                violation_error_message=_(
                    "A group has at least one participant and no more certificates than "
                    "participants."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(target_group="volunteers"),
                name="participantgroup_not_registered_volunteers",
                violation_error_message=_(
                    "The office's volunteers are enrolled by name, not counted."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_target_group_display()}: {self.count}"

    def clean(self):
        super().clean()
        if None not in (self.count, self.certificates) and self.certificates > self.count:
            raise ValidationError(
                {"certificates": _("There cannot be more certificates than participants.")}
            )


class ExpenseClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.has_perm("volunteers.view_expenseclaim"):
            return self
        return self.filter(volunteer__user=user)

    def in_year(self, year: int):
        return self.filter(service_date__year=year)

    def reimbursed(self):
        """Claims whose amount counts as reimbursed: approved (to be paid) or paid."""
        return self.filter(status__in=ExpenseClaim.REIMBURSED)

    def payable(self):
        """Approved claims not yet in a payment run (draft or exported)."""
        return self.filter(status=ExpenseClaim.Status.APPROVED, payment_run__isnull=True)

    def in_list_order(self, status: str):
        """Claims still to be handled form a queue (oldest first); decided ones the latest first."""
        Status = ExpenseClaim.Status
        if status in (Status.DRAFT, Status.SUBMITTED, Status.QUERIED):
            return self.order_by("service_date", "pk")
        return self.order_by("-service_date", "-pk")


class ExpenseClaim(VersionedModel, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        QUERIED = "queried", _("query to the volunteer")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        PAID = "paid", _("paid")

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("on site")
        PHONE = "phone", _("by phone")
        VIDEO = "video", _("by video")

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="claims"
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    service_date = models.DateField(_("date of service"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        help_text=_("Instead of start and end time."),
    )
    language = models.ForeignKey(
        Language,
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ON_SITE)
    travel_km = models.DecimalField(
        _("travel (km)"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    trips = models.PositiveSmallIntegerField(
        _("trips"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many journeys the kilometres cover (the travel cap applies per trip)."),
    )
    other_costs = models.DecimalField(
        _("other costs (€)"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        **MONEY,
    )
    other_costs_description = models.CharField(
        _("what the other costs were for"), max_length=250, blank=True
    )
    iban = models.CharField(_("IBAN"), max_length=34)
    account_holder = models.CharField(_("account holder"), max_length=120)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    query_message = models.TextField(_("query to the volunteer"), blank=True)
    reply_message = models.TextField(_("reply of the volunteer"), blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    factual_signoff_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("factually correct (sachlich richtig)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    factual_signoff_at = models.DateTimeField(_("factually signed off at"), null=True, blank=True)
    arithmetic_signoff_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("arithmetically correct (rechnerisch richtig)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    arithmetic_signoff_at = models.DateTimeField(
        _("arithmetically signed off at"), null=True, blank=True
    )
    rate_set = models.ForeignKey(
        RateSet,
        verbose_name=_("rates applied"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    amount = models.DecimalField(_("amount (€)"), null=True, blank=True, **MONEY)
    # Frozen at submission (volunteers.reimbursement.Calculation.as_data): the lines, total and
    # warnings that the sign-offs confirm and the payment run pays. Changed only by an explicit
    # recalculation before approval.
    calculation = models.JSONField(_("calculation"), default=dict, blank=True, editable=False)
    calculated_at = models.DateTimeField(_("calculated at"), null=True, blank=True)
    # Plausibility flags for the review: [{"code": ..., "message": ...}].
    flags = models.JSONField(_("flags"), default=list, blank=True, editable=False)
    # One per form: a second POST of the same new-claim form finds the claim it created.
    submission_token = models.UUIDField(
        _("form key"), null=True, blank=True, unique=True, editable=False
    )
    payment_run = models.ForeignKey(
        "PaymentRun",
        verbose_name=_("payment run"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["iban"])
    objects = ExpenseClaimQuerySet.as_manager()

    # The one list of states whose amount counts as reimbursed (reports, allowance, caps).
    REIMBURSED = (Status.APPROVED, Status.PAID)
    # The two sign-offs of the review (four-eyes principle), each in its own fields.
    SIGN_OFF_KINDS = ("factual", "arithmetic")

    class Meta:
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        ordering = ["-service_date", "-pk"]
        indexes = [
            # The review queues and the paid list: one status, by service date.
            models.Index(fields=["status", "service_date", "id"], name="claim_status_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__isnull=False)
                | models.Q(start_time__isnull=False, end_time__isnull=False),
                name="expenseclaim_has_duration",
                violation_error_message=_("Enter the start and end time or the duration."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="expenseclaim_ends_after_start",
                violation_error_message=_("The end time must be after the start time."),
            ),
            models.CheckConstraint(
                condition=models.Q(travel_km__gte=0, other_costs__gte=0),
                name="expenseclaim_amounts_not_negative",
                violation_error_message=_("Kilometres and costs cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~models.Q(factual_signoff_by=models.F("arithmetic_signoff_by")),
                name="expenseclaim_two_different_signatories",
                violation_error_message=_(
                    "The factual and the arithmetical sign-off need two different people."
                ),
            ),
        ]

    def __str__(self):
        return _("Claim of %(name)s for %(date)s") % {
            "name": self.volunteer.full_name,
            "date": date_format(self.service_date, "SHORT_DATE_FORMAT"),
        }

    def get_absolute_url(self):
        return reverse("volunteers:claim_detail", args=[self.pk])

    @property
    def minutes(self) -> int:
        if self.duration_minutes:
            return self.duration_minutes
        if self.start_time and self.end_time:
            start = self.start_time.hour * 60 + self.start_time.minute
            end = self.end_time.hour * 60 + self.end_time.minute
            return max(end - start, 0)
        return 0

    @property
    def is_editable_by_volunteer(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.QUERIED)

    @property
    def can_be_signed_off(self) -> bool:
        """Waiting for the review: sign-offs and questions to the volunteer."""
        return self.status == self.Status.SUBMITTED

    @property
    def open_signoffs(self) -> list[str]:
        """The sign-offs (of SIGN_OFF_KINDS) not given yet."""
        return [kind for kind in self.SIGN_OFF_KINDS if not getattr(self, f"{kind}_signoff_by_id")]

    @property
    def can_be_rejected(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.QUERIED)

    @property
    def can_be_recalculated(self) -> bool:
        """Before approval only; a recalculation clears the sign-offs given so far."""
        return self.status == self.Status.SUBMITTED


def receipt_path(receipt, filename):
    # Stored under a private prefix: receipts are served only through a permission-checked view.
    return f"private/receipts/{timezone.now():%Y/%m}/{receipt.claim_id}-{filename}"


class Receipt(TimeStampedModel):
    claim = models.ForeignKey(
        ExpenseClaim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="receipts"
    )
    file = models.FileField(_("file"), upload_to=receipt_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class PaymentRun(TimeStampedModel):
    """Approved claims collected for one payment order: draft → exported → booked.

    The SEPA file is made once, at export, and stored with its checksum: every download returns
    the same bytes and the same message id, so a bank recognises a second upload. Claims become
    paid only when a person books the run against the bank statement. A run that was not booked
    can be cancelled; its claims return to "approved".
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        EXPORTED = "exported", _("exported")
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")

    number = models.CharField(_("number"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    execution_date = models.DateField(_("execution date"))
    total = models.DecimalField(_("total (€)"), **MONEY)
    claim_count = models.PositiveIntegerField(_("number of claims"), default=0)
    message_id = models.CharField(
        _("message id (MsgId)"), max_length=35, unique=True, null=True, blank=True
    )
    sepa_file = models.BinaryField(_("SEPA file"), null=True, blank=True, editable=False)
    sepa_sha256 = models.CharField(_("SHA-256 of the SEPA file"), max_length=64, blank=True)
    # What the file pays, frozen at export: [{"claim": id, "payee": ..., "iban": ..., ...}].
    items = models.JSONField(_("payments"), default=list, blank=True, editable=False)
    exported_at = models.DateTimeField(_("exported at"), null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    booked_on = models.DateField(_("booked on"), null=True, blank=True)
    booked_at = models.DateTimeField(_("booking confirmed at"), null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["sepa_file"])

    class Meta:
        verbose_name = _("payment run")
        verbose_name_plural = _("payment runs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="paymentrun_latest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "cancelled"])
                | models.Q(message_id__isnull=False, exported_at__isnull=False),
                name="paymentrun_exported_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="booked") | models.Q(booked_on__isnull=False),
                name="paymentrun_booked_has_date",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("volunteers:paymentrun_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Draft or exported: its claims are reserved and it can still be cancelled."""
        return self.status in (self.Status.DRAFT, self.Status.EXPORTED)
