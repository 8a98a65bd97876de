"""Files read the same whoever downloads them: numbers, amounts and dates in German notation."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from kmut import formatting


@pytest.fixture(params=["de", "en"])
def ui_language(request):
    with translation.override(request.param):
        yield request.param


def test_amounts_for_spreadsheets_have_a_decimal_comma_and_no_grouping(ui_language):
    assert formatting.amount(Decimal("1234.5")) == "1234,50"
    assert formatting.amount(Decimal("0.125")) == "0,13"  # to the cent, half up
    assert formatting.amount(Decimal("-7")) == "-7,00"
    assert formatting.amount(None) == ""


def test_money_for_people_is_grouped_with_the_euro_sign(ui_language):
    assert formatting.money(Decimal("1234.5")) == "1.234,50\u00a0€"


def test_numbers_keep_their_decimals_unless_told(ui_language):
    assert formatting.number(Decimal("4.8")) == "4,8"
    assert formatting.number(12) == "12"
    assert formatting.number(Decimal("1234567.891"), 2, grouped=True) == "1.234.567,89"


def test_dates_in_the_short_german_form(ui_language):
    assert formatting.day(date(2026, 12, 31)) == "31.12.2026"
    assert formatting.day(datetime(2026, 1, 2, 3, 4)) == "02.01.2026"  # noqa: DTZ001
    assert formatting.day(None) == ""
