"""Meetings, their agenda items and who attended."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from kmut.audit import HistoricalRecords
from kmut.models import TimeStampedModel
from kmut.versioning import VersionField
from roundtable.models.bodies import Body, Membership


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).exclude(state=Meeting.State.CANCELLED)

    def held_in(self, year: int):
        return self.filter(
            starts_at__year=year,
            state__in=[Meeting.State.HELD, Meeting.State.APPROVED],
        )


class Meeting(TimeStampedModel):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        INVITED = "invited", _("invited")
        HELD = "held", _("held")
        APPROVED = "approved", _("minutes approved")
        CANCELLED = "cancelled", _("cancelled")

    class Role(models.TextChoices):
        """The office's part in a meeting (for the report's list of meetings)."""

        PARTICIPANT = "participant", _("taking part")
        SPEAKER = "speaker", _("speaker")
        HOST = "host", _("host")
        CO_LEAD = "co_lead", _("co-lead")

    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(_("title / topic"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Only for meetings over several days.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    is_hosted = models.BooleanField(_("hosted by the office"), default=True)
    role = models.CharField(
        _("the office's role"), max_length=12, choices=Role.choices, default=Role.PARTICIPANT
    )
    organiser = models.CharField(
        _("organiser"), max_length=200, blank=True, help_text=_("For meetings held elsewhere.")
    )
    note = models.TextField(_("short note"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minute-taker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The minutes' own save counter (kmut.versioning): other changes of the meeting
    # (invitations, attendance) must not make an open minutes form stale.
    minutes_version = VersionField(verbose_name=_("minutes version"))
    # RFC 5545 SEQUENCE of the meeting's calendar entry: raised whenever the date, time or
    # place changes and when the meeting is cancelled, so calendars replace the old entry.
    calendar_sequence = models.PositiveIntegerField(
        _("calendar revision"), default=0, editable=False
    )
    approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    approved_in = models.ForeignKey(
        "self",
        verbose_name=_("minutes approved in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
    )

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["body", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting cannot end before it starts."),
            ),
        ]

    def __str__(self):
        date = date_format(timezone.localtime(self.starts_at), "SHORT_DATE_FORMAT")
        return f"{self.body or self.title} · {date}"

    def get_absolute_url(self):
        return reverse("roundtable:meeting_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_at and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The last day must not be before the first day.")},
                code="ends_before_start",
            )

    @property
    def starts_on(self):
        """The (local) day the meeting starts."""
        return timezone.localtime(self.starts_at).date()

    @property
    def office_role(self) -> str:
        """The office's role as shown in lists: a hosted meeting is always the office's own."""
        return self.Role.HOST.label if self.is_hosted else self.get_role_display()

    @property
    def minutes_frozen(self) -> bool:
        return self.state == self.State.APPROVED

    @property
    def end(self):
        return self.ends_at or self.starts_at + timedelta(hours=2)


class AgendaItem(TimeStampedModel):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular item")
        MINUTES_APPROVAL = "minutes_approval", _("approval of the previous minutes")
        OPEN_ACTIONS = "open_actions", _("open action items")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    title = models.CharField(_("title"), max_length=250)
    is_public = models.BooleanField(_("public"), default=True)
    presenter = models.CharField(_("presented by"), max_length=120, blank=True)
    planned_minutes = models.PositiveSmallIntegerField(
        _("planned duration (minutes)"), null=True, blank=True
    )
    document_url = models.URLField(_("linked document"), blank=True)
    minutes_text = models.TextField(_("minutes"), blank=True)
    approves = models.ForeignKey(
        Meeting,
        verbose_name=_("approves the minutes of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_items",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="agendaitem_unique_position",
                violation_error_message=_("This meeting already has an item with this number."),
            )
        ]

    def __str__(self):
        return f"TOP {self.position}: {self.title}"


class Attendance(TimeStampedModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
    )
    name = models.CharField(_("name"), max_length=120)
    is_guest = models.BooleanField(_("guest"), default=False)
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["is_guest", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=models.Q(membership__isnull=False),
                name="attendance_once_per_member",
            )
        ]

    def __str__(self):
        return f"{self.name}: {self.get_status_display()}"
