"""CSV cells that a spreadsheet never runs as a formula (OWASP "CSV injection").

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their
full-width forms, which some spreadsheets read the same way) is written with a ``'`` in front,
so a spreadsheet shows it as text instead of running it (``=HYPERLINK(...)`` in a note would
otherwise be a live link). A cell that itself starts with ``'`` gets one more, so reading a
sitecare CSV back (``restore``) always gives the original text: one leading ``'`` is removed.
The csv module quotes cells with commas, quotes and line breaks.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20", "'")


def neutralise(value: Any) -> str:
    """The cell text for ``value`` (None is an empty cell)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(TRIGGERS) else text


def restore(cell: str) -> str:
    """The original text of a cell ``neutralise`` wrote."""
    return cell[1:] if cell.startswith("'") else cell


def write_rows(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return out.getvalue()
