"""Bodies (round table, KMN network, steering groups), their meetings, minutes and follow-up."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actors.models import ContactPerson, Organisation
from kmut.audit import HistoricalRecords
from kmut.models import FieldOfAction, Language, TimeStampedModel
from kmut.versioning import VersionField


def new_token() -> str:
    """An unguessable token for links that work without an account."""
    return secrets.token_urlsafe(32)


class Body(TimeStampedModel):
    """A body (Gremium) the office hosts or takes part in."""

    class Kind(models.TextChoices):
        ROUND_TABLE = "round_table", _("Round table")
        KMN = "kmn", _("KMN regional network")
        STEERING_GROUP = "steering_group", _("Steering group")
        COORDINATION_STAFF = "coordination_staff", _("Coordination staff")
        VOLUNTEER_ROUND_TABLE = "volunteer_round_table", _("Volunteers' round table")
        EXCHANGE = "exchange", _("Exchange meeting")
        OTHER = "other", _("Other")

    class Rhythm(models.IntegerChoices):
        NONE = 0, _("no fixed rhythm")
        MONTHLY = 1, _("monthly")
        BIMONTHLY = 2, _("every two months")
        QUARTERLY = 3, _("quarterly")
        THRICE_YEARLY = 4, _("three times a year")
        HALF_YEARLY = 6, _("half-yearly")
        YEARLY = 12, _("yearly")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=20, help_text=_("Used in decision numbers, e.g. RT.")
    )
    kind = models.CharField(_("kind"), max_length=25, choices=Kind.choices)
    rhythm_months = models.PositiveSmallIntegerField(
        _("intended rhythm"), choices=Rhythm.choices, default=Rhythm.QUARTERLY
    )
    is_hosted = models.BooleanField(
        _("hosted by the office"),
        default=True,
        help_text=_("The office invites, keeps the attendance and writes the minutes."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    calendar_token = models.CharField(max_length=64, unique=True, editable=False, default=new_token)

    history = HistoricalRecords(excluded_fields=["calendar_token"])

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roundtable:body_detail", args=[self.pk])


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=on),
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on),
        )


class Membership(TimeStampedModel):
    """An organisation (with delegate and deputy) or an individual belonging to a body."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        CHAIR = "chair", _("chair")
        ADVISORY = "advisory", _("advisory member")
        GUEST = "guest", _("permanent guest")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    delegate = models.ForeignKey(
        ContactPerson,
        verbose_name=_("delegate"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegations",
    )
    deputy = models.ForeignKey(
        ContactPerson,
        verbose_name=_("deputy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputyships",
    )
    person_name = models.CharField(
        _("individual member"),
        max_length=120,
        blank=True,
        help_text=_("For members who do not represent an organisation, e.g. the committee chair."),
    )
    email = models.EmailField(
        _("e-mail for invitations"),
        blank=True,
        help_text=_("Leave empty to use the delegate's address."),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(_("member since"), null=True, blank=True)
    ends_on = models.DateField(_("member until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "person_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | ~models.Q(person_name=""),
                name="membership_has_organisation_or_person",
                violation_error_message=_("Choose an organisation or enter an individual member."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self):
        if self.organisation_id and self.delegate_id:
            return f"{self.organisation} ({self.delegate.full_name})"
        return str(self.organisation or self.person_name)

    def clean(self):
        super().clean()
        for name in ("delegate", "deputy"):
            person = getattr(self, name)
            if person and person.organisation_id != self.organisation_id:
                raise ValidationError(
                    {name: _("The person must belong to the member organisation.")},
                    code="foreign_contact",
                )

    @property
    def invitation_email(self) -> str:
        return self.email or (self.delegate.email if self.delegate else "")

    @property
    def invitee_name(self) -> str:
        if self.delegate:
            return self.delegate.full_name
        return self.person_name or str(self.organisation)


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


class Decision(TimeStampedModel):
    """A numbered decision of a body (the body's decision register)."""

    class Status(models.TextChoices):
        OPEN = "open", _("to be implemented")
        IN_PROGRESS = "in_progress", _("in progress")
        IMPLEMENTED = "implemented", _("implemented")
        DROPPED = "dropped", _("dropped")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    text = models.TextField(_("decision"))
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["body", "number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="decision_unique_number")
        ]

    def __str__(self):
        return f"{self.reference}: {self.text[:60]}"

    @property
    def reference(self) -> str:
        return f"{self.body.short_name}-{self.number}"


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS])

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class ActionItem(TimeStampedModel):
    """A task from a meeting; it stays on the body's agenda until it is done."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="action_items"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="action_items"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    title = models.CharField(_("task"), max_length=250)
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    owner_name = models.CharField(_("responsible person"), max_length=120, blank=True)
    owner_email = models.EmailField(_("e-mail for reminders"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [
            # The list of open items, due first: a page read in index order, past the done ones.
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(status__in=["open", "in_progress"]),
                name="actionitem_open_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_organisation__isnull=False) | ~models.Q(owner_name=""),
                name="actionitem_has_owner",
                violation_error_message=_("Name a responsible organisation or person."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def owner(self) -> str:
        return ", ".join(str(part) for part in (self.owner_organisation, self.owner_name) if part)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


class MinutesAmendment(TimeStampedModel):
    """A recorded change to approved (frozen) minutes."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="amendments"
    )
    text = models.TextField(_("amendment"))
    reason = models.CharField(_("reason"), max_length=250)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amendment to the minutes")
        verbose_name_plural = _("amendments to the minutes")
        ordering = ["created_at"]

    def __str__(self):
        return self.reason


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


class EventQuerySet(models.QuerySet):
    def overlapping(self, first: date, last: date):
        """Events and projects running on at least one day from ``first`` to ``last``."""
        return self.filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=first), starts_on__lte=last
        )

    def in_year(self, year: int):
        return self.overlapping(date(year, 1, 1), date(year, 12, 31))


