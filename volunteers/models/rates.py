"""Reimbursement rates: rate sets valid for a period, and the one lookup of them."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kmut.audit import HistoricalRecords
from kmut.models import TimeStampedModel
from volunteers.models.base import MONEY

__all__ = ["RateSet", "RateSetQuerySet", "rate_set_for"]


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
