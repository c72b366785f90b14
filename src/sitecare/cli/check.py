"""``sitecare check``: read a case or ask the guided questions, then show how urgent it is."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from sitecare.cli.common import (
    DatabaseUrl,
    JsonFlag,
    err,
    handle_errors,
    local_tz,
    now,
    out,
    print_json,
    read_text_input,
    services,
)
from sitecare.domain.errors import InvalidInput
from sitecare.domain.timeparse import parse_when

#: level -> (words, colour, icon). Colour is never the only cue: words and icon say it too.
LEVEL_LOOK = {
    "emergency": ("EMERGENCY: call now", "bold white on red3", "!!!"),
    "urgent": ("See a clinician today", "bold white on dark_orange3", "!!"),
    "soon": ("See a clinician in 1-2 days", "bold black on yellow3", "!"),
    "self_care": ("Care for it at home and watch it", "bold white on dodger_blue3", "i"),
    "routine": ("An ordinary mark: routine care", "bold white on green4", "ok"),
}


def register(app: typer.Typer) -> None:
    app.command("check")(check)


@handle_errors
def check(
    input_: Annotated[
        str | None,
        typer.Option(
            "--input",
            help="A case as JSON (case.schema.json): a file, or - for standard input. "
            "Without it, sitecare asks the questions.",
        ),
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="The site checked, e.g. forearm_left (stores the check).")
    ] = None,
    spot: Annotated[str | None, typer.Option(help="Spot inside the region.")] = None,
    at: Annotated[
        str | None, typer.Option(help="When the site was looked at (default now).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Optional note stored with the check.")] = None,
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """Check a site: how urgent it is, what to do now, and how long to rest the site."""
    current = now()
    when = None if at is None else parse_when(at, now=current, tz=local_tz())
    with services(database_url) as sc:
        if input_ is not None:
            case = _read_case(input_)
        else:
            case = _guided(sc, json_=json_, ask_site=region is None)
        if region is not None:
            case["region"] = region
        result = sc.triage.check(case, now=current, at=when, spot=spot, note=note)
    if json_:
        print_json(result.to_dict())
        return
    show_assessment(result.assessment)
    if result.observation is not None:
        label = sc.atlas.region(result.observation.region or "").label
        out.print(f"Saved as check {result.observation.id} of {label}.")
    elif not json_:
        out.print("Not saved: add --region to keep this check with a site.", style="dim")


def _read_case(source: str) -> dict[str, Any]:
    text = read_text_input(source, field="input")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"The case is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
            field="input",
        ) from None
    except RecursionError:
        raise InvalidInput(
            "The case is nested too deeply to be a triage case.", field="input"
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput("The case must be a JSON object with a findings list.", field="input")
    return data


def show_assessment(a: dict[str, Any]) -> None:
    """Print an assessment for a person: headline first, then what to do."""
    from rich.panel import Panel
    from rich.text import Text

    words, style, icon = LEVEL_LOOK[a["level"]]
    title = Text(f" {icon}  {words} ", style=style)
    body = Text(a.get("headline", ""), style="bold")
    out.print(Panel(body, title=title, title_align="left", border_style=style.split()[-1]))
    if a["conditions"]:
        out.print("[bold]Most likely[/]")
        for c in a["conditions"][:3]:
            out.print(f"  - {c.get('name', c['id'])}")
    if a["reasons"]:
        out.print("[bold]Because[/]")
        for r in a["reasons"]:
            out.print(f"  - {r}")
    out.print("[bold]What to do now[/]")
    for line in a["advice"]:
        out.print(f"  - {line}")
    rest = a["rest_site_days"]
    if rest is None:
        out.print("[bold]Rest this site:[/] do not use it until a doctor or nurse has seen it.")
    elif rest:
        out.print(f"[bold]Rest this site:[/] {rest:g} days.")
    for h in a.get("help", []):
        out.print(f"[dim]Help: {h['name']} ({h.get('contact', '')}): {h.get('what', '')}[/]")
    out.print("[dim]This is guidance, not a diagnosis. If you are worried, get care.[/]")


# -- the guided questions --------------------------------------------------------------------


def _guided(sc: Any, *, json_: bool, ask_site: bool = False) -> dict[str, Any]:
    """Ask the questions screen by screen; red flags first, stopping at the first yes."""
    from rich.panel import Panel
    from rich.text import Text

    say = err if json_ else out
    say.print(
        "[bold]Let's check the site.[/] Answer with the numbers shown. "
        f"If you think it is an emergency, stop and call {sc.settings.emergency_number}."
    )
    answers: dict[str, Any] = {}
    while True:
        step = sc.triage.next_step(answers)
        if step.kind == "stop":
            say.print(
                Panel(
                    Text(step.message, style="bold"),
                    title=Text(" !!!  CALL NOW ", style="bold white on red3"),
                    title_align="left",
                    border_style="red3",
                )
            )
            return dict(step.case)
        if step.kind == "done":
            case = dict(step.case)
            if ask_site:  # not in an emergency: then nothing may delay the call
                site = _ask_site(sc, say)
                if site:
                    case["region"] = site
            return case
        for question in step.screen:
            answers[question.id] = _ask(question, say)
            if question.red_flag and answers[question.id]:
                break  # stop at once: the next step says "call now"


def _ask_site(sc: Any, say: Any) -> str | None:
    """Which site was checked (so it can rest or be blocked), or None to keep it unsaved."""
    say.print()
    say.print("[bold]Which site was this?[/] A region id like forearm_left (see 'sitecare sites').")
    while True:
        raw = _read(say, "region id; Enter to skip and not save the check")
        if not raw:
            return None
        try:
            return str(sc.atlas.region(raw).id)
        except InvalidInput as exc:
            say.print(str(exc), markup=False)


def _ask(q: Any, say: Any) -> Any:
    say.print()
    say.print(f"[bold]{q.text}[/]")
    if q.kind == "yes_no":
        while True:
            raw = _read(say, "y / n").lower()
            if raw in ("y", "yes"):
                return True
            if raw in ("n", "no", ""):
                return False
            say.print("Please answer y or n.")
    if q.kind == "number":
        unit = f" {q.unit}" if q.unit else ""
        while True:
            raw = _read(say, f"number{unit} (Enter to skip)")
            if raw == "":
                return None
            try:
                value = float(raw.replace(",", "."))
            except ValueError:
                say.print("Please type a number, or press Enter to skip.")
                continue
            if (q.minimum is not None and value < q.minimum) or (
                q.maximum is not None and value > q.maximum
            ):
                say.print(f"Please give a number from {q.minimum:g} to {q.maximum:g}.")
                continue
            return value
    for n, opt in enumerate(q.options, start=1):
        say.print(f"  {n}. {opt.text}")
    if q.kind == "checklist":
        say.print("  0. None of these")
    unsure = next((o for o in q.options if o.id in ("not_sure", "not_say")), None)
    hint = "numbers, e.g. 1 3; Enter = none" if q.kind == "checklist" else "a number"
    if q.kind == "choice" and unsure is not None:
        hint += f"; Enter = {unsure.text.lower()}"
    while True:
        raw = _read(say, hint)
        picks = raw.replace(",", " ").split()
        if q.kind == "checklist" and (not picks or picks == ["0"]):
            return []
        if q.kind == "choice" and not picks and unsure is not None:
            return unsure.id
        try:
            chosen = [q.options[int(p) - 1].id for p in picks if int(p) >= 1]
        except (ValueError, IndexError):
            say.print(f"Please use the numbers 1 to {len(q.options)}.")
            continue
        if q.kind == "choice":
            if len(chosen) == 1:
                return chosen[0]
            say.print("Please choose one number.")
            continue
        return sorted(set(chosen), key=chosen.index)


def _read(say: Any, hint: str) -> str:
    say.print(f"[dim]({hint})[/] > ", end="")
    line = sys.stdin.readline()
    if line == "":
        raise InvalidInput("No answer was given (input ended), so the check stopped.")
    return line.strip()
