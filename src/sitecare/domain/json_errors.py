"""Why a JSON text does not parse, in words a person reads in each language.

Python's ``json`` module says why in English ("Expecting value", "Extra data"); a message that
says it in Spanish must not carry those words. :func:`json_problem` keeps the module's own
English text as the English (what sitecare always printed) and says each kind of problem in
the person's language through the catalog; the line and column stay with the sentence that
uses it. Pure: it reads the error's message only.
"""

from __future__ import annotations

from typing import Any

from sitecare.domain.messages import N_, Msg, keyed

#: the json module's messages (CPython's C scanner and its Python one; "Illegal trailing
#: comma" is Python 3.13's), each the start of the message it says
KINDS = (
    N_("Expecting value"),
    N_("Expecting property name enclosed in double quotes"),
    N_("Expecting ':' delimiter"),
    N_("Expecting ',' delimiter"),
    N_("Unterminated string starting at"),
    N_("Invalid control character at"),
    N_("Invalid \\uXXXX escape"),
    N_("Invalid \\escape"),
    N_("Extra data"),
    N_("Illegal trailing comma before end of object"),
    N_("Illegal trailing comma before end of array"),
)
#: what any other message is said as (its English stays the module's own)
OTHER = N_("the JSON is not written correctly here")


def json_problem(error: Any) -> Msg:
    """Why ``error`` (a ``json.JSONDecodeError``, or its ``msg`` text) happened: the json
    module's English as the ``str``, the catalog's words for its kind in other languages."""
    english = str(getattr(error, "msg", error))
    for kind in KINDS:
        if english.startswith(kind.replace("character at", "character")):
            return keyed(kind, english)
    return keyed(OTHER, english)


def damaged_json(error: Any) -> Msg:
    """A file that ``json.loads`` refused (``json.JSONDecodeError``): where, and why."""
    return Msg(
        "The JSON file is damaged at line %(line)s, column %(column)s: %(why)s.",
        line=error.lineno,
        column=error.colno,
        why=json_problem(error),
    )
