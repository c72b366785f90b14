"""Docs stay true: every CLI command and every API route is documented."""

from __future__ import annotations

import re
from pathlib import Path

from sitecare.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_every_cli_command_is_in_the_readme() -> None:
    names = {c.name for c in app.registered_commands if c.name}
    documented = set(re.findall(r"`sitecare (\w[\w-]*)", README))
    assert names <= documented, f"undocumented commands: {sorted(names - documented)}"


def test_every_api_route_is_in_the_readme() -> None:
    from sitecare.config import Settings
    from sitecare.web.app import create_app

    web = create_app(Settings(database_url="sqlite://", data_dir=ROOT))
    routes = {
        (method.upper(), path)
        for path, ops in web.openapi()["paths"].items()
        if path.startswith("/api/v1")
        for method in ops
    }
    assert routes, "no API routes found"
    missing = [f"{m} {p}" for m, p in sorted(routes) if f"`{m} {p}`" not in README]
    assert not missing, f"API routes missing from the README: {missing}"
