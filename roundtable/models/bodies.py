"""Bodies (round table, KMN network, steering groups) and their members."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import ContactPerson, Organisation
from kmut.audit import HistoricalRecords
from kmut.models import TimeStampedModel
from roundtable.models import new_token


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
