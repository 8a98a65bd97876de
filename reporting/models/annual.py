"""The annual committee report: its versions, release jobs, committees, chapters, downloads."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kmut.audit import HistoricalRecords
from kmut.models import TimeStampedModel

__all__ = ["AnnualReport", "CommitteeStep", "DocumentDownload", "ReleaseJob", "ReportChapter"]


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
