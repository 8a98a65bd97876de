"""XLSX workbooks: the funding overview (numbers as numbers, formatted in euros) and the action
plan document (measures and indicators, real dates and numbers)."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kmut.exports import escape_cell
from reporting.funding import PLANNED

EURO_FORMAT = '#,##0.00"\u00a0€"'  # a no-break space, as |eur writes it
DATE_FORMAT = "DD.MM.YYYY"


def _column_label(year, column) -> str:
    if column == PLANNED:
        return f"{year} {pgettext('funding column', 'planned')}"
    return f"{year} {pgettext('funding column', 'actual')}"


def overview_xlsx(overview) -> bytes:
    from openpyxl import Workbook  # imported when used: openpyxl costs every process ~20 MB
    from openpyxl.styles import Font

    with translation.override("de"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Funding statement")[:31]
        sheet.append([escape_cell(_("Funding statement"))])
        sheet["A1"].font = Font(bold=True, size=14)
        for table in overview.tables:
            sheet.append([])
            sheet.append(
                [escape_cell(table.title)]
                + [_column_label(year, column) for year, column in overview.columns]
            )
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
            for row in table.rows:
                sheet.append([escape_cell(row.label), *row.cells])
                for cell in sheet[sheet.max_row][1:]:
                    cell.number_format = EURO_FORMAT
                if row.kind in ("subtotal", "total"):
                    for cell in sheet[sheet.max_row]:
                        cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 42
        for index in range(len(overview.columns)):
            sheet.column_dimensions[chr(ord("B") + index)].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(workbook, title, headers, widths):
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title[:31])
    sheet.append([escape_cell(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def plan_document_xlsx(document) -> bytes:
    """The action plan document (`queries.plan_document`) as two sheets: measures and
    indicators, one row each, with the field of action and goal repeated so rows can be
    filtered; one column per year with measured values. Dates are date cells, values numbers
    (in the spreadsheet's general format, so 695 stays 695 and 37,5 stays 37,5)."""
    from openpyxl import Workbook

    with translation.override("de"):
        workbook = Workbook()
        workbook.remove(workbook.active)
        measures = _sheet(
            workbook,
            _("Measures"),
            [
                _("Field of action"),
                _("Goal"),
                _("Measure"),
                _("Responsible organisations"),
                _("Start"),
                _("Deadline"),
                _("Status"),
            ],
            [28, 36, 48, 40, 12, 12, 16],
        )
        indicators = _sheet(
            workbook,
            _("Indicators"),
            [
                _("Field of action"),
                _("Goal"),
                _("Measure"),
                _("Indicator"),
                _("Unit"),
                _("Baseline"),
                _("Baseline year"),
                _("Target"),
                _("Target year"),
                *[str(year) for year in document.years],
            ],
            [28, 36, 48, 40, 12, 12, 12, 12, 12, *[10] * len(document.years)],
        )
        for field in document.fields:
            for goal in field.goals:
                for measure in goal.measures:
                    texts = [escape_cell(field.name), escape_cell(goal.title)]
                    measures.append(
                        [
                            *texts,
                            escape_cell(measure.title),
                            escape_cell(", ".join(measure.organisations)),
                            measure.starts_on,
                            measure.due_on,
                            escape_cell(measure.status_label),
                        ]
                    )
                    for cell in measures[measures.max_row][4:6]:
                        cell.number_format = DATE_FORMAT
                    for indicator in measure.indicators:
                        indicators.append(
                            [
                                *texts,
                                escape_cell(measure.title),
                                escape_cell(indicator.name),
                                escape_cell(indicator.unit),
                                indicator.baseline,
                                indicator.baseline_year,
                                indicator.target,
                                indicator.target_year,
                                *indicator.values,
                            ]
                        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
