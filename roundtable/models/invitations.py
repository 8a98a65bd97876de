"""Invitations with their replies, the mailing of the minutes, personal calendar tokens."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kmut.audit import HistoricalRecords
from kmut.models import TimeStampedModel
from roundtable.models import new_token
from roundtable.models.bodies import Membership
from roundtable.models.meetings import Meeting


class Invitation(TimeStampedModel):
    """One member's invitation to one meeting, with a personal RSVP link (no account)."""

    class Reply(models.TextChoices):
        PENDING = "pending", _("no reply yet")
        ATTENDING = "attending", _("attending")
        DEPUTY = "deputy", _("the deputy attends")
        DECLINED = "declined", _("cannot attend")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="invitations"
    )
    is_deputy = models.BooleanField(
        _("to the deputy"),
        default=False,
        help_text=_("The member's deputy is invited with an invitation of their own."),
    )
    email = models.EmailField(_("sent to"))
    token = models.CharField(max_length=64, unique=True, editable=False, default=new_token)
    reply = models.CharField(
        _("reply"), max_length=10, choices=Reply.choices, default=Reply.PENDING
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=250, blank=True)

    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["membership__organisation__name", "membership__person_name", "is_deputy"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership", "is_deputy"],
                name="invitation_once_per_member_and_deputy",
            )
        ]

    def __str__(self):
        return f"{self.invitee_name} → {self.meeting}"

    @property
    def person(self):
        """The contact person invited (delegate or deputy), None for an individual member."""
        return self.membership.deputy if self.is_deputy else self.membership.delegate

    @property
    def is_optional(self) -> bool:
        """Deputies and permanent guests are optional participants (iCalendar ROLE)."""
        return self.is_deputy or self.membership.role == Membership.Role.GUEST

    @property
    def invitee_name(self) -> str:
        if self.is_deputy and self.membership.deputy:
            return self.membership.deputy.full_name
        return self.membership.invitee_name

    @property
    def is_open_for_reply(self) -> bool:
        return self.meeting.state in (Meeting.State.PLANNED, Meeting.State.INVITED) and (
            timezone.now() < self.meeting.starts_at
        )


class MinutesMailing(TimeStampedModel):
    """Approved minutes sent to the body's members: who sent them, when and to whom.

    One per meeting (unique): a second submit of the button cannot send the minutes twice.
    """

    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="minutes_mailing",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # [{"name": ..., "email": ..., "variant": "complete" | "public"}, ...]
    recipients = models.JSONField(_("recipients"), default=list)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes sent by e-mail")
        verbose_name_plural = _("minutes sent by e-mail")

    def __str__(self):
        return str(self.meeting)


class CalendarToken(models.Model):
    """A user's secret address for their personal meeting calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self):
        return str(self.user)
