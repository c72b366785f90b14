from __future__ import annotations

import json

from typer.testing import CliRunner

from sitecare.cli.app import app


def test_rules_lint_is_clean_and_list_names_every_rule() -> None:
    lint = CliRunner().invoke(app, ["rules", "lint"])
    assert lint.exit_code == 0, lint.output
    assert "0 errors" in lint.stdout
    rows = json.loads(CliRunner().invoke(app, ["rules", "list", "--json"]).stdout)
    assert len(rows) >= 30 and all(r["sources"] for r in rows)
    only = json.loads(
        CliRunner().invoke(app, ["rules", "list", "--condition", "abscess", "--json"]).stdout
    )
    assert only and {r["condition"] for r in only} == {"abscess"}
