"""The words pocket's own scripts say (``app.js``, ``worker.js``), in every shipped language.

The scripts say each line through ``t("English line", {name: value})``: one double-quoted
literal, with ``%(name)s`` placeholders as in the Python catalogs. ``scripts/i18n.py`` extracts
these lines with Babel's JavaScript extractor into the same gettext catalogs; the build reads
them back here (no Babel at build time) and gives each script a table per language, which the
script looks up by the page's language (English, the source, needs none). A test checks that
this reader and Babel find the same lines.
"""

from __future__ import annotations

import json
import re

from sitecare.domain.language import DEFAULT_LANGUAGE, LANGUAGES
from sitecare.domain.messages import gettext_for

_CALL = re.compile(r'\bt\(\s*"((?:[^"\\\n]|\\.)*)"')


def script_lines(source: str) -> list[str]:
    """Every line a script says through ``t("...")``, in first-seen order."""
    seen: dict[str, None] = {}
    for match in _CALL.finditer(source):
        seen.setdefault(json.loads(f'"{match.group(1)}"'), None)
    return list(seen)


def script_words(source: str) -> dict[str, dict[str, str]]:
    """``{language: {English line: its translation}}`` for each shipped language but English."""
    lines = script_lines(source)
    return {
        code: {line: gettext_for(code)(line) for line in lines}
        for code in LANGUAGES
        if code != DEFAULT_LANGUAGE
    }
