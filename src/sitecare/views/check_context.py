"""The guided check of the personal app: each question's screen, moving on with an answer, and
the result page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sitecare.domain.errors import InvalidInput
from sitecare.domain.messages import Msg, number
from sitecare.domain.triage.questionnaire import Question, Step, check_answer, go_back, read_number
from sitecare.views.follow_context import recheck_words
from sitecare.views.page_words import LEVEL_LOOK, Form

# -- the guided check --------------------------------------------------------------------------


def screen_context(
    sc: Any,
    step: Step,
    answers: dict[str, Any],
    region: str | None,
    error: str | None = None,
    prefill: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One screen of the guided check (the answers so far travel in a hidden field)."""
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


def advance(sc: Any, form: Form) -> Advance:
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
                given[qid] = read_answer(by_id[qid], form)
    except InvalidInput as exc:
        return Advance(current, answers, region, error=str(exc), prefill=given)
    answers.update(given)
    return Advance(sc.triage.next_step(answers), answers, region)


def read_answer(q: Question, form: Form) -> Any:
    """One question's answer from the form, checked."""
    if q.kind == "checklist":
        value: Any = [str(v) for v in form.getlist(q.id)]
    elif q.kind == "choice":
        raw = form.get(q.id)
        if not raw:
            unsure = next((o.id for o in q.options if o.id in ("not_sure", "not_say")), None)
            if unsure is None:
                # the question is already in the page's language (next_step's)
                raise InvalidInput(
                    Msg("Please choose an answer: %(question)s", question=q.text), field=q.id
                )
            raw = unsure
        value = str(raw)
    elif q.kind == "yes_no":
        value = str(form.get(q.id) or "no") == "yes"
    else:
        unit = str(form.get(f"{q.id}__unit") or "") or None
        try:
            return read_number(q, str(form.get(q.id) or ""), unit)
        except InvalidInput:
            raise InvalidInput(_number_please(q), field=q.id) from None
    return check_answer(q.id, value)


def _number_please(q: Question) -> Msg:
    """What a number question's screen says when its answer is not a number in its range."""
    low, high = q.minimum, q.maximum
    if low is None or high is None:
        return Msg("Please type a number, or leave it empty: %(question)s", question=q.text)
    return Msg(
        "Please type a number from %(low)s to %(high)s, or leave it empty: %(question)s",
        low=number(low),
        high=number(high),
        question=q.text,
    )


def check_result_context(sc: Any, got: Advance, result: Any) -> dict[str, Any]:
    """The result of a guided check (``result``: the CheckResult of storing it)."""
    a = result.assessment
    words, icon = LEVEL_LOOK[a["level"]]
    return {
        "active": "Check",
        "a": a,
        "stopped": got.step.kind == "stop",
        "stop_message": got.step.message,
        "words": words,
        "icon": icon,
        "region": sc.atlas.region(got.region) if got.region else None,
        "observation": result.observation,
        "recheck_words": recheck_words(a, result.observation),
    }
