"""Commands for the atlas and the log: sites, log, history, delete, undo, erase (export and
import are in ``cli/transfer.py``)."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sitecare.cli import counts as counts_words
from sitecare.cli.common import (
    DatabaseUrl,
    JsonFlag,
    err,
    fmt_time,
    handle_errors,
    local_tz,
    now,
    out,
    print_json,
    services,
)
from sitecare.cli.words import N_, _, language, say
from sitecare.domain.atlas import check_route, load_atlas
from sitecare.domain.errors import InvalidInput
from sitecare.domain.messages import Msg, join_words, lowered
from sitecare.domain.records import Injection, LogResult
from sitecare.domain.routes import ROUTE_LABELS, route_choices, route_words
from sitecare.domain.timeparse import parse_when

if TYPE_CHECKING:
    from sitecare.services.app import Sitecare


def register(app: typer.Typer) -> None:
    app.command("sites")(sites)
    app.command("log")(log)
    app.command("history")(history)
    app.command("delete")(delete)
    app.command("undo")(undo)
    app.command("erase")(erase)


@handle_errors
def sites(
    route: Annotated[str | None, typer.Option(help="Only regions used for this route.")] = None,
    json_: JsonFlag = False,
) -> None:
    """List the body regions, how safe each is per route, and their spots."""
    atlas = load_atlas()
    if route:
        route = check_route(route)
    regions = atlas.for_route(route) if route else atlas.regions
    if json_:
        print_json([r.to_dict() for r in regions])
        return
    from rich.table import Table

    table = Table(title=_("Body regions"), show_lines=False)
    table.add_column(_("region id"), style="bold", no_wrap=True)
    table.add_column(_("where"))
    table.add_column(_("routes (tier)"))
    table.add_column(_("spots"), justify="right")
    style = {"preferred": "green", "caution": "yellow", "avoid": "red"}
    for r in regions:
        routes = ", ".join(
            f"{name} ([{style[rt.tier]}]{_(rt.tier)}[/])" for name, rt in r.routes.items()
        )
        table.add_row(r.id, _(r.label), routes, str(len(r.spots)))
    out.print(table)


@handle_errors
def log(
    region: Annotated[
        str, typer.Argument(help="Region id, e.g. forearm_left (see 'sitecare sites').")
    ],
    spot: Annotated[
        str | None,
        typer.Option(
            help="Spot number inside the region; '--spot help' draws the region's spots with "
            "their state and logs nothing."
        ),
    ] = None,
    route: Annotated[
        str | None,
        typer.Option(
            help=route_choices() + " "
            "(default: the route you logged last, when the place is used for it, else the "
            "place's first route, e.g. intravenous for a forearm; the command says which)."
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(help="When (ISO 8601; default now). Times without a zone are local."),
    ] = None,
    medicine: Annotated[
        str | None, typer.Option(help="Optional medicine or substance label.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Optional note.")] = None,
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """Record an injection ('--spot help' draws the region's spots instead)."""
    current = now()
    when = current if at is None else parse_when(at, now=current, tz=local_tz())
    with services(database_url) as sc:
        if spot is not None and spot.strip().lower() in SPOT_HELP:
            _print_spots(sc, region, route, current)
            return
        try:
            result = sc.records.log_injection(
                region=region,
                spot=spot,
                route=route,
                at=when,
                now=current,
                medicine=medicine,
                note=note,
            )
        except InvalidInput as exc:
            if exc.field == "spot":
                err.print("[bold red]" + _("Error:") + "[/] " + _(exc.message))
                _print_spots(sc, region, route, current, to=err)
                raise typer.Exit(exc.exit_code) from None
            raise
    _print_log_result(result, json_=json_, route_given=route is not None)


def _print_log_result(result: LogResult, *, json_: bool, route_given: bool) -> None:
    """The logged injection (JSON or a line), the route taken when none was given, warnings."""
    if json_:
        print_json(result.to_dict())
    else:
        _print_logged(result.injection)
        if not route_given:
            route = result.injection.route
            words = say(lowered(Msg(ROUTE_LABELS[route]))) if route in ROUTE_LABELS else ""
            said = _("Route: %(route)s (%(words)s), because no --route was given.")
            said %= {"route": route, "words": words}
            err.print(said + " " + _("Give --route to record another."), markup=False)
    for warning in result.warnings:
        err.print("[bold yellow]" + _("Warning:") + "[/] " + _(warning))


#: ``--spot help`` (or ``?``) draws the region's spots instead of logging
SPOT_HELP = ("help", "?", "list")


def _print_spots(
    sc: Sitecare, region: str, route: str | None, at: datetime, *, to: Any = out
) -> None:
    """A small picture of the region's spots and their state (ready, resting, blocked)."""
    from sitecare.domain.spot_picture import spot_picture

    reg = sc.atlas.region(region)
    status = sc.planning.region_status(reg.id, now=at, route=route)
    states = {s.id: s.state for s in status.spots}
    best = [s for s in status.spots if s.state == "ready" and not s.next_to_resting]
    best = best or [s for s in status.spots if s.state == "ready"]
    suggested = min(best, key=lambda s: s.last_used or "").id if best else None
    blocked = status.state == "blocked"
    for line in spot_picture(
        reg, states, suggested=suggested, blocked=blocked, language=language()
    ):
        to.print(line, markup=False)
    to.print(_("Log one with: %(command)s") % {"command": f"sitecare log {reg.id} --spot N"})


def _route(route: str) -> str:
    """The route's id in English (as it always was), its words in another language."""
    return route if language() == "en" else _(route_words(route))


def _site_text(inj: Injection) -> str:
    reg = load_atlas().region(inj.region)
    return _(reg.label) + (", " + _("spot %(spot)s") % {"spot": inj.spot} if inj.spot else "")


def _print_logged(inj: Injection) -> None:
    said = _("Logged injection %(id)s: %(site)s, %(route)s, %(when)s.")
    site, when = _site_text(inj), fmt_time(inj.at)
    route = _route(inj.route)
    out.print(said % {"id": inj.id, "site": site, "route": route, "when": when})


@handle_errors
def history(
    region: Annotated[str | None, typer.Option(help="Only this region.")] = None,
    since: Annotated[str | None, typer.Option(help="Only from this time on (ISO 8601).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many (the newest).")] = None,
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """List recorded injections, oldest first."""
    current = now()
    since_at = (
        None if since is None else parse_when(since, now=current, tz=local_tz(), field="since")
    )
    with services(database_url) as sc:
        items = sc.records.history(
            region=region, since=since_at, limit=limit, newest_first=bool(limit), now=current
        )
    if limit:
        items.reverse()
    if json_:
        print_json([i.to_dict() for i in items])
        return
    if not items:
        out.print(
            _("No injections recorded yet.")
            + " "
            + _("Log one with: %(command)s") % {"command": "sitecare log REGION"}
        )
        return
    from rich.table import Table

    atlas = load_atlas()
    table = Table(title=_("Injections (%(count)s)") % {"count": len(items)})
    for col in (
        N_("id"),
        N_("when"),
        N_("where"),
        N_("spot"),
        N_("route"),
        N_("medicine"),
        N_("note"),
    ):
        table.add_column(_(col), justify="right" if col == "id" else "left")
    for i in items:
        table.add_row(
            str(i.id),
            fmt_time(i.at),
            _(atlas.region(i.region).label),
            i.spot or "",
            _route(i.route),
            i.medicine or "",
            i.note or "",
        )
    out.print(table)


@handle_errors
def delete(
    injection_id: Annotated[
        int, typer.Argument(metavar="ID", help="The injection's id (see 'sitecare history').")
    ],
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """Delete one injection for good."""
    with services(database_url) as sc:
        removed = sc.records.delete_injection(injection_id, now=now())
    _say_removed(removed, _("Deleted injection %(id)s: %(site)s, %(when)s."), json_)


@handle_errors
def undo(database_url: DatabaseUrl = None, json_: JsonFlag = False) -> None:
    """Remove the injection you logged last."""
    with services(database_url) as sc:
        removed = sc.records.undo_last(now=now())
    _say_removed(removed, _("Removed the last entry, injection %(id)s: %(site)s, %(when)s."), json_)


def _say_removed(removed: Injection, said: str, json_: bool) -> None:
    """What ``delete`` and ``undo`` print: the removed injection, as JSON or in a sentence."""
    if json_:
        print_json({"deleted": removed.to_dict()})
    else:
        out.print(
            said % {"id": removed.id, "site": _site_text(removed), "when": fmt_time(removed.at)}
        )


@handle_errors
def erase(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask; erase at once.")] = False,
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """Erase everything you recorded (injections, checks, settings), for good."""
    if not yes:
        if not sys.stdin.isatty():
            raise InvalidInput(
                _("Erasing cannot be undone, so it needs --yes when not asked on a terminal."),
                field="yes",
                hint=_("Export first if you want a copy: %(command)s")
                % {"command": "sitecare export --output my-sitecare.json"},
            )
        err.print(
            _(
                "This deletes every injection, check and setting for good. "
                "Export first if you want a copy (sitecare export)."
            )
        )
        answer = typer.prompt(_("Type 'erase' to go on"), default="", show_default=False)
        if answer.strip().lower() != "erase":
            err.print(_("Nothing was erased."))
            raise typer.Exit(1)
    with services(database_url) as sc:
        counts = sc.transfer.erase_everything(now=now())
    if json_:
        print_json({"erased": counts})
        return
    erased = join_words(
        [
            counts_words.injections(counts["injections"]),
            counts_words.checks(counts["checks"]),
            counts_words.settings(counts["settings"]),
        ]
    )
    out.print(_(Msg("Erased %(what)s.", what=erased)))
