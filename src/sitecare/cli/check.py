"""``sitecare check``: read a case or ask the guided questions, then show how urgent it is."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sitecare.cli.common import (
    DatabaseUrl,
    JsonFlag,
    err,
    handle_errors,
    local_tz,
    now,
    out,
    read_text_input,
    services,
)
from sitecare.cli.follow import say_saved
from sitecare.cli.photos import PhotoFiles, keep_photos, prepare_photos
from sitecare.cli.words import _, language
from sitecare.domain.errors import InvalidInput
from sitecare.domain.json_errors import json_problem
from sitecare.domain.localdates import decimal
from sitecare.domain.messages import Msg
from sitecare.domain.timeparse import parse_when

if TYPE_CHECKING:
    from sitecare.services.app import Sitecare

#: level -> the colour it is shown in. Colour is never the only cue: the level's words and
#: icon (from the vocabulary) say it too.
LEVEL_STYLE = {
    "emergency": "bold white on red3",
    "urgent": "bold white on dark_orange3",
    "soon": "bold black on yellow3",
    "self_care": "bold white on dodger_blue3",
    "routine": "bold white on green4",
}
#: typed at any question to go back one question
BACK = "b"
#: answers to a yes-or-no question, in every shipped language
YES = ("y", "yes", "s", "si", "sí")
NO = ("n", "no", "")


class _Back:
    """The answer "go back one question"."""


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
        str | None,
        typer.Option(
            help="The site checked (stores the check): an id like forearm_left, or words like "
            "'left inner elbow' or 'lower left belly'."
        ),
    ] = None,
    spot: Annotated[str | None, typer.Option(help="Spot inside the region.")] = None,
    at: Annotated[
        str | None, typer.Option(help="When the site was looked at (default now).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Optional note stored with the check.")] = None,
    photo: PhotoFiles = None,
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """Check a site: how urgent it is, what to do now, and when to get more help.

    Without --input it asks the questions, red flags first; type b at any question to go back.
    """
    current = now()
    when = None if at is None else parse_when(at, now=current, tz=local_tz())
    with services(database_url) as sc:
        # everything that could refuse the check is checked before the first question, so no
        # answer is ever thrown away
        region, spot = _site(sc, region, spot)
        if photo and region is None and input_ is None:
            said = _("--photo needs --region: which site does it show?")
            raise InvalidInput(said, field="photo")
        prepared = prepare_photos(sc, photo or [])
        called = False
        if input_ is not None:
            case = _read_case(input_)
        else:
            case, called = _guided(sc, json_=json_, ask_site=region is None)
        if region is not None:
            case["region"] = region
        engine = sc.triage.assess(case)
        if not json_:
            # show the advice before saving: a database problem can never hide it
            show_assessment(engine, called=called)
        result = sc.triage.check(case, now=current, at=when, spot=spot, note=note)
        kept = keep_photos(sc, result.observation, prepared, now=current)
    say_saved(sc, result, kept, engine_level=engine["level"], show=show_assessment, json_=json_)


def _site(sc: Any, region: str | None, spot: str | None) -> tuple[str | None, str | None]:
    """The region and spot by their ids (checked before the first question)."""
    if region is not None:
        reg = sc.atlas.region(region)
        return reg.id, None if spot is None else reg.spot(str(spot)).id
    if spot is not None:
        raise InvalidInput(_("--spot needs --region: which site is the spot in?"), field="spot")
    return None, None


def _read_case(source: str) -> dict[str, Any]:
    text = read_text_input(source, field="input")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        bad = Msg(
            "The case is not valid JSON (line %(line)s, column %(column)s: %(why)s).",
            line=exc.lineno,
            column=exc.colno,
            why=json_problem(exc),
        )
        raise InvalidInput(_(bad), field="input") from None
    except RecursionError:
        raise InvalidInput(
            _("The case is nested too deeply to be a triage case."), field="input"
        ) from None
    if not isinstance(data, dict):
        said = _("The case must be a JSON object with a findings list.")
        raise InvalidInput(said, field="input")
    return data


def _call_box(message: str, lines: list[str] | tuple[str, ...] = ()) -> Any:
    from rich.panel import Panel
    from rich.text import Text

    body = Text(message, style="bold")
    for line in lines:
        body.append("\n" + line, style="")
    return Panel(
        body,
        title=Text(" !!!  " + _("CALL NOW") + " ", style="bold white on red3"),
        title_align="left",
        border_style="red3",
    )


def _list(lines: list[str] | tuple[str, ...], *, numbered: bool = False) -> Any:
    """Lines as a list whose wrapped lines hang under their own text, not the bullet."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for n, line in enumerate(lines, start=1):
        grid.add_row(f"  {n}." if numbered else "  -", line)
    return grid


