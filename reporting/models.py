"""Action plan (Handlungskonzept), funding statement (Finanzierungsübersicht) and the annual
committee report with what the committee may download.

Figures that change by year and district (funding rates and caps) are data (FundingRule), never
constants. The own contribution is derived in `reporting.queries`, never stored.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from kmut.audit import HistoricalRecords
from kmut.models import FieldOfAction, TimeStampedModel
from roundtable.models import Decision, Event, Meeting

MONEY = {"max_digits": 12, "decimal_places": 2}
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


# --- action plan ---------------------------------------------------------------------------


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


# --- funding statement ---------------------------------------------------------------------


class CostCentre(TimeStampedModel):
    """A cost centre (Kostenstelle / Bereich), e.g. Koordinierungsstelle, Übergangsmanagement."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost centre")
        verbose_name_plural = _("cost centres")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reporting:costcentre_list")


class FundingRuleQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(valid_from__lte=day).order_by("-valid_from").first()


class FundingRule(TimeStampedModel):
    """The state guideline's rate and caps, valid from a date until the next rule."""

    valid_from = models.DateField(_("valid from"), unique=True)
    rate = models.DecimalField(
        _("funding rate"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Share of the eligible personnel costs, e.g. 0,5 for 50 %."),
    )
    cost_cap_per_fte = models.DecimalField(_("eligible costs cap per full-time post (€)"), **MONEY)
    grant_cap_per_fte = models.DecimalField(_("grant cap per full-time post (€)"), **MONEY)
    source = models.CharField(
        _("source"), max_length=250, blank=True, help_text=_("e.g. the guideline and its date")
    )

    history = HistoricalRecords()
    objects = FundingRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding rule")
        verbose_name_plural = _("funding rules")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lte=1),
                name="reporting_fundingrule_rate_is_a_share",
                violation_error_message=_("The rate lies between 0 and 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(cost_cap_per_fte__gte=0, grant_cap_per_fte__gte=0),
                name="reporting_fundingrule_caps_not_negative",
                violation_error_message=_("Caps cannot be negative."),
            ),
        ]

    def __str__(self):
        return _("Funding rule from %(date)s") % {
            "date": date_format(self.valid_from, "SHORT_DATE_FORMAT")
        }

    def get_absolute_url(self):
        return reverse("reporting:fundingrule_list")


class FundingStatement(TimeStampedModel):
    """Costs and grants of one cost centre in one year, planned and actual."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    cost_centre = models.ForeignKey(
        CostCentre,
        verbose_name=_("cost centre"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    material_planned = models.DecimalField(
        _("material costs, planned (€)"), null=True, blank=True, **MONEY
    )
    material_actual = models.DecimalField(
        _("material costs, actual (€)"), null=True, blank=True, **MONEY
    )
    funding_decision = models.CharField(
        _("funding decision"),
        max_length=250,
        blank=True,
        help_text=_("Reference and date of the funding decision (Zuwendungsbescheid)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding statement")
        verbose_name_plural = _("funding statements")
        ordering = ["-year", "cost_centre__position", "cost_centre__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "cost_centre"],
                name="reporting_fundingstatement_once_per_year",
                violation_error_message=_(
                    "There already is a funding statement for this cost centre and year."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(material_planned__isnull=True) | models.Q(material_planned__gte=0)
                )
                & (models.Q(material_actual__isnull=True) | models.Q(material_actual__gte=0)),
                name="reporting_fundingstatement_material_not_negative",
                violation_error_message=_("Costs cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.cost_centre} {self.year}"

    def get_absolute_url(self):
        return reverse("reporting:statement_detail", args=[self.pk])


class Post(TimeStampedModel):
    """Personnel costs of one post (or of all posts together, when FTE is left empty)."""

    statement = models.ForeignKey(
        FundingStatement,
        verbose_name=_("funding statement"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    label = models.CharField(_("post"), max_length=120)
    fte = models.DecimalField(
        _("full-time equivalent"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("e.g. 0,75 for a three-quarter post"),
    )
    planned_costs = models.DecimalField(
        _("personnel costs, planned (€)"), null=True, blank=True, **MONEY
    )
    actual_costs = models.DecimalField(
        _("personnel costs, actual (€)"), null=True, blank=True, **MONEY
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(planned_costs__isnull=True) | models.Q(planned_costs__gte=0))
                & (models.Q(actual_costs__isnull=True) | models.Q(actual_costs__gte=0)),
                name="reporting_post_costs_not_negative",
                violation_error_message=_("Costs cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.label


class Grant(TimeStampedModel):
    """A grant towards a statement's costs; the state grant may be computed from the rules."""

    class Source(models.TextChoices):
        STATE = "state", _("state grant (Landeszuschuss)")
        FLAT_RATE = "flat_rate", _("reimbursement flat rate (Erstattungspauschale)")
        FEDERAL = "federal", _("federal programme (Bundesförderung)")
        EU = "eu", _("EU funding")
        OTHER = "other", _("other grant")

    class Calculation(models.TextChoices):
        ENTERED = "entered", _("as in the funding decision")
        COMPUTED = "computed", _("computed from the funding rules")

    statement = models.ForeignKey(
        FundingStatement,
        verbose_name=_("funding statement"),
        on_delete=models.CASCADE,
        related_name="grants",
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    label = models.CharField(_("description"), max_length=200, blank=True)
    calculation = models.CharField(
        _("calculation"), max_length=10, choices=Calculation.choices, default=Calculation.ENTERED
    )
    approved_amount = models.DecimalField(
        _("approved amount (€)"),
        null=True,
        blank=True,
        help_text=_("Caps a computed grant."),
        **MONEY,
    )
    planned_amount = models.DecimalField(_("planned (€)"), null=True, blank=True, **MONEY)
    actual_amount = models.DecimalField(_("actual (€)"), null=True, blank=True, **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(planned_amount__isnull=True) | models.Q(planned_amount__gte=0))
                & (models.Q(actual_amount__isnull=True) | models.Q(actual_amount__gte=0))
                & (models.Q(approved_amount__isnull=True) | models.Q(approved_amount__gte=0)),
                name="reporting_grant_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~models.Q(calculation="computed") | models.Q(source="state"),
                name="reporting_grant_only_state_grant_computed",
                violation_error_message=_("Only the state grant can be computed from the rules."),
            ),
        ]

    def __str__(self):
        return self.label or self.get_source_display()

    @property
    def is_computed(self) -> bool:
        return self.calculation == self.Calculation.COMPUTED


