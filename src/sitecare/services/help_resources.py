"""Where to get help: the configurable list of treatment, harm-reduction and crisis services."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sitecare.config import Settings
from sitecare.domain.errors import InvalidInput
from sitecare.domain.yamlload import load_data, safe_load

REQUIRED = ("name", "what")


def help_resources(settings: Settings) -> list[dict[str, Any]]:
    """The services list: a program's own file when configured, else the one sitecare ships."""
    if settings.resources_file:
        path = Path(settings.resources_file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(
                f"Cannot read the resources file {path}: {exc.strerror}.", field="resources_file"
            ) from None
        data = json.loads(text) if path.suffix == ".json" else safe_load(text)
    else:
        data = load_data("resources.yaml")
    if not isinstance(data, list) or not all(
        isinstance(item, dict) and all(item.get(k) for k in REQUIRED) for item in data
    ):
        raise InvalidInput(
            "The resources file must be a list of entries, each with a name and what it offers.",
            field="resources_file",
        )
    return [dict(item) for item in data]
