"""Paging: lists on tables that grow without bound, and pages with several growing lists."""

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A paginator whose count stops `pages_ahead` pages after the requested page.

    A plain paginator counts every matching row on every request (`COUNT(*)`), which reads the
    whole match: on the consultation log that is a sequential scan growing with the years.
    This one counts at most up to the end of the window (`COUNT(*)` over an unordered `LIMIT`
    subquery, which stops there). When there are more rows, `more` is true: the pager says
    "Page 1 of more than 41", and "Next" still leads on; a page beyond the window moves it.
    """

    pages_ahead = 40

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._wanted = 1
        self.more = False

    def validate_number(self, number):
        try:
            self._wanted = max(1, int(number))
        except (TypeError, ValueError):
            self._wanted = 1
        return super().validate_number(number)

    @cached_property
    def count(self) -> int:
        limit = (self._wanted + self.pages_ahead) * self.per_page
        # Without the list's order the database stops at the first `limit + 1` matches it
        # finds, in whatever order it reads them: the count does not depend on the order.
        counted = self.object_list.order_by()[: limit + 1].count()
        self.more = counted > limit
        return min(counted, limit)


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