# --- annual committee report ------------------------------------------------------------


class AnnualReport(TimeStampedModel):
    """One version of a year's report to the committee (a Mitteilungsvorlage).

    Released versions hold their figures as a snapshot and their PDF with a SHA-256 checksum; a
    correction is a new version, and the old one stays downloadable as superseded.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEWED = "reviewed", _("reviewed")
        RELEASED = "released", _("released")
        SUPERSEDED = "superseded", _("superseded by a correction")

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    paper_number = models.CharField(
        _("paper number"), max_length=40, blank=True, help_text=_("e.g. 2026-31/0815")
    )
    paper_type = models.CharField(_("paper type"), max_length=60, default="Mitteilungsvorlage")
    is_public = models.BooleanField(_("public"), default=True)
    paper_date = models.DateField(_("paper date"), null=True, blank=True)
    originating_office = models.CharField(
        _("originating office"),
        max_length=150,
        blank=True,
        help_text=_("e.g. Fachdienst Soziales – Koordinierungsstelle Migration und Teilhabe"),
    )
    signatory = models.CharField(
        _("signatory"), max_length=120, blank=True, help_text=_("e.g. Dr. Anna Berger")
    )
    signatory_role = models.CharField(
        _("signing as"), max_length=120, blank=True, help_text=_("e.g. Landrätin, In Vertretung")
    )
    attachments = models.TextField(
        _("further attachments"),
        blank=True,
        help_text=_("One per line. Annex chapters of the report are listed automatically."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True, editable=False)
    figures = models.JSONField(_("figures (snapshot)"), null=True, blank=True, editable=False)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True, editable=False)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="correction",
    )

    history = HistoricalRecords(excluded_fields=["pdf", "figures"])

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "-version"]
        permissions = [("release_annualreport", _("Can release annual reports"))]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="annualreport_one_version"),
            models.CheckConstraint(
                condition=~models.Q(status="released") | models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="annualreport_released_has_checksum",
            ),
        ]

    def __str__(self):
        return _("%(title)s (version %(version)s)") % {
            "title": self.title,
            "version": self.version,
        }

    def get_absolute_url(self):
        return reverse("reporting:annualreport_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status in (self.Status.RELEASED, self.Status.SUPERSEDED)

    @property
    def can_be_reviewed(self) -> bool:
        """Only a draft is marked as reviewed."""
        return self.status == self.Status.DRAFT

    @property
    def can_be_corrected(self) -> bool:
        """Only the released version is corrected (a superseded one already has its correction).

        Whether someone may release a report is `reporting.releases.check_release`.
        """
        return self.status == self.Status.RELEASED


class ReleaseJob(TimeStampedModel):
    """A release of an annual report, carried out by the background worker (its progress).

    The release view checks and records the request; the worker collects and freezes the
    figures, renders the PDF/A and stores it (`reporting.releases.run_release_job`). At most
    one job per report runs at a time; a finished or failed job stays as the record.
    """

    class Step(models.TextChoices):
        QUEUED = "queued", _("waiting for the background worker")
        COLLECTING = "collecting", _("collecting and freezing the figures")
        RENDERING = "rendering", _("rendering the PDF/A")
        STORING = "storing", _("storing the PDF and informing the committee")
        DONE = "done", _("released")
        FAILED = "failed", _("failed")

    RUNNING = (Step.QUEUED, Step.COLLECTING, Step.RENDERING, Step.STORING)

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("annual report"),
        on_delete=models.CASCADE,
        related_name="release_jobs",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed = models.JSONField(_("confirmed gaps"), default=list)
    base_url = models.CharField(_("base address"), max_length=200, blank=True)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.QUEUED)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("release job")
        verbose_name_plural = _("release jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(step__in=["queued", "collecting", "rendering", "storing"]),
                name="releasejob_one_running_per_report",
            )
        ]

    def __str__(self):
        return f"{self.report} – {self.get_step_display()}"

    @property
    def is_running(self) -> bool:
        return self.step in self.RUNNING

    @property
    def position(self) -> int:
        """The step's number, 0 (waiting) to 4 (released), for the progress bar."""
        order = [*self.RUNNING, self.Step.DONE]
        return order.index(self.step) if self.step in order else 0

    @property
    def steps_total(self) -> int:
        return len(self.RUNNING)

    @property
    def is_stale(self) -> bool:
        """Running longer than a job may run: its worker has died, the job counts as failed."""
        limit = timedelta(seconds=settings.Q_CLUSTER["timeout"] + 60)
        return self.is_running and self.updated_at < timezone.now() - limit

    @property
    def is_under_way(self) -> bool:
        """Running with its worker alive: no other release of the report may start meanwhile."""
        return self.is_running and not self.is_stale

    @property
    def is_waiting_long(self) -> bool:
        """Still not picked up after two minutes: the background worker is probably not running."""
        return self.step == self.Step.QUEUED and self.created_at < timezone.now() - timedelta(
            minutes=2
        )


