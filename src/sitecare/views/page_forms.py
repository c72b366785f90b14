"""What pocket's pages read and answer: submitted form values (``FormValues``), the answer
to one request (``Answer``), and the small readers of query and form values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sitecare.domain.atlas import ROUTES
from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.messages import counted, localise

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


class FormValues:
    """Submitted fields as ``{name: text | [texts]}``, read like Starlette's FormData."""

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        self._data: dict[str, list[str]] = {}
        for key, value in (data or {}).items():
            values = value if isinstance(value, list | tuple) else [value]
            self._data[str(key)] = ["" if v is None else str(v) for v in values]

    def get(self, key: str, default: Any = None) -> Any:
        values = self._data.get(key)
        return values[0] if values else default

    def getlist(self, key: str) -> list[str]:
        return list(self._data.get(key, []))

    def text(self, key: str, *, limit: int | None = None) -> str | None:
        value = self.get(key)
        if value is None:
            return None
        text = str(value)
        if limit is not None and len(text) > limit:
            raise InvalidInput(f"The {key} is longer than {limit} characters.", field=key)
        return text


@dataclass
class Answer:
    status: int
    html: str
    location: str | None = None

    def to_dict(self) -> dict[str, Any]:
        found = _TITLE.search(self.html)
        title = found.group(1).strip() if found else "sitecare"
        return {
            "status": self.status,
            "html": self.html,
            "location": self.location,
            "title": title.replace("&amp;", "&").replace("&#39;", "'").replace("&#34;", '"'),
        }


def _route_param(q: FormValues, key: str = "route") -> str | None:
    value = q.get(key)
    if value in (None, ""):
        return None
    if value not in ROUTES:
        raise InvalidInput(
            f"Unknown route {value!r}.",
            field=key,
            hint="Valid values: " + ", ".join(ROUTES) + ".",
        )
    return str(value)


def _int(q: FormValues, key: str, default: int, low: int, high: int) -> int:
    raw = q.get(key)
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise InvalidInput(f"The {key} must be a whole number.", field=key) from None
    if not low <= value <= high:
        raise InvalidInput(f"The {key} must be between {low} and {high}.", field=key)
    return value


def _id(text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise NotFound("There is no such page.")
    return int(text)


def _import_words(report: Mapping[str, int], language: str = "en") -> str:
    """What an import added, in ``language``: "2 injections, 1 check, 0 settings"."""
    added = [report[k] for k in ("injections_added", "observations_added", "settings_added")]
    parts = [
        counted("%(count)s injection", "%(count)s injections", added[0], count=added[0]),
        counted("%(count)s check", "%(count)s checks", added[1], count=added[1]),
        counted("%(count)s setting", "%(count)s settings", added[2], count=added[2]),
    ]
    words = ", ".join(localise(parts, language))
    if kept := report["skipped_existing"]:
        said = counted(
            "%(words)s (%(count)s already here, kept once)",
            "%(words)s (%(count)s already here, kept once)",
            kept,
            words=words,
            count=kept,
        )
        return str(localise(said, language))
    return words
