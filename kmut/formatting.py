"""Numbers, amounts and dates as text in files (CSV, XLSX, PDF texts built in Python): always in
German notation, from Django's German formats (not the reader's UI language), so a file reads
the same whoever downloads it. Templates use the filters of `kmut_format` (`|eur`, `|percent`).
"""

from django.utils import dateformat, formats, numberformat

from kmut.money import eur

LANGUAGE = "de"


def _format(name: str):
    return formats.get_format(name, LANGUAGE, use_l10n=True)


def number(value, places: int | None = None, *, grouped: bool = False) -> str:
    """1234.5 → "1234,5"; with `places` cut to that many decimals ("1234,50"), `grouped`
    "1.234,50"."""
    return numberformat.format(
        value,
        _format("DECIMAL_SEPARATOR"),
        decimal_pos=places,
        grouping=_format("NUMBER_GROUPING"),
        thousand_sep=_format("THOUSAND_SEPARATOR"),
        force_grouping=grouped,
        use_l10n=True,
    )


def amount(value) -> str:
    """An amount of money rounded to the cent, without grouping or sign, as spreadsheets and
    banking software read it: 1234.5 → "1234,50"; None → ""."""
    return "" if value is None else number(eur(value), 2)


def money(value) -> str:
    """An amount for people, as the `|eur` filter writes it: 1234.5 → "1.234,50 €"."""
    return f"{number(eur(value), 2, grouped=True)}\u00a0€"


def day(value) -> str:
    """A date in the short German form: "31.12.2026"; None → ""."""
    return dateformat.format(value, _format("SHORT_DATE_FORMAT")) if value else ""
