"""Update requests: organisations check their own entries through a personal link."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models.organisations import Organisation
from kmut.audit import HistoricalRecords
from kmut.models import TimeStampedModel


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
