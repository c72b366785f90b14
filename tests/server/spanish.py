"""Reading a page as a Spanish speaker would: its visible words, and the English of a
template's messages still on it (a message left untranslated, or printed without ``_()``)."""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from sitecare.domain.messages import catalog, messages

ROOT = Path(__file__).resolve().parents[2]
ES = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}
#: attributes a person reads or hears
READ = {"alt", "title", "aria-label", "placeholder"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.extend(v for k, v in attrs if k in READ and v)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    """The words a person reads or hears on the page, one space between pieces."""
    reader = _Text()
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())


@cache
def _extracted() -> dict[str | tuple[str, str], list[str]]:
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.extracted())


def english_left(html: str, *templates: str) -> list[str]:
    """The English messages of ``templates`` (file names) found on a Spanish page: each
    message's pieces between placeholders that have two words or more and that its Spanish
    does not itself contain."""
    spanish, plurals = messages("es"), catalog("es").plural
    text = visible(html)
    left = []
    for msgid, where in _extracted().items():
        if not any(w.rsplit(":", 1)[0].endswith(tuple(templates)) for w in where):
            continue
        # a plural entry: the English of each form, against every Spanish form
        englishes = msgid if isinstance(msgid, tuple) else (msgid,)
        said = (
            " ".join(plurals.get(msgid, ())) if isinstance(msgid, tuple) else spanish.get(msgid, "")
        )
        for piece in (p for english in englishes for p in re.split(r"%\(\w+\)s", english)):
            piece = piece.strip(" .,:;()")
            if len(re.findall(r"[A-Za-z]+", piece)) < 2 or piece in said:
                continue
            if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text):
                left.append(piece)
    return left


def lang(html: str) -> str:
    found = re.search(r'<html lang="([a-z]+)">', html)
    assert found, html[:200]
    return found.group(1)
