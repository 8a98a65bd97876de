"""Office core: shared base model and the reference data every app uses."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history import register

from kmut.audit import HistoricalRecords


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def check_parent_chain(instance, message) -> None:
    """Refuse a `parent` chain that leads back to the instance itself."""
    ancestor = instance.parent
    while ancestor is not None and instance.pk is not None:
        if ancestor.pk == instance.pk:
            raise ValidationError({"parent": message}, code="cycle")
        ancestor = ancestor.parent


def within_municipality(field_path: str, municipality) -> models.Q:
    """Match a municipality and, for a Samtgemeinde, its member municipalities."""
    return models.Q(**{field_path: municipality}) | models.Q(
        **{f"{field_path}__parent": municipality}
    )


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Municipality(TimeStampedModel):
    """A member municipality of the district (Samtgemeinde, Gemeinde, Stadt)."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        SAMTGEMEINDE = "samtgemeinde", _("Joint municipality (Samtgemeinde)")
        UNITARY = "unitary", _("Unitary municipality (Einheitsgemeinde)")
        TOWN = "town", _("Town (Stadt)")
        MUNICIPALITY = "municipality", _("Member municipality (Gemeinde)")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("For a member municipality: the joint municipality it belongs to."),
    )
    official_key = models.CharField(
        _("official municipality key"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{8}$", _("The official key has exactly eight digits."))],
        help_text=_("Amtlicher Gemeindeschlüssel (AGS), eight digits."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="municipality_unique_name",
                violation_error_message=_("A municipality with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["official_key"],
                condition=~models.Q(official_key=""),
                name="municipality_unique_official_key",
                violation_error_message=_("Another municipality already has this official key."),
            ),
            models.CheckConstraint(
                condition=models.Q(official_key="") | models.Q(official_key__regex=r"^[0-9]{8}$"),
                name="municipality_official_key_eight_digits",
                violation_error_message=_("The official key has exactly eight digits."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        check_parent_chain(self, _("A municipality cannot be part of itself."))


GERMAN_CODE = "de"


class Language(TimeStampedModel):
    """A language, identified by its ISO 639 code (639-1 where one exists, else 639-3)."""

    code = models.CharField(
        _("ISO 639 code"),
        max_length=12,
        help_text=_("ISO 639-1 (two letters) where one exists, otherwise ISO 639-3."),
    )
    name = models.CharField(_("German name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        # German first (most consultations and offers use it), then by name.
        ordering = [
            models.Case(
                models.When(code=GERMAN_CODE, then=0), default=1, output_field=models.IntegerField()
            ).asc(),
            "name",
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("code"),
                name="language_unique_code",
                violation_error_message=_("A language with this code already exists."),
            ),
            models.UniqueConstraint(
                Lower("name"),
                name="language_unique_name",
                violation_error_message=_("A language with this name already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"),
                name="language_code_format",
                violation_error_message=_(
                    "Use a lower-case ISO 639 code, e.g. “ar”, “prs” or “ku-kmr”."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class FieldOfAction(TimeStampedModel):
    """A field of action (Handlungsfeld) of the local action plan."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="fieldofaction_unique_name",
                violation_error_message=_("A field of action with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name


class OfficeArea(models.Model):
    """Holds the permissions that open whole areas of the office (no table)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("use_staff_area", _("Can use the office staff area")),
            ("use_volunteer_portal", _("Can use the volunteer portal")),
            ("view_released_documents", _("Can view released reports and statements")),
            ("manage_users", _("Can manage user accounts and roles")),
            (
                "manage_staff_accounts",
                _("Can reset the second factor of and deactivate the office staff's accounts"),
            ),
        ]

    def __str__(self):
        return "office area"


# User accounts are office data too: who got which role when is part of the audit trail.
register(
    User, app="kmut", records_class=HistoricalRecords, excluded_fields=["password", "last_login"]
)


# The reference data every registry entry points to (reference pages, dashboard, history).
REFERENCE_MODELS = (Municipality, Language, FieldOfAction)


class Reminder(models.Model):
    """A reminder that a background job has sent: one row per kind, object and due date.

    The unique constraint is what makes every reminder job idempotent: a job records the row and
    sends the mail in one transaction, so a second run (or a second worker at the same moment)
    finds the row and sends nothing. Rows are written once and never changed.
    """

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("certificate of good conduct due")
        CONFIDENTIALITY = "confidentiality", _("confidentiality declaration missing")
        ACTION_ITEM = "action_item", _("overdue action item (weekly digest)")
        UPDATE_REQUEST = "update_request", _("unanswered update request")
        PAYMENT_RUN = "payment_run", _("payment run not booked")
        RETENTION = "retention", _("client enters the retention warning period")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("type"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("object"))
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "due_on"], name="reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.due_on:%d.%m.%Y})"
