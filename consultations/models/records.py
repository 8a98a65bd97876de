"""What is recorded about the log itself: every access (AccessLog) and the statistics version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AccessLog", "StatisticsVersion"]


class AccessLog(models.Model):
    """Who read, exported or erased which consultation or client, and when.

    Holds primary keys, not foreign keys, so that the record survives an erasure.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        LIST = "list", _("seen in a list")
        EDIT = "edit", _("opened for editing")
        CONFIRM = "confirm", _("erasure confirmation shown")
        AUDIT = "audit", _("access log read")
        EXPORT = "export", _("exported (Art. 15)")
        ERASE = "erase", _("erased (Art. 17)")
        ANONYMISE = "anonymise", _("anonymised after the retention period")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    client_ref = models.PositiveIntegerField(_("client number"), null=True, blank=True)
    consultation_ref = models.PositiveIntegerField(_("consultation number"), null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"


class StatisticsVersion(models.Model):
    """The state of the data that the cached statistics belong to: one row whose random token
    changes in the same transaction as every change to a consultation, its topics or
    referrals, a client, organisation, language or municipality (decision 0022)."""

    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("statistics version")
        verbose_name_plural = _("statistics versions")

    def __str__(self):
        return self.token
