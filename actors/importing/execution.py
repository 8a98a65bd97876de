"""Carrying out the plan the preview showed, in one transaction."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from actors.importing.base import stamp
from actors.importing.kinds import KINDS
from actors.importing.plan import RowPlan, plan_import
from actors.models import ImportBatch


class PlanChanged(Exception):
    """The data changed between the preview and the import."""


def execute_import(
    kind: str,
    dataset,
    mapping: dict[str, str],
    options: dict,
    decisions: dict[str, str],
    *,
    expected_fingerprint: str,
    user,
    file_name: str,
) -> ImportBatch:
    """Carry out the plan the preview showed, in one transaction; refuse if it changed."""
    with transaction.atomic():
        # Locks the rows this import reads, so nobody changes them in between.
        for model in KINDS[kind].locks:
            list(model.objects.select_for_update().values_list("pk", flat=True))
        plan = plan_import(kind, dataset, mapping, options, decisions)
        if not plan.can_import or plan.fingerprint != expected_fingerprint:
            raise PlanChanged
        reason = _("Import of “%(file)s”") % {"file": file_name}
        records = []
        execute_row = KINDS[kind].execute_row
        for row in plan.rows:
            if row.action in ("new", "update"):
                records.extend(execute_row(row, reason))
        return ImportBatch.objects.create(
            kind=kind,
            file_name=file_name,
            created_by=user,
            counts=plan.counts,
            records=records,
        )


def _stored_value(obj, field_key: str):
    model_field = obj._meta.get_field(field_key)
    if model_field.many_to_many:
        return sorted(related.pk for related in getattr(obj, field_key).all())
    value = getattr(obj, model_field.attname)
    return value.isoformat() if isinstance(value, date) else value


def _record(row: RowPlan, action: str, obj, previous: dict) -> dict:
    return {
        "line": row.line,
        "model": obj._meta.model_name,
        "pk": obj.pk,
        "label": str(obj),
        "action": action,
        "version": stamp(obj),
        "previous": previous,
    }
