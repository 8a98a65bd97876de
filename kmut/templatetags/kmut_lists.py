"""Helpers for list pages: whether the visitor narrowed the list with a filter."""

from django import template

register = template.Library()

# Query parameters that change how a list is shown, not which rows it holds.
NOT_FILTERS = {"page", "ordering", "sort", "format"}


@register.simple_tag(takes_context=True)
def filters_active(context) -> bool:
    """True when the request's query string narrows the list (a search or any filter value)."""
    request = context.get("request")
    if request is None:
        return False
    return any(
        value.strip()
        for name, values in request.GET.lists()
        if name not in NOT_FILTERS
        for value in values
    )
