"""Read sitecare's packaged triage data (rules, vocabulary, schemas, questions).

Only ``importlib.resources`` and :mod:`sitecare.domain.yamlload`: the domain never touches
the file system by path, so it works the same from a wheel, a zip or a source checkout, and
from a build that turned the YAML into JSON (pocket: no PyYAML in the browser).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from sitecare.domain.yamlload import data_file, json_name, parse

_PACKAGE = "sitecare"


def data_dir(*parts: str) -> Traversable:
    """The packaged ``sitecare/data/<parts...>`` directory (or file)."""
    node = files(_PACKAGE).joinpath("data")
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(*parts: str) -> str:
    """Text of one packaged data file, e.g. ``read_text("triage", "groups.yaml")`` (the text of
    its JSON twin when a build wrote one)."""
    return data_file(*parts).read_text(encoding="utf-8")


def load_yaml(*parts: str) -> Any:
    """Parse one packaged YAML file (or its JSON twin)."""
    return parse(read_text(*parts))


def load_json(*parts: str) -> Any:
    """Parse one packaged JSON file (the triage schemas)."""
    return json.loads(read_text(*parts))


def iter_rule_files() -> Iterator[tuple[str, str]]:
    """Yield ``(relative name, text)`` for every ``rules/<category>/<RULE-ID>.yaml``, sorted.

    Where a build left only JSON twins (``<RULE-ID>.json``) their text is yielded under the
    YAML name, so a rule's ``file`` is the same however the rule base was shipped.
    """
    root = data_dir("rules")
    for category in sorted(root.iterdir(), key=lambda t: t.name):
        if not category.is_dir() or category.name.startswith(("_", ".")):
            continue
        items = {item.name: item for item in category.iterdir() if item.is_file()}
        names = sorted(
            {
                n if n.endswith((".yaml", ".yml")) else n[: -len(".json")] + ".yaml"
                for n in items
                if n.endswith((".yaml", ".yml", ".json"))
            }
        )
        for name in names:
            item = items.get(json_name(name)) or items[name]
            yield f"{category.name}/{name}", item.read_text(encoding="utf-8")
