"""The few statistics the benchmark reports, kept apart so the tests can check them."""

import math
import statistics


def percentile(values, fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `fraction` of all values at
    or below it (the p95 of 200 samples is the 190th smallest, of 20 samples the 19th)."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = max(math.ceil(fraction * len(ordered)), 1)
    return ordered[rank - 1]


def median(values) -> float:
    return statistics.median(values)


def min_max(values) -> tuple[int, int]:
    return min(values), max(values)


def min_max_label(values) -> str:
    """ "14" when every value is 14, "14–17" when they range."""
    low, high = min_max(values)
    return str(low) if low == high else f"{low}–{high}"


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None
