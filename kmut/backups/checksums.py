"""Content checksums: a SHA-256 of the canonical content of every table, equal on SQLite and
PostgreSQL when the rows are equal."""

import datetime
import decimal
import hashlib
import json
import uuid

from django.utils import timezone

from kmut.backups.common import _backed_up_tables, _is_backed_up


def _canonical(value):
    """A JSON value for a column value that is the same on SQLite and PostgreSQL when the
    values are equal (the ORM's converters already turn both into the same Python types)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value // datetime.timedelta(microseconds=1)
    if isinstance(value, decimal.Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return value  # None, bool, int, float, str, and the lists and dicts of JSON fields


def _foreign_natural_keys(model) -> dict[str, dict]:
    """For columns that point to a table outside the backup (permissions): id -> natural key.
    Those ids are rebuilt by migrate and differ between instances; their natural keys do not."""
    mapping = {}
    for field in model._meta.concrete_fields:
        if field.is_relation and not _is_backed_up(field.related_model):
            related = field.related_model._base_manager.select_related()
            mapping[field.attname] = {obj.pk: list(obj.natural_key()) for obj in related}
    return mapping


def _table_columns(model) -> list[str]:
    """The columns whose content is compared: all, except the ids of automatic many-to-many
    rows, which loading gives new values."""
    fields = model._meta.concrete_fields
    if model._meta.auto_created:
        fields = [field for field in fields if not field.primary_key]
    return sorted(field.attname for field in fields)


def _table_checksum(model, columns) -> tuple[int, str]:
    natural = _foreign_natural_keys(model)

    def canonical_row(row):
        values = [
            natural[column].get(value, value) if column in natural else _canonical(value)
            for column, value in zip(columns, row, strict=True)
        ]
        return json.dumps(values, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    queryset = model._base_manager.values_list(*columns)
    if model._meta.auto_created:
        # No key of its own: sorted by content, which is the same on every database.
        lines = sorted(canonical_row(row) for row in queryset.iterator())
    else:
        lines = (canonical_row(row) for row in queryset.order_by("pk").iterator(2000))
    digest = hashlib.sha256(json.dumps(columns).encode() + b"\n")
    rows = 0
    for line in lines:
        digest.update(line.encode() + b"\n")
        rows += 1
    return rows, digest.hexdigest()


def table_checksums(columns_by_table: dict[str, list[str]] | None = None) -> dict[str, dict]:
    """{table: {"columns", "rows", "sha256"}} over the canonical content of every row.

    With columns_by_table (from a manifest) each table is hashed over those columns, so a newer
    kmut with added columns still compares what the backup holds; tables it does not name are
    left out.
    """
    result = {}
    for model in _backed_up_tables():
        table = model._meta.db_table
        columns = _table_columns(model)
        if columns_by_table is not None:
            if table not in columns_by_table:
                continue
            wanted = columns_by_table[table]
            if not set(wanted) <= set(columns):
                result[table] = {"columns": wanted, "rows": None, "sha256": None}
                continue
            columns = wanted
        rows, sha256 = _table_checksum(model, columns)
        result[table] = {"columns": columns, "rows": rows, "sha256": sha256}
    return result
