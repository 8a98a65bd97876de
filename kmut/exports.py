"""Spreadsheet safety shared by every CSV/XLSX export: no cell may run as a formula."""

# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escape_cell(value) -> str:
    text = "" if value is None else str(value)
    return ESCAPE + text if text.startswith(FORMULA_STARTS) else text


def unescape_cell(value):
    """Undo escape_cell, so that export → import round-trips."""
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def formula_safe(row) -> list[str]:
    return [escape_cell(cell) for cell in row]
