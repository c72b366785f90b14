"""The guided check as plain HTML forms: one screen of questions at a time, red flags first.

The answers so far travel in a hidden field, so the flow works without JavaScript and keeps
nothing on the server until the result is stored as a check of the site. A Back button (a
plain submit button, so it works without JavaScript too) removes the last screen's answers
and shows that screen again as it was filled in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from sitecare.domain.errors import InvalidInput
from sitecare.domain.triage.questionnaire import Question, Step, check_answer, go_back, read_number
from sitecare.web.deps import ServicesDep, now
from sitecare.web.pages.render import render

router = APIRouter(include_in_schema=False)

#: level -> (words, icon). The icon is decoration (aria-hidden), set apart from the words.
LEVEL_LOOK = {
    "emergency": ("Emergency: call now", "!!!"),
    "urgent": ("See a clinician today", "!!"),
    "soon": ("See a clinician in 1 to 2 days", "!"),
    "self_care": ("Care for it at home and watch it", "⌂"),
    "routine": ("An ordinary mark", "✓"),
}


def _screen_context(
    sc: Any,
    step: Step,
    answers: dict[str, Any],
    region: str | None,
    error: str | None = None,
    prefill: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "active": "Check",
        "screen": step.screen,
        "answers_json": json.dumps(answers),
        "region": region,
        "region_label": sc.atlas.region(region).label if region else None,
        "first": not answers,
        "error": error,
        "step_number": step.number,
        "step_total": step.total,
        "prefill": prefill or {},
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
    #: answers to show again on the screen (after Back, or when one answer was refused)
    prefill: dict[str, Any] | None = None

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
    if form.get("back"):
        kept, removed = go_back(answers)
        return Advance(sc.triage.next_step(kept), kept, region, prefill=removed)
    asked = [q for q in str(form.get("asked") or "").split(",") if q]
    current = sc.triage.next_step(answers)
    by_id = {q.id: q for q in current.screen}
    given: dict[str, Any] = {}
    try:
        for qid in asked:
            if qid in by_id:
                given[qid] = _read_answer(by_id[qid], form)
    except InvalidInput as exc:
        return Advance(current, answers, region, error=str(exc), prefill=given)
    answers.update(given)
    return Advance(sc.triage.next_step(answers), answers, region)


@router.post("/check", response_class=HTMLResponse)
async def check_answer_screen(request: Request, sc: ServicesDep) -> Response:
    got = advance(sc, await request.form())
    if not got.finished:
        context = _screen_context(sc, got.step, got.answers, got.region, got.error, got.prefill)
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
        unit = str(form.get(f"{q.id}__unit") or "") or None
        try:
            return read_number(q, str(form.get(q.id) or ""), unit)
        except InvalidInput:
            low, high = q.minimum, q.maximum
            rng = f" from {low:g} to {high:g}" if low is not None and high is not None else ""
            raise InvalidInput(
                f"Please type a number{rng}, or leave it empty: {q.text}", field=q.id
            ) from None
    return check_answer(q.id, value)
