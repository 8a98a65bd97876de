"""The funding overview as an XLSX workbook (numbers as numbers, formatted in euros)."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from kmut.exports import escape_cell
from reporting.funding import PLANNED

EURO_FORMAT = '#,##0.00"\u00a0€"'  # a no-break space, as |eur writes it


def _column_label(year, column) -> str:
    if column == PLANNED:
        return f"{year} {pgettext('funding column', 'planned')}"
    return f"{year} {pgettext('funding column', 'actual')}"


def overview_xlsx(overview) -> bytes:
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
