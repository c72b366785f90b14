"""``sitecare rules``: list the triage rules and lint the rule base (for clinicians and editors)."""

from __future__ import annotations

from typing import Annotated

import typer

from sitecare.cli.common import JsonFlag, err, handle_errors, out, print_json
from sitecare.cli.helptext import Typer
from sitecare.cli.words import _

rules_app = Typer(
    name="rules",
    help="The triage rules: list them, or check the rule files for mistakes.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app)


@rules_app.command("list")
@handle_errors
def list_rules(
    condition: Annotated[str | None, typer.Option(help="Only rules for this condition id.")] = None,
    json_: JsonFlag = False,
) -> None:
    """Every rule: id, condition, base level and sources."""
    from sitecare.domain.triage import load_rulebase

    rules = [r for r in load_rulebase().rules if condition in (None, r.condition)]
    rows = [
        {
            "id": r.id,
            "title": r.title,
            "condition": r.condition,
            "level": r.level,
            "red_flag": r.red_flag,
            "sources": [i for s in r.sources for i in s.ids],
            "file": r.file,
        }
        for r in rules
    ]
    if json_:
        print_json(rows)
        return
    for row in rows:
        flag = " " + _("(red flag)") if row["red_flag"] else ""
        out.print(
            f"{row['id']}  {row['level']:<9} {row['condition']}{flag}: {row['title']}",
            markup=False,
        )


@rules_app.command("lint")
@handle_errors
def lint() -> None:
    """Check the rule files: unique ids, known findings and levels, sources, and a translation
    of every line a person reads in every shipped language. Exit 1 on errors."""
    from sitecare.domain.triage import load_rulebase, validate_rulebase
    from sitecare.domain.triage.i18n_check import translation_issues

    issues = validate_rulebase() + translation_issues()
    for issue in issues:
        (err if issue.severity == "error" else out).print(str(issue), markup=False)
    errors = [i for i in issues if i.severity == "error"]
    count = len(load_rulebase().rules)
    said = _("%(rules)s rules, %(errors)s errors, %(warnings)s warnings.")
    out.print(said % {"rules": count, "errors": len(errors), "warnings": len(issues) - len(errors)})
    if errors:
        raise typer.Exit(1)
