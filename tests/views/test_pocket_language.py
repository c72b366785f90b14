"""Pocket's language switch, as the web app's: every page links to the other language
(``/language/es?next=<this page>``), the link changes the pages' language and goes back to the
page; the JS side remembers the choice on the phone (tests/pocket/test_browser.py)."""

from __future__ import annotations

import re
from typing import Any

SWITCH = re.compile(r'class="language-switch" href="([^"]+)" lang="[a-z]+"[^>]*>([^<]+)</a>')


def _switch(html: str) -> list[tuple[str, str]]:
    return SWITCH.findall(html)


def test_every_page_has_the_switch_back_to_itself(ok: Any, view: Any) -> None:
    ok("init", {"language": "en-GB,en"})
    for path in ("/", "/log", "/check", "/history", "/help/care", "/settings", "/privacy"):
        assert _switch(view(path)["html"]) == [(f"/language/es?next={path}", "Español")], path
    html = view("/history", query={"region": "forearm_left"})["html"]
    assert _switch(html) == [("/language/es?next=/history%3Fregion%3Dforearm_left", "Español")]


def test_the_switch_changes_the_language_and_goes_back(ok: Any, view: Any) -> None:
    ok("init", {"language": "en"})
    answer = view("/language/es", query={"next": "/log"})
    assert (answer["status"], answer["location"], answer["writes"]) == (303, "/log", [])
    page = view("/log")["html"]
    assert '<html lang="es">' in page and ">Inicio</a>" in page
    assert _switch(page) == [("/language/en?next=/log", "English")]
    assert view("/language/en", query={"next": "/"})["location"] == "/"
    assert '<html lang="en">' in view("/")["html"]


def test_the_switch_goes_only_to_pocket_pages_and_languages_it_speaks(ok: Any, view: Any) -> None:
    ok("init", {"language": "en"})
    for far in ("//evil.example/", "https://evil.example/", "/\\evil.example", None):
        query = {"next": far} if far else {}
        assert view("/language/es", query=query)["location"] == "/", far
    view("/language/en")
    refused = view("/language/fr", query={"next": "/log"})
    assert refused["status"] == 422 and "sitecare does not speak &#39;fr&#39;." in refused["html"]
    refused = view("/language/ES")
    assert refused["status"] == 422 and '<html lang="en">' in refused["html"]  # unchanged
