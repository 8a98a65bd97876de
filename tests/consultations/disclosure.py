"""An attacker's view of published statistics: which hidden cells can be worked out exactly?

The reader sees every shown count and the rules by which the tables relate to their totals
(`queries.ADDS_UP`, `COVERS`, `BOUNDED`, and: never more clients than consultations). As the worst
case, the reader also knows why each cell is hidden: a primary cell lies in 1..2, a secondary one
is >= 3; in a withheld group (its total hidden) every cell is hidden whatever its value, so such a
cell is only known to be >= 0, and the total is in 1..2 or >= 0. For each hidden cell an integer
linear program (scipy's HiGHS) finds its smallest and largest value consistent with all that; a
cell whose smallest and largest value agree is disclosed.
"""

import csv
import html
import io
import re

import numpy as np
from openpyxl import load_workbook
from scipy.optimize import Bounds, LinearConstraint, milp

from consultations import queries

LARGE = 10**6  # "unbounded": no count comes near it


def _bounds(true: int, withheld: bool) -> tuple[int, int]:
    if queries.is_primary(true):
        return (0, LARGE) if withheld else (1, 2)
    assert withheld or true >= queries.MIN_CELL, "a hidden 0 outside a withheld group"
    return (0, LARGE) if withheld else (queries.MIN_CELL, LARGE)


def disclosed(counted: list[queries.CountedTable], shown: dict[str, list]) -> list[str]:
    """The hidden cells (as "table: label") whose value follows from `shown`.

    `counted` are the exact tables, `shown` maps a table key to its displayed values in the same
    order (an int, or None when hidden); shown values must be the exact ones."""
    names, lower, upper, truth = [], [], [], []
    terms: dict[tuple[str, int], int | tuple[int]] = {}  # a known number or (variable,)

    totals = next(table for table in counted if not table.group)
    totals_hidden = {
        group: shown[totals.key][index] is None for index, group in enumerate(queries.TOTAL_ROWS)
    }
    for table in counted:
        values = shown[table.key]
        assert len(values) == len(table.counts), table.key
        for index, (value, true) in enumerate(zip(values, table.counts, strict=True)):
            if value is not None:
                assert value == true, (table.key, index)
                terms[table.key, index] = value
                continue
            if table.group:
                low, high = _bounds(true, totals_hidden[table.group])
            else:  # a hidden total: 1..2 when primary, else only >= 0
                low, high = (1, 2) if queries.is_primary(true) else (0, LARGE)
            terms[table.key, index] = (len(names),)
            names.append(f"{table.title}: {table.labels[index]}")
            lower.append(low)
            upper.append(high)
            truth.append(true)

    rows, row_lower, row_upper = [], [], []

    def constrain(items: list, total, low: float, high: float):
        """low <= sum(items) - total <= high, where items and total are terms."""
        coefficients = np.zeros(len(names))
        constant = 0
        for term, sign in [(item, 1) for item in items] + [(total, -1)]:
            if isinstance(term, tuple):
                coefficients[term[0]] += sign
            else:
                constant += sign * term
        if not coefficients.any():
            assert low <= constant <= high, "the shown counts contradict the rules"
            return
        rows.append(coefficients)
        row_lower.append(low - constant)
        row_upper.append(high - constant)

    group_total = {
        group: terms[totals.key, index] for index, group in enumerate(queries.TOTAL_ROWS)
    }
    for table in counted:
        if not table.group:
            continue
        cells = [terms[table.key, index] for index in range(len(table.counts))]
        total = group_total[table.group]
        if table.relation == queries.ADDS_UP:
            constrain(cells, total, 0, 0)
        elif table.relation == queries.COVERS:
            constrain(cells, total, 0, np.inf)
        if table.relation in (queries.COVERS, queries.BOUNDED):
            for cell in cells:
                constrain([cell], total, -np.inf, 0)
    constrain([group_total[queries.CLIENTS]], group_total[queries.CONSULTATIONS], -np.inf, 0)

    if not names:
        return []
    truth_vector = np.array(truth)
    for row, low, high in zip(rows, row_lower, row_upper, strict=True):
        assert low <= row @ truth_vector <= high, "the exact counts break the rules"
    constraints = [LinearConstraint(np.array(rows), row_lower, row_upper)] if rows else []
    bounds = Bounds(lower, upper)
    integrality = np.ones(len(names))
    found = []
    for variable, name in enumerate(names):
        extremes = []
        for sign in (1, -1):
            objective = np.zeros(len(names))
            objective[variable] = sign
            result = milp(
                objective, constraints=constraints, bounds=bounds, integrality=integrality
            )
            assert result.status == 0, result.message
            extremes.append(round(result.x[variable]))
        if extremes[0] == extremes[1]:
            found.append(name)
    return found


# --- reading back what an output shows ------------------------------------------------------


def _value(text) -> int | None:
    """A shown count, or None for anything else ("." now, "< 3" on the old code)."""
    if isinstance(text, int):
        return text
    text = str(text).strip()
    return int(text) if text.isdigit() else None


def shown_in_csv(content: str, counted: list[queries.CountedTable]) -> dict[str, list]:
    keys = {table.title: table.key for table in counted}
    shown = {table.key: [] for table in counted}
    reader = csv.reader(io.StringIO(content), delimiter=";")
    next(reader)
    for title, _label, count in reader:
        if title in keys:  # not the note at the end
            shown[keys[title]].append(_value(count))
    return shown


def shown_in_xlsx(data: bytes, counted: list[queries.CountedTable]) -> dict[str, list]:
    workbook = load_workbook(io.BytesIO(data))
    return {
        table.key: [
            _value(row[1]) for row in workbook[table.key].iter_rows(min_row=3, values_only=True)
        ]
        for table in counted
    }


def shown_in_page(page: str, counted: list[queries.CountedTable]) -> dict[str, list]:
    """The statistics page: each table's section, its count column."""
    shown = {}
    for table in counted:
        section = re.search(
            rf'aria-labelledby="table-{table.key}">(.*?)</section>', page, flags=re.S
        ).group(1)
        shown[table.key] = [
            _value(html.unescape(value))
            for value in re.findall(r'<td class="text-end">([^<]*)</td>', section)
        ]
    return shown


def shown_in_report_block(block: str, counted: list[queries.CountedTable]) -> dict[str, list]:
    """The annual report's counselling block: a caption per table, then its count column."""
    keys = {html.escape(table.title): table.key for table in counted}
    shown = {}
    for title, body in re.findall(r"<caption[^>]*>([^<]*)</caption>(.*?)</table>", block, re.S):
        shown[keys[title.strip()]] = [
            _value(html.unescape(value))
            for value in re.findall(r'<td class="number text-end">([^<]*)</td>', body)
        ]
    return shown
