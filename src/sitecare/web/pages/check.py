"""The guided check as plain HTML forms: one screen of questions at a time, red flags first.

The answers so far travel in a hidden field, so the flow works without JavaScript and keeps
nothing on the server until the result is stored as a check of the site.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from sitecare.domain.errors import InvalidInput
from sitecare.domain.triage.questionnaire import Question, Step, check_answer
from sitecare.web.deps import ServicesDep, now
from sitecare.web.pages.render import render

router = APIRouter(include_in_schema=False)

LEVEL_LOOK = {
    "emergency": ("Emergency: call now", "!!!"),
    "urgent": ("See a clinician today", "!!"),
    "soon": ("See a clinician in 1 to 2 days", "!"),
    "self_care": ("Care for it at home and watch it", "i"),
    "routine": ("An ordinary mark", "✓"),
}


def _screen_context(
    sc: Any, step: Step, answers: dict[str, Any], region: str | None, error: str | None = None
) -> dict[str, Any]:
    return {
        "active": "Check",
        "screen": step.screen,
        "answers_json": json.dumps(answers),
        "region": region,
        "region_label": sc.atlas.region(region).label if region else None,
        "first": not answers,
        "error": error,
        "step_number": step.screen[0].screen if step.screen else 1,
        "regions": sorted(sc.atlas.regions, key=lambda r: r.label),
    }


@router.get("/check", response_class=HTMLResponse)
def check_start(
    request: Request, sc: ServicesDep, region: Annotated[str | None, Query()] = None
) -> Response:
    if region:
        region = sc.atlas.region(region).id
    step = sc.triage.next_step({})
    return render(request, "check.html", _screen_context(sc, step, {}, region))


@dataclass
class Advance:
    """Where a guided check stands after one screen of answers."""

    step: Step
    answers: dict[str, Any]
    region: str | None
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.error is None and self.step.kind != "ask"

    def case(self) -> dict[str, Any]:
        case = dict(self.step.case)
        if self.region:
            case["region"] = self.region
        return case


def advance(sc: Any, form: FormData) -> Advance:
    """Read one submitted screen (answers so far travel in a hidden field) and step on."""
    try:
        answers = json.loads(str(form.get("answers") or "{}"))
        if not isinstance(answers, dict):
            raise ValueError
    except ValueError:
        raise InvalidInput("The answers sent back were damaged. Please start again.") from None
    region = str(form.get("region") or "") or None
    if region:
        region = sc.atlas.region(region).id
    asked = [q for q in str(form.get("asked") or "").split(",") if q]
    current = sc.triage.next_step(answers)
    by_id = {q.id: q for q in current.screen}
    try:
        for qid in asked:
            if qid in by_id:
                answers[qid] = _read_answer(by_id[qid], form)
    except InvalidInput as exc:
        return Advance(current, answers, region, error=str(exc))
    return Advance(sc.triage.next_step(answers), answers, region)


@router.post("/check", response_class=HTMLResponse)
async def check_answer_screen(request: Request, sc: ServicesDep) -> Response:
    got = advance(sc, await request.form())
    if not got.finished:
        context = _screen_context(sc, got.step, got.answers, got.region, error=got.error)
        return render(request, "check.html", context, status_code=422 if got.error else 200)
    step, region, case = got.step, got.region, got.case()
    result = sc.triage.check(case, now=now())
    a = result.assessment
    words, icon = LEVEL_LOOK[a["level"]]
    return render(
        request,
        "check_result.html",
        {
            "active": "Check",
            "a": a,
            "stopped": step.kind == "stop",
            "stop_message": step.message,
            "words": words,
            "icon": icon,
            "region": sc.atlas.region(region) if region else None,
            "observation": result.observation,
        },
    )


def _read_answer(q: Question, form: FormData) -> Any:
    if q.kind == "checklist":
        value: Any = [str(v) for v in form.getlist(q.id)]
    elif q.kind == "choice":
        raw = form.get(q.id)
        if not raw:
            unsure = next((o.id for o in q.options if o.id in ("not_sure", "not_say")), None)
            if unsure is None:
                raise InvalidInput(f"Please choose an answer: {q.text}", field=q.id)
            raw = unsure
        value = str(raw)
    elif q.kind == "yes_no":
        value = str(form.get(q.id) or "no") == "yes"
    else:
        raw = str(form.get(q.id) or "").strip().replace(",", ".")
        if raw == "":
            value = None
        else:
            try:
                value = float(raw)
            except ValueError:
                raise InvalidInput(f"Please type a number: {q.text}", field=q.id) from None
    return check_answer(q.id, value)
