"""What needs attention: each app registers a function that lists its items for a user.

Apps also register their main actions (`register_action`): a function returning the `Action`
buttons a user may use, shown first on the dashboard (e.g. "New consultation"). Apps name the
office records whose changes the dashboard lists under "Recent changes"
(`register_recent_changes`); reference data and the confidential consultation log are not among
them.

Apps register in their AppConfig.ready(); kmut imports no app. A panel returns a list of
AttentionItem and CountedItem for the user (empty when nothing is due or the user may not see
it). A CountedItem is shown only when its queryset has rows; the counts of all panels are taken
together in one SQL query, so the dashboard's query count does not grow with each panel.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class AttentionItem:
    text: str
    url: str
    level: str = "warning"  # Bootstrap contextual class: warning, info, danger


@dataclass(frozen=True)
class CountedItem:
    """An item worded by `text(count)`, shown when `shown(count)` (by default: any rows).

    `presence_only`: the item needs only whether there are rows (its text names no number), so
    the database answers with EXISTS, which stops at the first row, and the count is 0 or 1.
    """

    queryset: QuerySet
    text: Callable[[int], str]
    url: str
    level: str = "warning"
    shown: Callable[[int], bool] = bool
    presence_only: bool = False


@dataclass(frozen=True)
class Action:
    label: str
    url: str


_PANELS: list[Callable] = []
_ACTIONS: list[Callable] = []


def register_action(actions: Callable) -> Callable:
    if actions not in _ACTIONS:
        _ACTIONS.append(actions)
    return actions


def main_actions(user) -> list[Action]:
    return [action for actions in _ACTIONS for action in actions(user)]


def register(panel: Callable) -> Callable:
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


@dataclass(frozen=True)
class RecentSource:
    """A model whose changes are listed; `related`: foreign keys its __str__ reads."""

    model: type
    related: tuple[str, ...] = ()


_RECENT_SOURCES: list[RecentSource] = []


def register_recent_changes(model, *, related: Sequence[str] = ()) -> None:
    source = RecentSource(model, tuple(related))
    if source not in _RECENT_SOURCES:
        _RECENT_SOURCES.append(source)


def recent_sources(user) -> list[RecentSource]:
    """The registered models the user may view (one history query each on the dashboard)."""
    return [
        source
        for source in _RECENT_SOURCES
        if user.has_perm(f"{source.model._meta.app_label}.view_{source.model._meta.model_name}")
    ]


def count_all(querysets: Sequence[QuerySet], presence_only: Sequence[bool] = ()) -> list[int]:
    """The row counts of several querysets (of one database) in one SQL query.

    Where `presence_only` is true for a queryset, its number is 1 if it has rows, else 0.
    """
    if not querysets:
        return []
    using = querysets[0].db
    presence = [*presence_only, *[False] * (len(querysets) - len(presence_only))]
    parts, params = [], []
    for index, queryset in enumerate(querysets):
        query = queryset.order_by().values("pk").query
        try:
            sql, query_params = query.get_compiler(using=using).as_sql()
        except EmptyResultSet:  # e.g. .none(): nothing to ask the database
            parts.append("0")
            continue
        if presence[index]:
            parts.append(f"(CASE WHEN EXISTS({sql}) THEN 1 ELSE 0 END)")
        else:
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{index})")
        params.extend(query_params)
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [int(count) for count in cursor.fetchone()]


def attention_items(user) -> list[AttentionItem]:
    collected = []
    for panel in _PANELS:
        collected.extend(panel(user))
    counted = [item for item in collected if isinstance(item, CountedItem)]
    counts = iter(
        count_all([item.queryset for item in counted], [item.presence_only for item in counted])
    )
    items = []
    for item in collected:
        if not isinstance(item, CountedItem):
            items.append(item)
        elif item.shown(count := next(counts)):
            items.append(AttentionItem(item.text(count), item.url, item.level))
    return items


def reference_data(user) -> list[CountedItem]:
    """The office's own panel: reference data a registry cannot work without."""
    from kmut.models import REFERENCE_MODELS

    items = []
    for model in REFERENCE_MODELS:
        meta = model._meta
        if user.has_perm(f"kmut.view_{meta.model_name}"):
            items.append(
                CountedItem(
                    model.objects.active(),
                    lambda count, meta=meta: (
                        _("No entries yet: %(name)s") % {"name": capfirst(meta.verbose_name_plural)}
                    ),
                    reverse(f"kmut:{meta.model_name}_list"),
                    shown=lambda count: count == 0,
                    presence_only=True,
                )
            )
    return items
