"""Paging for pages that show several growing lists, each with its own query parameter."""

from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page: int, param: str = "page") -> Page:
    """The requested page of `queryset` (out-of-range numbers give the last page).

    The page carries `previous_url` and `next_url` that change only `param` and keep the rest
    of the query string, so two lists on one page page independently.
    """
    page = Paginator(queryset, per_page).get_page(request.GET.get(param))

    def link(number: int) -> str:
        query = request.GET.copy()
        query[param] = number
        return "?" + query.urlencode()

    page.previous_url = link(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = link(page.next_page_number()) if page.has_next() else ""
    return page
