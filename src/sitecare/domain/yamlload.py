"""Reading sitecare's packaged data: YAML in the source tree, JSON where a build made it.

The source keeps the rules, atlas and words as YAML (one truth, easy to review). A build for a
place without PyYAML (pocket, in the browser) writes a ``*.json`` file beside or instead of
each ``*.yaml``: :func:`data_file` prefers that twin when it is there, and :func:`parse` reads
JSON with the standard library, so PyYAML is imported only when YAML is really read.
Both YAML loaders are "safe" (plain data only), libyaml's C loader when PyYAML has it (about
ten times faster); the packaged atlas and rules parse the same either way.
"""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

_PACKAGE = "sitecare"
_YAML_SUFFIXES = (".yaml", ".yml")


class DataError(ValueError):
    """A data file's text is neither valid JSON nor valid YAML (the parser's message)."""


def safe_load(text: str) -> Any:
    """``yaml.safe_load``, faster (PyYAML is imported on first use only); a parse error is
    raised as :class:`DataError`."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise DataError(str(exc)) from exc


def is_json(text: str) -> bool:
    """Does this data file's text hold JSON (a build's twin) rather than YAML?"""
    return text.lstrip()[:1] == "{"


def parse(text: str) -> Any:
    """Parse a data file's text: JSON (an object, as builds write it) or else YAML."""
    if is_json(text):
        try:
            return json.loads(text)
        except ValueError:
            pass  # a YAML flow mapping, not JSON
    return safe_load(text)


def json_name(name: str) -> str:
    """``atlas.yaml`` -> ``atlas.json``: the name a build gives a YAML file's JSON twin."""
    for suffix in _YAML_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)] + ".json"
    return name


def data_file(*parts: str) -> Traversable:
    """The packaged ``sitecare/data/<parts...>`` file: its JSON twin when a build wrote one."""
    node = files(_PACKAGE).joinpath("data")
    for part in parts[:-1]:
        node = node.joinpath(part)
    name = parts[-1]
    twin = json_name(name)
    if twin != name:
        candidate = node.joinpath(twin)
        if candidate.is_file():
            return candidate
    return node.joinpath(name)


def read_data_text(*parts: str) -> str:
    """Text of one packaged data file (the JSON twin's when there is one)."""
    return data_file(*parts).read_text(encoding="utf-8")


def load_data(*parts: str) -> Any:
    """Parse one packaged data file, e.g. ``load_data("atlas.yaml")``."""
    return parse(read_data_text(*parts))
