"""Files the web app hands over to save: the program's counts as CSV (the API and the program
page give the same file)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response

from sitecare.domain.programs import Actor
from sitecare.services.program_stats import ProgramStats
from sitecare.web.clock import now


def program_csv(request: Request, actor: Actor, days: int) -> Response:
    """The program's counts of the last ``days`` days as a CSV download."""
    view = ProgramStats(request.app.state.db, actor).view(now=now(), days=days)
    return PlainTextResponse(
        view.to_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="sitecare-program.csv"'},
    )
