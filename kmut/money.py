"""Decimal helpers: every amount of money is a Decimal rounded to the cent."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def eur(value) -> Decimal:
    """Round to the cent, half up (kaufmännisches Runden)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
