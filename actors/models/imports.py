"""Imports: the kinds, the remembered column mappings and each executed import."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kmut.audit import HistoricalRecords
from kmut.models import TimeStampedModel


class ImportKind(models.TextChoices):
    """What a file can be imported as: each kind has its own columns and remembered mapping."""

    ORGANISATIONS = "organisations", _("organisations")
    CONTACTS = "contacts", _("contact persons")
    OFFERS = "offers", _("offers")


class ImportMapping(TimeStampedModel):
    """The column mapping last used for a kind of import: file heading -> field (or "")."""

    # Any registered kind (`actors.importing.KINDS`): other apps register theirs.
    kind = models.CharField(_("kind of import"), max_length=20)
    columns = models.JSONField(_("columns"), default=dict)
    options = models.JSONField(_("options"), default=dict)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        constraints = [models.UniqueConstraint(fields=["kind"], name="importmapping_one_per_kind")]

    def __str__(self):
        return self.get_kind_display()

    def get_kind_display(self) -> str:
        from actors.importing import kind_label

        return kind_label(self.kind)


class ImportBatch(TimeStampedModel):
    """One executed import: who, when, what file, the counts, and per row what it did.

    `records` lists each object the import created or changed, in order, with the values it
    had before and its version right after the import, so the batch can be undone once.
    """

    kind = models.CharField(_("kind of import"), max_length=20)
    file_name = models.CharField(_("file name"), max_length=100)
    created_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    counts = models.JSONField(_("counts"), default=dict)
    records = models.JSONField(_("records"), default=list)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("undone by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undo_messages = models.JSONField(_("undo messages"), default=list)

    history = HistoricalRecords(excluded_fields=["records"])

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name}"

    def get_absolute_url(self):
        return reverse("actors:import_batch_detail", args=[self.pk])

    def get_kind_display(self) -> str:
        from actors.importing import kind_label

        return kind_label(self.kind)
