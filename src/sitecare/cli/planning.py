"""Commands for the rotation planner: next, simulate, settings."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Annotated

import typer

from sitecare.cli.common import (
    DatabaseUrl,
    JsonFlag,
    cli_settings,
    err,
    fmt_time,
    handle_errors,
    local_tz,
    now,
    out,
    print_json,
)
from sitecare.cli.helptext import Typer
from sitecare.cli.words import _, say
from sitecare.domain.messages import number
from sitecare.domain.routes import route_choices
from sitecare.domain.timeparse import parse_when

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sitecare.domain.rotation_settings import PlannerSettings
    from sitecare.domain.simulation import Simulation
    from sitecare.domain.suggestion import Suggestion
    from sitecare.services.planning import Planning

RouteOption = Annotated[
    str | None,
    typer.Option(
        help=route_choices() + " "
        "(default: the medicine's route, your 'route' setting, or the route you logged last)."
    ),
]

settings_app = Typer(
    name="settings",
    help="Show or change your rotation settings: allowed and ruled-out regions per route or "
    "medicine, base rest per route, default route.",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    app.command("next")(next_)
    app.command("simulate")(simulate)
    app.add_typer(settings_app)


def _planning(database_url: str | None) -> AbstractContextManager[Planning]:
    """Only the planning service (a lean import path keeps 'sitecare next' quick)."""
    from sitecare.services.planning import open_planning

    return open_planning(cli_settings(database_url))


def _time(text: str | None, current: datetime, field: str) -> datetime:
    return current if text is None else parse_when(text, now=current, tz=local_tz(), field=field)


@handle_errors
def next_(
    route: RouteOption = None,
    medicine: Annotated[
        str | None, typer.Option(help="Use the regions your settings give this medicine.")
    ] = None,
    at: Annotated[
        str | None, typer.Option(help="When the injection is planned (ISO 8601; default now).")
    ] = None,
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """Suggest the next region and spot, with the reasons."""
    # The full service (it also creates and migrates); the console script answers a plain
    # `sitecare next` on a current SQLite file itself, before this command is built.
    when = _time(at, now(), "at")
    with _planning(database_url) as planning:
        suggestion = planning.suggest(now=when, route=route, medicine=medicine)
    if json_:
        print_json(suggestion.to_dict())
        return
    _print_suggestion(suggestion)


def _print_suggestion(s: Suggestion) -> None:
    from sitecare.cli.suggestion_text import print_suggestion  # one printer for both paths

    print_suggestion(s, out)


@handle_errors
def simulate(
    route: Annotated[str, typer.Option(help="The route to plan for.")],
    per_day: Annotated[int, typer.Option("--per-day", help="Injections a day (evenly spaced).")],
    days: Annotated[int, typer.Option(help="How many days to simulate.")],
    regions: Annotated[
        str | None,
        typer.Option(
            help="Only these regions, comma-separated (ids, or places like thigh_front or "
            "abdomen for both sides or all quarters)."
        ),
    ] = None,
    rest: Annotated[
        float | None, typer.Option(help="Base rest of a spot in days (default: the route's).")
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="First injection (ISO 8601; default today 08:00).")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Run the real planner on an empty history and print every choice (no database is used)."""
    from sitecare.services.planning import simulate as run

    current = now()
    first = (
        datetime.combine(current.date(), time(8, 0), tzinfo=current.tzinfo)
        if start is None
        else _time(start, current, "start")
    )
    result = run(
        route=route, per_day=per_day, days=days, start=first, regions=regions, rest_days=rest
    )
    if json_:
        print_json(result.to_dict())
        return
    _print_simulation(result)


def _print_simulation(sim: Simulation) -> None:
    from sitecare.domain.atlas import load_atlas

    atlas = load_atlas()
    for c in sim.choices:
        where = _("no site to suggest")
        if c.region:
            where = _("%(region)s, spot %(spot)s")
            where %= {"region": _(atlas.region(c.region).label), "spot": c.spot}
        flag = "" if c.ready else "  " + _("(still resting)")
        tier = f"  [{_(c.tier)}]" if c.tier and c.tier != "preferred" else ""
        out.print(f"{fmt_time(c.at)}  {where}{tier}{flag}", markup=False)
    st = sim.stats()
    said = _(
        "%(injections)s injections over %(days)s days, %(spots)s spots in %(regions)s regions."
    )
    count = {"days": sim.days, "spots": st["eligible_spots"], "regions": len(sim.regions)}
    out.print("\n" + said % {"injections": st["injections"], **count})
    if st["min_rest_days"] is not None:
        said = _(
            "Shortest rest of any spot: %(min)s days; best possible %(best)s (ratio %(ratio)s)."
        )
        keys = {"min": "min_rest_days", "best": "best_possible_rest_days", "ratio": "rest_ratio"}
        out.print(said % {k: say(number(st[key], ".2f")) for k, key in keys.items()})
    said = _(
        "Avoid picks: %(avoid_picks)s. Caution picks: %(caution_picks)s. "
        "Picks while every site was resting: %(picks_while_all_resting)s."
    )
    out.print(said % st)


# --- settings ------------------------------------------------------------------------------


def _print_settings(settings: PlannerSettings, json_: bool) -> None:
    from sitecare.domain.rotation_settings import describe_settings

    if json_:
        print_json(settings.to_dict())
        return
    for key, value in describe_settings(settings):
        out.print(f"{key:<32} {_(value)}", markup=False)


@settings_app.callback()
@handle_errors
def settings_show(
    ctx: typer.Context,
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """Show your rotation settings (with the defaults), or change one with 'set' / 'unset'.

    Keys: route; rest.ROUTE (days); regions.ROUTE and exclude.ROUTE (comma-separated regions);
    medicine.LABEL.regions, medicine.LABEL.exclude, medicine.LABEL.route.
    """
    if ctx.invoked_subcommand is not None:
        return
    with _planning(database_url) as planning:
        settings = planning.settings(now=now())
    _print_settings(settings, json_)


@settings_app.command("set")
@handle_errors
def settings_set(
    key: Annotated[
        str,
        typer.Argument(
            help="e.g. rest.subcutaneous, regions.intravenous, 'medicine.bolus insulin.regions'."
        ),
    ],
    value: Annotated[
        str,
        typer.Argument(
            help="Days, a route, or comma-separated regions ('all' removes the setting)."
        ),
    ],
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """Change one setting, e.g. 'set medicine.basal insulin.regions thigh_front'."""
    with _planning(database_url) as planning:
        settings = planning.set_setting(key, value, now=now())
    if not json_:
        err.print(_("Saved %(key)s.") % {"key": key})
    _print_settings(settings, json_)


@settings_app.command("unset")
@handle_errors
def settings_unset(
    key: Annotated[str, typer.Argument(help="The setting to remove (its default applies).")],
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """Remove one setting so its default applies again."""
    with _planning(database_url) as planning:
        settings = planning.unset_setting(key, now=now())
    if not json_:
        err.print(_("Removed %(key)s.") % {"key": key})
    _print_settings(settings, json_)
