"""Undoing an import once, and the plan's errors as a file."""

import csv
import io

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.importing.base import stamp
from actors.importing.kinds import KINDS
from actors.importing.plan import Plan
from actors.models import ImportBatch


def undo_models() -> dict:
    return {model._meta.model_name: model for spec in KINDS.values() for model in spec.undo_models}


class AlreadyUndone(Exception):
    pass


def undo_batch(batch_pk: int, user) -> ImportBatch:
    """Undo an import once: delete what it created, restore what it changed.

    An object changed since the import (its version, or for a model without versions its time
    of the last change, moved on) is left as it is, with a message.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_pk)
        if batch.undone_at is not None:
            raise AlreadyUndone
        reason = _("Import of “%(file)s” undone") % {"file": batch.file_name}
        messages = []
        for record in reversed(batch.records):
            model = undo_models()[record["model"]]
            obj = model.objects.filter(pk=record["pk"]).first()
            if obj is None:
                continue
            if stamp(obj) != record["version"]:
                messages.append(
                    _("Line %(line)s: “%(label)s” was changed after the import and is kept.")
                    % {"line": record["line"], "label": record["label"]}
                )
                continue
            obj._change_reason = reason
            if record["action"] == "created":
                try:
                    obj.delete()
                except models.ProtectedError:
                    messages.append(
                        _("Line %(line)s: “%(label)s” is referred to by other entries and is kept.")
                        % {"line": record["line"], "label": record["label"]}
                    )
                continue
            KINDS[batch.kind].restore(obj, record["previous"], reason)
        batch.undone_at = timezone.now()
        batch.undone_by = user
        batch.undo_messages = messages
        batch._change_reason = reason
        batch.save()
        return batch


def errors_csv(plan: Plan) -> bytes:
    """The plan's errors as a CSV file for Excel: line, column, message."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Line"), _("Column"), _("Error")])
    for error in plan.errors:
        writer.writerow([error.line, error.heading, error.message])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
