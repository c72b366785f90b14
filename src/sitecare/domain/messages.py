"""The words of the pages and the command line in other languages: gettext catalogs.

``sitecare/locale/<language>/LC_MESSAGES/sitecare.po`` holds them (extracted from the templates
and the CLI with Babel: ``scripts/i18n.py``). This module reads a ``.po`` file itself, with the
standard library only, so the web app, the CLI and pocket (under Pyodide, where there is no
Babel) all read the same catalog the same way and ``pip install -e .`` needs no build step;
``tests/unit/test_messages.py`` checks it reads every entry as Babel does.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files

from sitecare.domain.language import DEFAULT_LANGUAGE, normalise_language

DOMAIN = "sitecare"


def catalog_text(language: str) -> str | None:
    """The text of one language's ``.po`` file (``None`` when it has none)."""
    node = files("sitecare").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    return node.read_text(encoding="utf-8") if node.is_file() else None


def parse_po(text: str) -> dict[str, str]:
    """``msgid`` -> ``msgstr`` of a ``.po`` file's translated, non-fuzzy entries.

    Reads what Babel writes: comments, ``#, fuzzy`` flags and strings split over several
    lines. sitecare uses no plural or context entries."""
    out: dict[str, str] = {}
    entry: dict[str, list[str]] = {}
    key = ""
    fuzzy = False
    for line in (raw.strip() for raw in [*text.splitlines(), ""]):
        starts_entry = line.startswith(("#", "msgid ")) or not line
        if starts_entry and "msgstr" in entry:
            _keep(out, entry, fuzzy)
            entry, key, fuzzy = {}, "", False
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgid ", "msgstr ")):
            key, _, rest = line.partition(" ")
            entry[key] = [ast.literal_eval(rest)]
        elif line.startswith('"') and key:
            entry[key].append(ast.literal_eval(line))
    return out


def _keep(out: dict[str, str], entry: Mapping[str, list[str]], fuzzy: bool) -> None:
    msgid = "".join(entry.get("msgid", []))
    msgstr = "".join(entry.get("msgstr", []))
    if msgid and msgstr and not fuzzy:
        out[msgid] = msgstr


@cache
def messages(language: str) -> Mapping[str, str]:
    """The translations of one shipped language (empty for English)."""
    lang = normalise_language(language)
    if lang == DEFAULT_LANGUAGE:
        return {}
    return parse_po(catalog_text(lang) or "")


def gettext_for(language: str) -> Callable[[str], str]:
    """``gettext`` for ``language``: the translation, or the English text when it has none."""
    table = messages(language)
    return lambda text: table.get(text, text)


def N_(text: str) -> str:  # noqa: N802 - the gettext name for "mark for translation"
    """Mark ``text`` for the catalog without translating it here (it is translated where it
    is shown: ``_(words)``); ``scripts/i18n.py extract`` finds it."""
    return text
