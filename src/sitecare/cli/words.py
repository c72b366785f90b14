"""The command line's language: ``--language``, then ``SITECARE_LANGUAGE``, then the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``), then English (``sitecare.domain.language`` decides).

``_("...")`` gives a message in that language, from the gettext catalog
(``sitecare/locale/<lang>/LC_MESSAGES/sitecare.po``). Ids, JSON keys and levels stay English.
"""

from __future__ import annotations

from typing import Any

from sitecare.config import Settings
from sitecare.domain.language import for_cli
from sitecare.domain.messages import N_, gettext_for, localise

__all__ = ["N_", "_", "language", "say", "set_flag"]

_flag: list[str | None] = [None]
_chosen: list[str] = []


def set_flag(value: str | None) -> None:
    """The ``--language`` option (the root callback sets it before any command runs)."""
    _flag[0] = value
    _chosen.clear()


def language() -> str:
    """The language of this command's output."""
    if not _chosen:
        settings = Settings.from_env()
        _chosen.append(for_cli(_flag[0], settings.language, settings.locale))
    return _chosen[0]


def _(text: str) -> str:
    """``text`` in the command's language (English when it has no translation)."""
    return gettext_for(language())(text)


def say(value: Any) -> Any:
    """``value`` with every domain message in it (a :class:`Msg`) in the command's language:
    a site's status, the planner's reasons, warnings (English is the value itself)."""
    return localise(value, language())
