"""sitecare's own date and number formatter (pure: pocket has no Babel) says dates and numbers
as Babel does for Spanish, and English as sitecare always did."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from sitecare.domain.localdates import (
    date_part,
    decimal,
    long_date,
    long_datetime,
    short_datetime,
    short_day,
)

babel_dates = pytest.importorskip("babel.dates")
babel_numbers = pytest.importorskip("babel.numbers")

DAYS = [date(2026, 1, 1) + timedelta(days=n) for n in range(0, 365, 5)]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_spanish_dates_are_babels(day: date) -> None:
    at = datetime.combine(day, datetime.min.time()).replace(hour=14, minute=5)
    assert long_date(day, "es") == babel_dates.format_date(day, "long", locale="es")
    assert long_datetime(at, "es") == babel_dates.format_datetime(
        at, "d 'de' MMMM 'de' y, HH:mm", locale="es"
    )
    assert short_day(day, "es") == babel_dates.format_date(day, "EEE d MMM", locale="es")
    assert short_datetime(at, "es") == babel_dates.format_datetime(
        at, "EEE d MMM, HH:mm", locale="es"
    )
    for code, pattern in (("%A", "EEEE"), ("%a", "EEE"), ("%B", "MMMM"), ("%b", "MMM")):
        assert date_part(day, code, "es") == babel_dates.format_date(day, pattern, locale="es")


def test_the_example_of_the_issue() -> None:
    assert long_datetime(datetime(2026, 12, 1, 14, 5), "es") == "1 de diciembre de 2026, 14:05"


@pytest.mark.parametrize(
    "value", [0, 2.5, 0.25, 12.0, 999.5, 1234.5, 12345.25, 1000000, 98765.4321, -3.5]
)
def test_spanish_decimals_are_babels(value: float) -> None:
    ours = decimal(value, "es", ".12g")
    babels = babel_numbers.format_decimal(value, format="#,##0.####", locale="es")
    assert ours == babels


def test_english_is_unchanged() -> None:
    at = datetime(2026, 11, 23, 8, 30)
    assert short_datetime(at, "en") == "Mon 23 Nov, 08:30"
    assert short_day(at, "en") == "Mon 23 Nov"
    assert long_datetime(at, "en") == "23 November 2026, 08:30"
    assert decimal(2.5, "en") == "2.5" and decimal(12345.5, "en", ",.1f") == "12,345.5"
    assert decimal(2.5, "es", ".1f") == "2,5"
