"""The log form sent: the injection recorded and the page that says so, or the form again with
the problem. The web page (``web.pages.personal``) and pocket's page (``views.journey_pages``)
both answer with this, so a person sees the same whichever they use. Pure, like
``views.context``: ``sc`` is a service facade, the clock and the zone are parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from sitecare.domain.errors import InvalidInput
from sitecare.domain.timeparse import parse_when
from sitecare.views.context import log_context, logged_context

__all__ = ["LogForm", "log_submitted"]


@dataclass(frozen=True)
class LogForm:
    """The log form's answers as sent (an empty field is one not given; ``at`` is in the
    person's words)."""

    region: str
    spot: str | None = None
    route: str | None = None
    at: str | None = None
    medicine: str | None = None
    note: str | None = None


def log_submitted(
    sc: Any, form: LogForm, *, now: datetime, tz: tzinfo
) -> tuple[str, dict[str, Any], int]:
    """The template, context and status the sent form leads to: ``logged.html`` with the
    warnings from the moment of logging, or ``log.html`` as filled in with the problem (422).
    ``at`` is read in ``tz``."""
    try:
        result = _record(sc, form, now=now, tz=tz)
    except InvalidInput as exc:
        return "log.html", _refused_context(sc, now, exc, form), 422
    return "logged.html", logged_context(sc, result.injection, result.warnings), 200


def _record(sc: Any, form: LogForm, *, now: datetime, tz: tzinfo) -> Any:
    when = now if not form.at else parse_when(form.at, now=now, tz=tz)
    return sc.records.log_injection(
        region=form.region,
        spot=form.spot or None,
        route=form.route or None,
        at=when,
        now=now,
        medicine=form.medicine,
        note=form.note,
    )


def _refused_context(
    sc: Any, current: datetime, exc: InvalidInput, form: LogForm
) -> dict[str, Any]:
    """The form again, as filled in, with the problem."""
    try:
        reg = sc.atlas.region(form.region)
    except InvalidInput:
        reg = None
    spot, route = form.spot or None, form.route or None
    context = log_context(sc, current, reg, spot=spot, route=route, medicine=form.medicine)
    context.update(
        now_value=form.at or context["now_value"],
        errors={exc.field or "form": str(exc)},
        values={"medicine": form.medicine or "", "note": form.note or ""},
    )
    return context
