"""Field options shared by the reporting models."""

from django.core.validators import MaxValueValidator, MinValueValidator

__all__ = ["MONEY", "YEAR_VALIDATORS"]


MONEY = {"max_digits": 12, "decimal_places": 2}
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
