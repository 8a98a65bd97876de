"""The names of a page of list rows' many-to-many rows, in one query of plain values.

`prefetch_related` builds a related manager and a queryset per row and a model instance per
related row: for the 25 rows of a list with two many-to-many columns about 5 ms before anything
is shown. A list that only shows the names reads them with `attach_names` instead.
"""

from collections.abc import Iterable


def attach_names(objects: Iterable, field_name: str, *, to_attr: str, label: str = "name") -> list:
    """`objects` as a list, each with `to_attr`: the `label` values (a field, or a path such as
    "language__name") of its `field_name` rows (a many-to-many field or a reverse foreign key), in
    the related model's default order (as `.all()` lists them; by primary key without one)."""
    objects = list(objects)
    if not objects:
        return objects
    field = type(objects[0])._meta.get_field(field_name)
    # A reverse foreign key is filtered by its foreign key, a many-to-many field by its query name.
    back = field.field.name if field.one_to_many else field.related_query_name()
    related = field.related_model
    names: dict = {}
    rows = (
        related._default_manager.filter(**{f"{back}__in": [row.pk for row in objects]})
        .order_by(*(related._meta.ordering or ["pk"]))
        .values_list(back, label)
    )
    for pk, name in rows:
        names.setdefault(pk, []).append(name)
    for row in objects:
        setattr(row, to_attr, names.get(row.pk, []))
    return objects
