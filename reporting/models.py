"""Reporting: the annual committee report (and, with it, what the committee may download)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kmut.models import TimeStampedModel


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
    committee = models.CharField(
        _("committee"),
        max_length=150,
        blank=True,
        help_text=_("e.g. Ausschuss für Soziales, Familie und Integration"),
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    outlook = models.TextField(_("outlook"), blank=True)
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