class CommitteeStep(TimeStampedModel):
    """One step of the paper's sequence of committees (Beratungsfolge): body, date, purpose."""

    class Purpose(models.TextChoices):
        NOTE = "note", _("for information")
        DISCUSSION = "discussion", _("for discussion")
        DECISION = "decision", _("for decision")

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("annual report"),
        on_delete=models.CASCADE,
        related_name="committee_steps",
    )
    committee = models.CharField(_("committee"), max_length=150)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.NOTE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee step")
        verbose_name_plural = _("sequence of committees")
        ordering = ["report", "position", "meeting_date", "pk"]

    def __str__(self):
        if self.meeting_date:
            return f"{date_format(self.meeting_date, 'SHORT_DATE_FORMAT')} {self.committee}"
        return self.committee


class ReportChapter(TimeStampedModel):
    """A chapter of one report version: its place in the outline, an optional data block filled
    from the app, and the office's own text (a small Markdown subset, see kmut.richtext)."""

    class Block(models.TextChoices):
        TEXT = "text", _("text only")
        REGISTRY = "registry", _("organisations in the district")
        NETWORK = "network", _("network and bodies, with the meetings list")
        ACTION_PLAN = "action_plan", _("progress of the action plan")
        VOLUNTEERING = "volunteering", _("volunteering and trainings")
        PROJECTS = "projects", _("projects and events in date order")
        COUNSELLING = "counselling", _("counselling statistics")
        PUBLIC_RELATIONS = "public_relations", _("public relations (events and campaigns)")
        FUNDING = "funding", _("funding: actual of the year and plan of the next")
        LANGUAGE_COURSES = "language_courses", _("overview of language courses (annex)")
        ATLAS = "atlas", _("list of organisations from the atlas (annex)")

    class Level(models.IntegerChoices):
        CHAPTER = 1, _("chapter")
        SECTION = 2, _("section")

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("annual report"),
        on_delete=models.CASCADE,
        related_name="chapters",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=1)
    title = models.CharField(_("heading"), max_length=200)
    block = models.CharField(
        _("figures from the app"), max_length=20, choices=Block.choices, default=Block.TEXT
    )
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Paragraphs are separated by an empty line. *italic*, **bold**; "
            "lines starting with “- ” or “1. ” form a list."
        ),
    )
    is_annex = models.BooleanField(_("annex"), default=False)
    included = models.BooleanField(_("included"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["report", "position", "pk"]

    def __str__(self):
        return self.title


class DocumentDownload(models.Model):
    """Who downloaded which released document, and when (append-only log)."""

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("annual report"),
        on_delete=models.PROTECT,
        related_name="downloads",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("downloaded at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.report} · {self.user}"
