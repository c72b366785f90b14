"""Which language to speak: the one place that decides, for every front end.

* the command line: ``--language``, then ``SITECARE_LANGUAGE``, then the locale (``LC_ALL``,
  ``LC_MESSAGES``, ``LANG``), then English;
* the web app and pocket: the switch remembered on the device (the ``sitecare_language``
  cookie; pocket keeps it in local storage), then the browser's ``Accept-Language``, then
  English.

Only languages sitecare ships (:data:`LANGUAGES`) are ever chosen. Pure: the front ends read
the flag, the environment (through :mod:`sitecare.config`), the cookie and the header, and
pass them in.
"""

from __future__ import annotations

from collections.abc import Iterable

#: every language sitecare ships; English is the source and the fallback
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
#: the cookie (web) that remembers the language switch
COOKIE = "sitecare_language"
#: the name of each language in itself, for the switch
NAMES = {"en": "English", "es": "Español"}


def shipped(value: str | None) -> str | None:
    """``"es-MX"``, ``"es_ES.UTF-8"`` -> ``"es"``; ``None`` for a language sitecare lacks."""
    if not value:
        return None
    base = value.strip().replace("_", "-").split(".")[0].split("@")[0].split("-")[0].lower()
    return base if base in LANGUAGES else None


def normalise_language(language: str | None) -> str:
    """A shipped language (``"es-MX"`` -> ``"es"``), English for anything else."""
    return shipped(language) or DEFAULT_LANGUAGE


def first_shipped(values: Iterable[str | None]) -> str:
    """The first value that names a shipped language, else English."""
    for value in values:
        if (lang := shipped(value)) is not None:
            return lang
    return DEFAULT_LANGUAGE


def for_cli(flag: str | None, setting: str | None, locale: Iterable[str | None] = ()) -> str:
    """``--language``, then ``SITECARE_LANGUAGE``, then the locale variables, then English.
    ``C`` and ``POSIX`` locales name no language, so they fall through to English."""
    return first_shipped([flag, setting, *locale])


def parse_accept_language(header: str | None) -> list[str]:
    """The languages of an ``Accept-Language`` header, most wanted first (``q=0`` dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and q > 0:
            ranked.append((-q, i, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def for_web(cookie: str | None, accept_language: str | None, default: str | None = None) -> str:
    """The remembered switch, then the browser's languages, then ``default`` (the server's
    SITECARE_LANGUAGE), then English."""
    return first_shipped([cookie, *parse_accept_language(accept_language), default])