def show_assessment(a: dict[str, Any], *, called: bool = False) -> None:
    """Print an assessment for a person: the level, what to do now, when to get more help.

    ``called``: the CALL NOW box was already printed (the guided check stopped at a red flag),
    so it is not printed twice.
    """
    from rich.panel import Panel
    from rich.text import Text

    from sitecare.domain.triage import load_vocabulary

    look, style = load_vocabulary().level_look(a["level"]), LEVEL_STYLE[a["level"]]
    words, icon = look.label, look.text_icon
    do_now = list(a.get("do_now") or a["advice"][:1])
    if a["level"] == "emergency":
        if not called:
            out.print()
            out.print(_call_box(do_now[0], [a.get("headline", "")]))
        rest_now = do_now[1:]
    else:
        title = Text(f" {icon}  {_(words)} ", style=style)
        body = Text(a.get("headline", ""), style="bold")
        out.print(Panel(body, title=title, title_align="left", border_style=style.split()[-1]))
        rest_now = do_now
    if rest_now:
        out.print("[bold]" + _("Do this now") + "[/]")
        out.print(_list(rest_now, numbered=True))
    _show_safety_net(a)
    care = a.get("care")
    if care is None:  # an older assessment without the split: everything is advice
        care = [line for line in a["advice"] if line not in do_now + a.get("safety_net", [])]
    if care:
        out.print("[bold]" + _("Looking after it") + "[/]")
        out.print(_list(care))
    if a["conditions"]:
        out.print("[bold]" + _("Most likely") + "[/]")
        out.print(_list([c.get("name", c["id"]) for c in a["conditions"][:3]]))
    if a["reasons"]:
        out.print("[bold]" + _("Because") + "[/]")
        out.print(_list(a["reasons"]))
    for h in a.get("help", []):
        help_ = _("Help")
        out.print(f"[dim]{help_}: {h['name']} ({h.get('contact', '')}): {h.get('what', '')}[/]")
    guidance = _("This is guidance, not a diagnosis. If you are worried, get care.")
    out.print("[dim]" + guidance + "[/]")


