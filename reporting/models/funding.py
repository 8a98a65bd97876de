"""The funding statement (Finanzierungsübersicht): cost centres, funding rules, posts, grants.

Figures that change by year and district (funding rates and caps) are data (FundingRule), never
constants. The own contribution is derived in `reporting.queries`, never stored.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kmut.audit import HistoricalRecords
from kmut.models import TimeStampedModel
from reporting.models.base import MONEY, YEAR_VALIDATORS

__all__ = ["CostCentre", "FundingRule", "FundingRuleQuerySet", "FundingStatement", "Grant", "Post"]


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
