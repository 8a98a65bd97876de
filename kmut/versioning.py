"""No silent overwrites: edits carry the version they started from (decision 0009).

Every save of a `VersionedModel` raises its `version` by one, under a row lock. An edit form
carries the version it was opened with (a hidden field added by `VersionCheckMixin`); when the
row's version has moved on in the meantime, the save is refused with `StaleVersion` and the
form is shown again with the typed input, the stored values and who changed them. Saving that
form again (it now carries the current version) overwrites on purpose.
"""

from django import forms
from django.db import models, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kmut.audit import person_name, shown_value

MISSING = -1  # the version of a form sent without one: never stored, so always stale


class StaleVersion(Exception):
    """The row was saved by someone else since the form was opened."""


class VersionField(models.PositiveIntegerField):
    """The number of saves of a row: raised by `claim_version`, never typed, not in histories."""

    counts_saves = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", gettext_lazy("version"))
        kwargs.setdefault("default", 1)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


def claim_version(instance: Model, expected: int | None = None, field: str = "version") -> None:
    """Raise the stored version of `instance` by one, under a lock on its row.

    With `expected`, refuse (StaleVersion) unless the stored version still is `expected`. Call
    inside a transaction: the row stays locked (PostgreSQL: SELECT ... FOR UPDATE; SQLite: the
    write lock taken by BEGIN IMMEDIATE) until it commits, so of two saves starting from the
    same version exactly one succeeds. A row not stored yet is left alone.
    """
    if instance.pk is None or instance._state.adding:
        return
    manager = type(instance)._base_manager.db_manager(instance._state.db or "default")
    stored = (
        manager.select_for_update().filter(pk=instance.pk).values_list(field, flat=True).first()
    )
    if stored is None:
        return
    if expected is not None and stored != expected:
        raise StaleVersion
    setattr(instance, field, stored + 1)


class VersionedModel(models.Model):
    """A model whose saves are counted in `version` and can be made conditional on it."""

    version = VersionField()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        expected = self.__dict__.pop("_expected_version", None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        with transaction.atomic(using=kwargs.get("using") or self._state.db):
            claim_version(self, expected)
            super().save(*args, **kwargs)

    def expect_version(self, version: int) -> None:
        """Make the next save refuse (StaleVersion) unless the row still has this version."""
        self._expected_version = version


def last_editor_name(instance: Model, field: str = "version") -> str:
    """Who saved the version now stored: the user of the first history record carrying it."""
    record = (
        instance.history.filter(**{field: getattr(instance, field)})
        .select_related("history_user")
        .order_by("history_date", "history_id")
        .first()
    )
    if record is None or record.history_user is None:
        return ""
    return person_name(record.history_user)


def _shown(field: forms.Field, value) -> str:
    """A form field's value as the office reads it (choice labels, names, German numbers)."""
    if value in (None, "", [], ()):
        return _("(empty)")
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = [getattr(item, "pk", item) for item in value]
        return ", ".join(sorted(str(item) for item in field.queryset.filter(pk__in=pks)))
    if isinstance(field, forms.ModelChoiceField):
        if isinstance(value, Model):
            return str(value)
        found = field.queryset.filter(pk=value).first()
        return str(found) if found is not None else str(value)
    if isinstance(field, forms.ChoiceField):
        labels = {}
        for key, label in field.choices:
            if isinstance(label, list | tuple):
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(key)] = label
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(str(labels.get(str(item), item)) for item in values)
    if isinstance(field, forms.BooleanField):
        return _("yes") if value else _("no")
    return shown_value(value)


class VersionCheckMixin:
    """For edit views (first in the bases): the form carries the version it was opened with.

    `get_form` adds the hidden field `version` (the version of `versioned_object()`, by
    default the view's object) and, on a POST, hands the version sent back to the object
    (`expect_version`), so that whatever saves it (the form or a service) refuses a stale
    save; a service that locks and saves the row itself takes `self.expected_version`. The
    whole POST runs in one transaction. A refused save shows the form again: the typed
    input, who changed the entry, the stored value under each field where it differs, and
    the current version in the hidden field, so that saving again overwrites on purpose.
    """

    version_field = "version"
    expected_version = None

    def versioned_object(self):
        return self.object

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        target = self.versioned_object()
        if target is None or target.pk is None:
            return form
        form.fields["version"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=getattr(target, self.version_field)
        )
        if form.is_bound:
            typed = str(form.data.get("version", ""))
            self.expected_version = int(typed) if typed.isdigit() else MISSING
            if hasattr(target, "expect_version"):
                target.expect_version(self.expected_version)
            self.versioned_form = form
        return form

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().post(request, *args, **kwargs)
        except StaleVersion:
            return self.version_conflict(self.versioned_form)

    def fresh_form(self, current):
        """An unbound form showing the stored state (to compare the typed input with)."""
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        kwargs["instance"] = current
        return self.get_form_class()(**kwargs)

    def reload_versioned_object(self):
        target = self.versioned_object()
        return type(target)._base_manager.get(pk=target.pk)

    def version_conflict(self, form):
        current = self.reload_versioned_object()
        if self.expected_version == MISSING:
            form.add_error(None, _("This form was sent without the version it was opened with."))
        elif name := last_editor_name(current, self.version_field):
            form.add_error(
                None, _("This entry has been changed in the meantime by %(name)s.") % {"name": name}
            )
        else:
            form.add_error(None, _("This entry has been changed in the meantime."))
        form.add_error(
            None,
            _(
                "Your input is kept below; where the stored values differ, they are shown under "
                "the field. Save again to replace them with your input."
            ),
        )
        fresh = self.fresh_form(current)
        for name, field in list(form.fields.items()):
            bound = form[name]
            if bound.is_hidden or field.disabled or isinstance(field, forms.FileField):
                continue
            stored = fresh[name].initial if name in fresh.fields else None
            if field.has_changed(stored, bound.data):
                form.add_error(
                    name, _("Currently saved: %(value)s") % {"value": _shown(field, stored)}
                )
        form.data = form.data.copy()
        form.data["version"] = getattr(current, self.version_field)
        if self.version_field == "version":
            self.object = current
        return self.form_invalid(form)
