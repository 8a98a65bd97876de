"""Database constraints whose Python validation names the field a form shows the error at."""

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models


class FieldCheckConstraint(models.CheckConstraint):
    """A CheckConstraint whose violation `full_clean()` reports at one field, not above the form.

    The rule exists once, as the constraint: the database enforces it, and every ModelForm and
    every service that calls `full_clean()` gets its message at `field`, so no form needs its own
    `clean()` to say it at the right place. The schema is that of a plain CheckConstraint:
    `deconstruct()` names that class, so migrations neither see nor need the field.
    """

    def __init__(self, *, field: str, **kwargs):
        super().__init__(**kwargs)
        self.field = field

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field: error}) from None

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

    def clone(self):
        _path, args, kwargs = self.deconstruct()
        return self.__class__(*args, field=self.field, **kwargs)
