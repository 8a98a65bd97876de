"""Reminders sent at most once: the one place that records what a reminder job has sent.

A job calls `unsent()` to leave out what was sent before, then, inside one transaction, `record()`
for each object and sends its mails. If sending fails, the transaction rolls back and the next
run tries again; if two workers run the same job at once, the second one's `record()` waits for
the first one's row (unique constraint `reminder_once`) and returns False.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from kmut.models import Reminder


def unsent(objects: Iterable, kind: str, due_on) -> list:
    """The objects without a recorded reminder of this kind; `due_on` is a date or a function."""
    objects = list(objects)
    if not objects:
        return []
    content_type = ContentType.objects.get_for_model(objects[0])
    sent = set(
        Reminder.objects.filter(
            kind=kind, content_type=content_type, object_id__in=[obj.pk for obj in objects]
        ).values_list("object_id", "due_on")
    )
    return [obj for obj in objects if (obj.pk, _due(due_on, obj)) not in sent]


def record(obj, kind: str, due_on: date, recipients: Iterable[str]) -> bool:
    """Record a reminder about `obj`; False if it was recorded before (then send nothing)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                kind=kind,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                due_on=due_on,
                recipients=", ".join(sorted(set(recipients))),
            )
    except IntegrityError:
        return False
    return True


def _due(due_on, obj) -> date:
    return due_on(obj) if callable(due_on) else due_on