def _show_safety_net(a: dict[str, Any]) -> None:
    """The safety net in its own box, every line (nothing is ever cut)."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    groups = a.get("safety_net_groups") or [{"lead": "", "items": list(a.get("safety_net", []))}]
    parts: list[Any] = []
    for g in groups:
        if g["lead"] and g.get("target") != "waiting":  # the box title says "While you wait"
            parts.append(Text(g["lead"] + ":", style="bold"))
        parts.append(_list(g["items"]))
    if any(g["items"] for g in groups):
        title = _("While you wait") if a["level"] == "emergency" else _("When to get more help")
        out.print(Panel(Group(*parts), title=Text(f" {title} ", style="bold"), title_align="left"))


# -- the guided questions --------------------------------------------------------------------


def _guided(sc: Sitecare, *, json_: bool, ask_site: bool = False) -> tuple[dict[str, Any], bool]:
    """Ask the questions one by one, red flags first; stop at the first yes.

    Returns the case and whether it stopped with the CALL NOW box (already printed).
    """
    say = err if json_ else out
    say.print(
        "[bold]"
        + _("Let us check the site.")
        + "[/] "
        + _("Answer with the numbers shown; type b to go back.")
        + " "
        + _("If you think it is an emergency, stop and call %(number)s.")
        % {"number": sc.settings.emergency_number}
    )
    answers: dict[str, Any] = {}
    order: list[str] = []
    screen_shown: int | None = None
    while True:
        step = sc.triage.next_step(answers)
        if step.kind == "stop":
            # once, on its own lines, before anything else: nothing may delay the call
            say.print()
            say.print(_call_box(step.message, step.red_flags))
            return dict(step.case), True
        if step.kind == "done":
            case = dict(step.case)
            if ask_site:  # not in an emergency: then nothing may delay the call
                site = _ask_site(sc, say)
                if site:
                    case["region"] = site
            return case, False
        question = step.screen[0]
        if question.screen != screen_shown:
            say.print()
            step_words = _("Step %(number)s of about %(total)s")
            say.print(f"[dim]{step_words % {'number': step.number, 'total': step.total}}[/]")
            screen_shown = question.screen
        answer = _ask(question, say, can_go_back=bool(order))
        if isinstance(answer, _Back):
            answers.pop(order.pop(), None)
            screen_shown = None
            continue
        answers[question.id] = answer
        order.append(question.id)


def _ask_site(sc: Sitecare, say: Any) -> str | None:
    """Which site was checked (so it can rest or be blocked), or None to keep it unsaved."""
    say.print()
    say.print(
        "[bold]"
        + _("Which site was this?")
        + "[/] "
        + _("So the check is kept with it and the site can rest.")
    )
    while True:
        raw = _read(
            say, _("For example forearm_left or 'left inner elbow'. Enter to skip (not saved)")
        )
        if not raw:
            return None
        try:
            return str(sc.atlas.region(raw).id)
        except InvalidInput as exc:
            say.print(_(exc.message) + ("\n" + _(exc.hint) if exc.hint else ""), markup=False)


def _ask(q: Any, say: Any, *, can_go_back: bool) -> Any:
    from sitecare.domain.triage.questionnaire import read_number

    back = _("; b to go back") if can_go_back else ""
    say.print(f"[bold]{q.text}[/]")
    if q.kind == "yes_no":
        while True:
            raw = _read(say, _("y or n") + back).lower()
            if raw == BACK and can_go_back:
                return _Back()
            if raw in YES:
                return True
            if raw in NO:
                return False
            say.print(_("Please answer y or n."))
    if q.kind == "number":
        if "°F" in q.units:
            hint = _("°C or °F, e.g. 38.5 or 101.3F. Enter to skip")
        elif q.unit:
            hint = _("Number of %(unit)s. Enter to skip") % {"unit": q.unit}
        else:
            hint = _("A number. Enter to skip")
        while True:
            raw = _read(say, hint + back)
            if raw.lower() == BACK and can_go_back:
                return _Back()
            try:
                return read_number(q, raw)
            except InvalidInput:
                say.print(_number_help(q.minimum, q.maximum, "°F" in q.units))
    for n, opt in enumerate(q.options, start=1):
        say.print(f"  {n}. {opt.text}")
    if q.kind == "checklist":
        say.print("  0. " + _("None of these"))
    unsure = next((o for o in q.options if o.id in ("not_sure", "not_say")), None)
    hint = _("Numbers, e.g. 1 3. Enter for none") if q.kind == "checklist" else _("A number")
    if q.kind == "choice" and unsure is not None:
        hint += ". " + _("Enter for: %(answer)s") % {"answer": unsure.text}
    while True:
        raw = _read(say, hint + back)
        if raw.lower() == BACK and can_go_back:
            return _Back()
        picks = raw.replace(",", " ").split()
        if q.kind == "checklist" and (not picks or picks == ["0"]):
            return []
        if q.kind == "choice" and not picks and unsure is not None:
            return unsure.id
        try:
            chosen = [q.options[int(p) - 1].id for p in picks if int(p) >= 1]
        except (ValueError, IndexError):
            say.print(_("Please use the numbers 1 to %(last)s.") % {"last": len(q.options)})
            continue
        if q.kind == "choice":
            if len(chosen) == 1:
                return chosen[0]
            say.print(_("Please choose one number."))
            continue
        return sorted(set(chosen), key=chosen.index)


def _number_help(low: float | None, high: float | None, fahrenheit: bool) -> str:
    if low is not None and high is not None:
        text = _("Please type a number from %(low)s to %(high)s") % {
            "low": decimal(low, language()),
            "high": decimal(high, language()),
        }
    else:
        text = _("Please type a number")
    if fahrenheit:
        text += " " + _("(or in °F, e.g. 101.3F)")
    return text + ", " + _("or press Enter to skip.")


def _read(say: Any, hint: str) -> str:
    say.print(f"[dim]{hint}[/] > ", end="")
    line = sys.stdin.readline()
    if line == "":
        raise InvalidInput(_("No answer was given (input ended), so the check stopped."))
    if not sys.stdin.isatty():  # answers from a file or a pipe: end the prompt's line
        say.print(line.strip(), style="dim")
    return line.strip()
