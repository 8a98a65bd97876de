"""The counselling statistics: the page, its PDF and its CSV/XLSX export."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from consultations import exports, queries, statistics_cache
from consultations.forms import (
    YearForm,
)
from kmut.charts import Bar, bar_chart
from kmut.responses import CSV, XLSX, file_response, pdf_response

__all__ = ["StatisticsExportView", "StatisticsPdfView", "StatisticsView"]


def _year(request) -> tuple[YearForm, int]:
    """The chosen year; without a choice the current one (never a year that has not begun)."""
    current = timezone.localdate().year
    available = queries.available_years() or [current]
    years = list(range(max(available[0], current), min(available[-1], current) - 1, -1))
    form = YearForm(request.GET or {"year": current}, years=years)
    year = form.cleaned_data["year"] if form.is_valid() else current
    return form, year


# The page shows at most this many rows of a table (and bars of its chart): the referrals per
# organisation would otherwise grow with the registry. The downloads and the PDF hold all rows.
PAGE_ROWS = 25


def _build_tables_with_charts(year: int) -> list[tuple]:
    return [
        (
            table,
            bar_chart(
                title=table.title,
                bars=[Bar(cell.label, cell.count, cell.display) for cell in table.rows[:PAGE_ROWS]],
            ),
        )
        for table in queries.annual_tables(year)
    ]


def _tables_with_charts(year: int) -> list[tuple]:
    """The year's suppressed tables with their charts, cached until the data changes."""
    return statistics_cache.cached("tables", year, lambda: _build_tables_with_charts(year))


class StatisticsView(PermissionRequiredMixin, TemplateView):
    permission_required = "consultations.view_consultation"
    template_name = "consultations/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, year = _year(self.request)
        context.update(
            form=form,
            year=year,
            tables=[
                (table, chart, table.rows[:PAGE_ROWS], max(0, len(table.rows) - PAGE_ROWS))
                for table, chart in _tables_with_charts(year)
            ],
            suppression_note=queries.SUPPRESSION_NOTE,
        )
        return context


class StatisticsPdfView(PermissionRequiredMixin, View):
    permission_required = "consultations.view_consultation"

    def get(self, request):
        _form, year = _year(request)
        return pdf_response(
            "consultations/pdf/statistics.html",
            {
                "year": year,
                "tables": _tables_with_charts(year),
                "charts": [],
                "suppression_note": queries.SUPPRESSION_NOTE,
            },
            f"beratungsstatistik-{year}.pdf",
        )


class StatisticsExportView(PermissionRequiredMixin, View):
    permission_required = "consultations.view_consultation"

    def get(self, request, file_format):
        if file_format not in ("csv", "xlsx"):
            raise Http404
        _form, year = _year(request)
        tables = [table for table, _chart in _tables_with_charts(year)]
        filename = f"beratungsstatistik-{year}.{file_format}"
        if file_format == "csv":
            return file_response(exports.statistics_csv(tables), filename, CSV)
        return file_response(exports.statistics_xlsx(tables), filename, XLSX)
