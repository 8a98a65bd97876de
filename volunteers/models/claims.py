"""Expense claims of the volunteers and their receipts."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kmut.audit import HistoricalRecords
from kmut.models import Language, TimeStampedModel
from kmut.versioning import VersionedModel
from volunteers.models.assignments import Assignment
from volunteers.models.base import MONEY
from volunteers.models.people import Volunteer
from volunteers.models.rates import RateSet

__all__ = ["ExpenseClaim", "ExpenseClaimQuerySet", "Receipt", "receipt_path"]


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
