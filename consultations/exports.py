"""The counselling statistics as files: CSV (UTF-8 with BOM, ';') and XLSX, every cell
formula-safe; the suppression note travels with the figures."""

import csv
import io

from django.utils.translation import gettext as _

from consultations import queries
from kmut.exports import formula_safe


def statistics_csv(tables) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(formula_safe([_("Table"), _("Category"), _("Count")]))
    for table in tables:
        for cell in table.rows:
            writer.writerow(formula_safe([table.title, cell.label, cell.display]))
    writer.writerow(formula_safe([_("Note on the figures"), queries.SUPPRESSION_NOTE, ""]))
    return buffer.getvalue()


def statistics_xlsx(tables) -> bytes:
    """One sheet per table (its key as the sheet's name) and a last sheet with the note."""
    from openpyxl import Workbook  # imported when used: openpyxl costs every process ~20 MB

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(title=table.key)
        sheet.append(formula_safe([table.title]))
        sheet.append(formula_safe([_("Category"), _("Count")]))
        for cell in table.rows:
            sheet.append(
                [*formula_safe([cell.label]), cell.display if cell.count is None else cell.count]
            )
    workbook.create_sheet(title=str(_("Note on the figures"))).append(
        [str(queries.SUPPRESSION_NOTE)]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
