"""Read sitecare's packaged triage data (rules, vocabulary, schemas, questions).

Only ``importlib.resources`` and ``yaml.safe_load``: the domain never touches the file
system by path, so it works the same from a wheel, a zip or a source checkout.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from sitecare.domain.yamlload import safe_load

_PACKAGE = "sitecare"


def data_dir(*parts: str) -> Traversable:
    """The packaged ``sitecare/data/<parts...>`` directory (or file)."""
    node = files(_PACKAGE).joinpath("data")
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(*parts: str) -> str:
    """Text of one packaged data file, e.g. ``read_text("triage", "groups.yaml")``."""
    return data_dir(*parts).read_text(encoding="utf-8")


def load_yaml(*parts: str) -> Any:
    """Parse one packaged YAML file with ``yaml.safe_load``."""
    return safe_load(read_text(*parts))


def load_json(*parts: str) -> Any:
    """Parse one packaged JSON file (the triage schemas)."""
    return json.loads(read_text(*parts))


def iter_rule_files() -> Iterator[tuple[str, str]]:
    """Yield ``(relative name, text)`` for every ``rules/<category>/<RULE-ID>.yaml``, sorted."""
    root = data_dir("rules")
    for category in sorted(root.iterdir(), key=lambda t: t.name):
        if not category.is_dir() or category.name.startswith(("_", ".")):
            continue
        for item in sorted(category.iterdir(), key=lambda t: t.name):
            if item.is_file() and item.name.endswith((".yaml", ".yml")):
                yield f"{category.name}/{item.name}", item.read_text(encoding="utf-8")
