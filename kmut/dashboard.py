"""What needs attention: each app registers a function that lists its items for a user.

Apps register in their AppConfig.ready(); kmut imports no app. A panel returns a list of
AttentionItem for the user (empty when nothing is due or the user may not see it).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AttentionItem:
    text: str
    url: str
    level: str = "warning"  # Bootstrap contextual class: warning, info, danger


_PANELS: list[Callable] = []


def register(panel: Callable) -> Callable:
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def attention_items(user) -> list[AttentionItem]:
    items = []
    for panel in _PANELS:
        items.extend(panel(user))
    return items
