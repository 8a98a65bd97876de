"""What the volunteering models share."""

__all__ = ["MONEY"]

# Every amount in euros (the currency is implicit).
MONEY = {"max_digits": 10, "decimal_places": 2}
