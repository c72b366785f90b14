"""``sitecare resources``: where to get help (treatment, harm-reduction and crisis services),
in the output's language; a program's own list (SITECARE_RESOURCES_FILE) is checked too."""

from __future__ import annotations

from typing import Any

import typer

from sitecare.cli.common import JsonFlag, handle_errors, out, print_json
from sitecare.cli.words import _, language
from sitecare.config import Settings
from sitecare.services.help_resources import help_resources


def register(app: typer.Typer) -> None:
    app.command("resources")(resources)


@handle_errors
def resources(json_: JsonFlag = False) -> None:
    """Where to get help: treatment, harm-reduction and crisis services (a program's own list
    when SITECARE_RESOURCES_FILE names one). Words with no translation are shown in English."""
    entries = help_resources(Settings.from_env(), language())
    if json_:
        print_json(entries)
        return
    out.print("[bold]" + _("Where to find help: treatment and harm-reduction services") + "[/]")
    for entry in entries:
        _print_entry(entry)


def _print_entry(entry: dict[str, Any]) -> None:
    out.print()
    from rich.markup import escape

    where = f" ({entry['where']})" if entry.get("where") else ""
    out.print("[bold]" + escape(entry["name"]) + "[/]" + escape(where))
    if entry["in_english"]:
        out.print("  " + _("Only in English:"), markup=False)
    out.print("  " + entry["what"], markup=False)
    if entry.get("phone"):
        out.print("  " + _("Call %(number)s") % {"number": entry["phone"]}, markup=False)
    if entry.get("web"):
        out.print("  " + entry["web"], markup=False)
