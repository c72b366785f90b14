"""``sitecare due``: the sites to look at again; and what a stored re-check found."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from sitecare.cli.common import (
    DatabaseUrl,
    JsonFlag,
    fmt_time,
    handle_errors,
    local_tz,
    now,
    out,
    print_json,
    services,
)
from sitecare.cli.words import N_, _
from sitecare.domain.messages import counted
from sitecare.domain.timeparse import parse_when

LEVEL_WORDS = {
    "emergency": N_("emergency"),
    "urgent": N_("get care today"),
    "soon": N_("see a clinician in 1-2 days"),
    "self_care": N_("care at home"),
    "routine": N_("ordinary mark"),
}


def register(app: typer.Typer) -> None:
    app.command("due")(due)


@handle_errors
def due(
    at: Annotated[
        str | None,
        typer.Option(help="List what is due at this time (default now), e.g. 'tomorrow 9:00'."),
    ] = None,
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """The sites whose re-check is due or overdue: where, since when, the last level and why."""
    current = now()
    when = None if at is None else parse_when(at, now=current, tz=local_tz())
    with services(database_url) as sc:
        items = sc.triage.due(now=current, at=when)
    if json_:
        print_json([d.to_dict() for d in items])
        return
    if not items:
        out.print(_("No site is due for a re-check."))
        return
    for d in items:
        said = _("%(site)s (%(region)s): overdue since %(when)s; last check: %(level)s.")
        if not d.overdue:
            said = _("%(site)s (%(region)s): due since %(when)s; last check: %(level)s.")
        level = _(LEVEL_WORDS.get(d.level or "", d.level or ""))
        due_at = fmt_time(d.due_at)
        out.print(said % {"site": _(d.label), "region": d.region, "when": due_at, "level": level})
        out.print(f"  {_(d.why)}", style="dim", highlight=False)
        command = f"sitecare check --region {d.region}"
        out.print("  " + _("Check it again: %(command)s") % {"command": command}, style="dim")


def show_follow(assessment: dict[str, Any], engine_level: str, show: Any) -> None:
    """After a check was stored: what the comparison found, the raised result, when to look
    again. ``show`` prints a whole assessment (the check command's printer)."""
    course = assessment.get("course")
    if isinstance(course, dict) and course.get("summary"):
        out.print(_(course["summary"]), style="bold", highlight=False)
        if course.get("slower"):
            out.print(_(course["slower"]), highlight=False)
    if assessment["level"] != engine_level:
        out.print(_("Because of how it has changed, this is more urgent now:"), style="bold")
        show(assessment)
    recheck = assessment.get("recheck")
    if isinstance(recheck, dict) and recheck.get("at"):
        at = datetime.fromisoformat(str(recheck["at"])).astimezone(local_tz())
        said = _("Look at it again by %(when)s: %(why)s")
        out.print(said % {"when": fmt_time(at), "why": _(recheck["why"])}, highlight=False)


def say_saved(
    sc: Any,
    result: Any,
    kept: list[dict[str, Any]],
    *,
    engine_level: str,
    show: Any,
    json_: bool,
) -> None:
    """After ``sitecare check``: where the check was kept, with its photos, and the follow-up."""
    if json_:
        print_json(result.to_dict() | ({"photos": kept} if kept else {}))
        return
    if result.observation is not None:
        label = _(sc.atlas.region(result.observation.region or "").label)
        out.print(
            _("Saved as check %(id)s of %(site)s.") % {"id": result.observation.id, "site": label}
        )
        if kept:
            n = len(kept)
            said = counted(
                "Kept %(n)s photo with it, without any metadata.",
                "Kept %(n)s photos with it, without any metadata.",
                n,
                n=n,
            )
            out.print(_(said))
        show_follow(result.assessment, engine_level, show)
    else:
        out.print(_("Not saved: add --region to keep this check with a site."), style="dim")