class Event(TimeStampedModel):
    """An event or project of the office and its partners: one day, several days or ongoing.

    ``ends_on`` is the last day (inclusive): the start day itself for a one-day event, and
    empty for a project that is still running (STYLE.md §6: an open end means ongoing).
    """

    class Kind(models.TextChoices):
        EVENT = "event", _("event")
        PROJECT = "project", _("project")
        TRAINING = "training", _("training for professionals")
        CAMPAIGN = "campaign", _("campaign")
        PUBLIC_RELATIONS = "public_relations", _("public relations")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EVENT)
    starts_on = models.DateField(_("date or first day"))
    ends_on = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("The same as the first day for a one-day event; empty while it is ongoing."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("partner organisations"), blank=True, related_name="events"
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("fields of action"), blank=True, related_name="events"
    )
    target_groups = models.CharField(
        _("target groups"),
        max_length=250,
        blank=True,
        help_text=_("For example: women with a refugee background, teachers, volunteers."),
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), blank=True, related_name="events"
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    costs = models.DecimalField(
        _("costs (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    description = models.TextField(
        _("public description"),
        blank=True,
        help_text=_("May appear in the annual report and other publications."),
    )

    history = HistoricalRecords(m2m_fields=[organisations, fields_of_action, languages])
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event or project")
        verbose_name_plural = _("events and projects")
        ordering = ["-starts_on", "title"]
        indexes = [models.Index(fields=["starts_on"], name="roundtable_event_starts_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="roundtable_event_ends_after_start",
                violation_error_message=_("The last day must not be before the first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(costs__isnull=True) | models.Q(costs__gte=0),
                name="roundtable_event_costs_not_negative",
                violation_error_message=_("The costs cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.title} · {date_format(self.starts_on, 'SHORT_DATE_FORMAT')}"

    def get_absolute_url(self):
        return reverse("roundtable:event_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The last day must not be before the first day.")},
                code="ends_before_start",
            )

    @property
    def is_ongoing(self) -> bool:
        return self.ends_on is None

    @property
    def last_day(self):
        """The last day of an event over several days, else None (one day or ongoing)."""
        return self.ends_on if self.ends_on and self.ends_on > self.starts_on else None
