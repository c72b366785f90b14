"""Where to get help: the configurable list of treatment, harm-reduction and crisis services,
in the person's language (``sitecare.domain.help_resources`` checks and translates it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sitecare.config import Settings
from sitecare.domain.errors import InvalidInput
from sitecare.domain.help_resources import check_resources, resources_in
from sitecare.domain.language import DEFAULT_LANGUAGE
from sitecare.domain.messages import Msg, gettext_for
from sitecare.domain.yamlload import load_data, safe_load


def help_resources(settings: Settings, language: str = DEFAULT_LANGUAGE) -> list[dict[str, Any]]:
    """The services list in ``language``: a program's own file when configured, else the one
    sitecare ships. Each entry says which of its words are shown in English (``english``,
    ``in_english``); none is ever left out."""
    return resources_in(_entries(settings), language, gettext_for(language))


def _entries(settings: Settings) -> list[dict[str, Any]]:
    if not settings.resources_file:
        return check_resources(load_data("resources.yaml"))
    path = Path(settings.resources_file)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(
            Msg(
                "Cannot read the resources file %(path)s: %(why)s.",
                path=str(path),
                why=exc.strerror,
            ),
            field="resources_file",
        ) from None
    try:
        data = json.loads(text) if path.suffix == ".json" else safe_load(text)
    except ValueError as exc:  # json's and PyYAML's errors; YAML's say the line
        raise InvalidInput(
            Msg(
                "The resources file %(name)s is not valid %(kind)s: %(error)s",
                name=path.name,
                kind=_kind(path),
                error=str(exc),
            ),
            field="resources_file",
        ) from None
    return check_resources(data)


def _kind(path: Path) -> str:
    return "JSON" if path.suffix == ".json" else "YAML"
