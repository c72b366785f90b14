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
from sitecare.domain.timeparse import parse_when

LEVEL_WORDS = {
    "emergency": "emergency",
    "urgent": "get care today",
    "soon": "see a clinician in 1-2 days",
    "self_care": "care at home",
    "routine": "ordinary mark",
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
        out.print("No site is due for a re-check.")
        return
    for d in items:
        late = "overdue since" if d.overdue else "due since"
        level = LEVEL_WORDS.get(d.level or "", d.level or "")
        out.print(f"{d.label} ({d.region}): {late} {fmt_time(d.due_at)}; last check: {level}.")
        out.print(f"  {d.why}", style="dim", highlight=False)
        out.print(f"  Check it again: sitecare check --region {d.region}", style="dim")


def show_follow(assessment: dict[str, Any], engine_level: str, show: Any) -> None:
    """After a check was stored: what the comparison found, the raised result, when to look
    again. ``show`` prints a whole assessment (the check command's printer)."""
    course = assessment.get("course")
    if isinstance(course, dict) and course.get("summary"):
        out.print(str(course["summary"]), style="bold", highlight=False)
        if course.get("slower"):
            out.print(str(course["slower"]), highlight=False)
    if assessment["level"] != engine_level:
        out.print("Because of how it has changed, this is more urgent now:", style="bold")
        show(assessment)
    recheck = assessment.get("recheck")
    if isinstance(recheck, dict) and recheck.get("at"):
        at = datetime.fromisoformat(str(recheck["at"])).astimezone(local_tz())
        out.print(f"Look at it again by {fmt_time(at)}: {recheck['why']}", highlight=False)
