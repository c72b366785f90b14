"""Dates, times and numbers as a person reads them in each shipped language (pure).

English keeps sitecare's own short forms; Spanish uses CLDR's names and patterns (the month and
day names below are CLDR's, the same Babel gives; ``tests/unit/test_localdates.py`` compares
them with Babel's ``format_date`` and ``format_decimal``). Babel itself is only a test and
development dependency: pocket runs under Pyodide, where it is not installed.
"""

from __future__ import annotations

from datetime import date, datetime

from sitecare.domain.language import normalise_language

#: month names (1..12), wide and abbreviated (CLDR "es")
MONTHS = {
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}
MONTHS_SHORT = {
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]
}
#: day names, Monday first (``date.weekday()``), wide and abbreviated (CLDR "es")
DAYS = {"es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]}
DAYS_SHORT = {"es": ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"]}
#: languages that write 2,5 for 2.5 and 12.345 for 12,345
DECIMAL_COMMA = frozenset({"es"})


def date_part(at: date, code: str, language: str) -> str:
    """One part of a date: ``%A`` (Monday), ``%a`` (Mon), ``%B`` (December), ``%b`` (Dec),
    ``%d`` (the day: ``01`` in English, as sitecare always wrote it, ``1`` in Spanish)."""
    lang = normalise_language(language)
    if code == "%d":
        return at.strftime(code) if lang not in DAYS else str(at.day)
    table = {"%A": DAYS, "%a": DAYS_SHORT, "%B": MONTHS, "%b": MONTHS_SHORT}[code].get(lang)
    if table is None:
        return at.strftime(code)
    return table[at.weekday()] if code in ("%A", "%a") else table[at.month - 1]


def long_date(at: date, language: str) -> str:
    """``1 December 2026``; ``1 de diciembre de 2026``."""
    month = date_part(at, "%B", language)
    if normalise_language(language) == "es":
        return f"{at.day} de {month} de {at.year}"
    return f"{at.day} {month} {at.year}"


def long_datetime(at: datetime, language: str) -> str:
    """``1 December 2026, 14:05``; ``1 de diciembre de 2026, 14:05``."""
    return f"{long_date(at, language)}, {at:%H:%M}"


def short_day(at: date, language: str) -> str:
    """``Tue 01 Dec``; ``mar 1 dic`` (the history list's day)."""
    if normalise_language(language) == "es":
        return f"{date_part(at, '%a', language)} {at.day} {date_part(at, '%b', language)}"
    return f"{at:%a %d %b}"


def short_datetime(at: datetime, language: str) -> str:
    """``Tue 01 Dec, 14:05``; ``mar 1 dic, 14:05``."""
    return f"{short_day(at, language)}, {at:%H:%M}"


def decimal(value: float, language: str, spec: str = "g") -> str:
    """``value`` formatted with ``spec`` (``g``, ``.1f``, ``,``...), then with the language's
    decimal and group marks: ``2.5`` -> ``2,5`` and ``12,345.5`` -> ``12.345,5`` in Spanish
    (as Babel does: ``1.234,5``)."""
    text = format(value, spec)
    if normalise_language(language) not in DECIMAL_COMMA:
        return text
    whole, dot, rest = text.replace(",", "").partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    if len(digits) >= 4 and digits.isdigit():
        groups: list[str] = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        digits = ".".join(groups)
    return sign + digits + ("," + rest if dot else "")
