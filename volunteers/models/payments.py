"""Payment runs: approved claims collected for one payment order."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kmut.audit import HistoricalRecords
from kmut.models import TimeStampedModel
from volunteers.models.base import MONEY

__all__ = ["PaymentRun"]


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
