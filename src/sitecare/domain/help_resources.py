"""Where to get help: a services list checked, and said in a person's language.

A list (sitecare's own ``data/resources.yaml``, or a program's ``SITECARE_RESOURCES_FILE``) is
entries of ``name`` and ``what`` (both required), and ``phone``, ``web``, ``where``, ``kind``.
The entry's own words are the English. A program may give them in more languages::

    - name: Riverside Outreach
      what: Wound care on Tuesdays.
      where: Riverside
      translations:
        es: {what: Curación de heridas los martes., where: Riverside}

A word with no translation is shown as written, never dropped: a missing translation must not
hide where to get help. An entry whose ``what`` has none is shown in English and marked so
(``in_english``); ``english`` names every field shown in English (a page marks them
``lang="en"``). Pure: the caller reads the file and passes its data in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitecare.domain.errors import InvalidInput
from sitecare.domain.language import DEFAULT_LANGUAGE, LANGUAGES
from sitecare.domain.messages import N_, Msg

REQUIRED = ("name", "what")
#: the words of an entry that a program may give in more languages
TRANSLATED = ("name", "what", "where")
FIELD = "resources_file"


def check_resources(data: Any) -> list[dict[str, Any]]:
    """The entries of a services list, or :class:`InvalidInput` naming every problem."""
    if not isinstance(data, list) or not data:
        raise InvalidInput(
            Msg(
                "The resources file must be a list of entries, each with a name and what it offers."
            ),
            field=FIELD,
        )
    problems = [p for number, item in enumerate(data, 1) for p in _entry_problems(number, item)]
    if problems:
        said = problems[0]
        for more in problems[1:]:  # every problem at once, each said in the person's language
            said = Msg("%(first)s %(next)s", first=said, next=more)
        raise InvalidInput(
            Msg("The resources file has mistakes. %(problems)s", problems=said), field=FIELD
        )
    return [dict(item) for item in data]


def _entry_problems(number: int, item: Any) -> list[str]:
    if not isinstance(item, dict) or not all(_words(item.get(k)) for k in REQUIRED):
        return [Msg("Entry %(number)s needs a name and what it offers.", number=number)]
    found = item.get("translations")
    if found is None:
        return []
    name = item["name"]
    if not isinstance(found, dict):
        return [Msg(_NOT_A_MAP, number=number, name=name)]
    problems: list[str] = []
    for code, words in found.items():
        if code not in LANGUAGES or code == DEFAULT_LANGUAGE:
            others = ", ".join(c for c in LANGUAGES if c != DEFAULT_LANGUAGE)
            problems.append(Msg(_NOT_A_LANGUAGE, number=number, name=name, code=code, codes=others))
        elif not isinstance(words, dict) or not words:
            problems.append(Msg(_NOT_A_MAP, number=number, name=name))
        else:
            problems += _word_problems(number, name, code, words)
    return problems


_NOT_A_MAP = N_(
    "Entry %(number)s (%(name)s): translations must be a language code with its words, "
    "like 'es: {what: ...}'."
)
_NOT_A_LANGUAGE = N_(
    "Entry %(number)s (%(name)s): translations has %(code)r; sitecare can show %(codes)s "
    "(the entry's own words are the English)."
)


def _word_problems(number: int, name: str, code: str, words: dict[Any, Any]) -> list[str]:
    problems: list[str] = []
    for key, value in words.items():
        if key not in TRANSLATED:
            problems.append(
                Msg(
                    "Entry %(number)s (%(name)s): translations.%(code)s can give name, what "
                    "and where, not %(key)r.",
                    number=number,
                    name=name,
                    code=code,
                    key=key,
                )
            )
        elif not _words(value):
            problems.append(
                Msg(
                    "Entry %(number)s (%(name)s): translations.%(code)s.%(key)s must be words.",
                    number=number,
                    name=name,
                    code=code,
                    key=key,
                )
            )
    return problems


def _words(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def resources_in(
    entries: list[dict[str, Any]], language: str, say: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Every entry in ``language``: the program's own translation, else sitecare's catalog
    (``say``, for the shipped list), else the English, marked. Nothing is ever left out."""
    return [_entry_in(entry, language, say) for entry in entries]


def _entry_in(entry: dict[str, Any], language: str, say: Callable[[str], str]) -> dict[str, Any]:
    own = (entry.get("translations") or {}).get(language) or {}
    shown = {k: v for k, v in entry.items() if k != "translations"}
    english: list[str] = []
    for key in TRANSLATED:
        if not entry.get(key):
            continue
        text = own.get(key) or (entry[key] if key == "name" else say(entry[key]))
        shown[key] = text
        if language != DEFAULT_LANGUAGE and key not in own and text == entry[key]:
            english.append(key)
    shown["english"] = english
    shown["in_english"] = "what" in english
    return shown
