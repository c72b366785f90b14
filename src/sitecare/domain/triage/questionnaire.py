"""The guided check as pure logic: which question next, when to stop, and the case it builds.

Questions live in ``data/triage/questions.yaml``: the first screen asks what was injected
(so the "call now" advice can fit the person) with the first red-flag list, and the other
red-flag screens follow, so the first screens reach an emergency fast. Answers are a mapping
from question id to:

* ``checklist``: a list of option ids (an empty list means "none of these");
* ``choice``: one option id;
* ``yes_no``: ``True`` or ``False``;
* ``number``: a number, or ``None`` to skip (:func:`read_number` reads typed text, with a
  unit such as ``101.2 F`` for a temperature).

:func:`next_step` returns the next question (``kind="ask"``), or ``kind="stop"`` as soon as a
red-flag answer is yes (or the answers so far already add up to an emergency), or
``kind="done"`` with the finished case for :func:`~sitecare.domain.triage.assess`. Each step
says where the check stands ("step 3 of about 8"); :func:`go_back` removes the answers of
the last screen, so a front end can offer Back. No I/O: front ends (CLI, web) render the
questions and collect the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Literal

from sitecare.domain.language import DEFAULT_LANGUAGE, normalise_language
from sitecare.domain.triage.engine import (
    DEFAULT_EMERGENCY_NUMBER,
    Scope,
    check_emergency_number,
    normalise,
)
from sitecare.domain.triage.i18n import translator, walk
from sitecare.domain.triage.loader import load_rulebase
from sitecare.domain.triage.questions import (
    Option,
    Question,
    check_answer,
    load_questions,
    read_number,
)
from sitecare.domain.triage.redflags import RedFlag, load_red_flags
from sitecare.domain.triage.vocab import load_vocabulary

__all__ = [
    "Option",
    "Question",
    "Step",
    "answers_to_case",
    "check_answer",
    "current_screen",
    "go_back",
    "load_questions",
    "next_step",
    "read_number",
]


@dataclass(frozen=True)
class Step:
    """What a front end should do next."""

    kind: Literal["ask", "stop", "done"]
    #: the next question (``ask``)
    question: Question | None = None
    #: the unanswered questions of the same screen, to show together (``ask``)
    screen: tuple[Question, ...] = ()
    #: the case built from the answers so far (always)
    case: Mapping[str, Any] = dc_field(default_factory=dict)
    #: why it stopped: plain-language reasons of the red flags found (``stop``)
    red_flags: tuple[str, ...] = ()
    #: for ``stop``: "Call 911 now or go to the nearest emergency department."
    message: str = ""
    #: where the check stands: screen ``number`` of about ``total`` (the total is an
    #: estimate: later answers can add or skip questions)
    number: int = 1
    total: int = 1


def _chosen(q: Question, value: Any) -> list[Option]:
    if q.kind == "checklist":
        return [q.option(v) for v in value]
    if q.kind == "choice":
        return [q.option(value)]
    if q.kind == "yes_no":
        return [q.yes] if value is True and q.yes is not None else []
    return []


def answers_to_case(answers: Mapping[str, Any], *, region: str | None = None) -> dict[str, Any]:
    """Build a triage case (``case.schema.json``) from the answers given so far."""
    vocab = load_vocabulary()
    findings: set[str] = set()
    context: set[str] = set()
    case: dict[str, Any] = {}
    for q in load_questions():
        if q.id not in answers:
            continue
        value = check_answer(q.id, answers[q.id])
        if q.kind == "number":
            if value is not None and q.field:
                head, _, tail = q.field.partition(".")
                if tail:
                    case.setdefault(head, {})[tail] = value
                else:
                    case[head] = value
            continue
        for opt in _chosen(q, value):
            findings.update(opt.findings)
            context.update(opt.context)
            case.update(opt.set)
    out: dict[str, Any] = {}
    if region:
        out["region"] = region
    out.update(case)
    out["findings"] = [f for f in vocab.findings if f in findings]
    if context:
        out["context"] = [c for c in vocab.context if c in context]
    return out


def _red_flags_in(case: Mapping[str, Any]) -> tuple[str, ...]:
    findings = set(case.get("findings", ()))
    hits: list[RedFlag] = [
        f
        for f in load_red_flags().all
        if (f.findings and set(f.findings) <= findings)
        or (f.redness_trend and case.get("redness_trend") == f.redness_trend)
    ]
    return tuple(dict.fromkeys(f.why for f in hits))


def _applies(q: Question, answers: Mapping[str, Any], case: Mapping[str, Any]) -> bool:
    for other, allowed in q.ask_if_answer.items():
        given = answers.get(other)
        values = given if isinstance(given, list | tuple) else [given]
        if not any(v in allowed for v in values):
            return False
    if q.ask_if_case is not None:
        facts, _ = normalise(case, load_vocabulary())
        # evaluated exactly as rule conditions are, with the same named groups
        if q.ask_if_case.test(Scope(facts, load_rulebase())) is None:
            return False
    return True


def _said_yes(q: Question, value: Any) -> bool:
    return bool(value) if q.kind in ("checklist", "yes_no") else False


def _progress(
    questions: tuple[Question, ...], answers: Mapping[str, Any], pending: list[Question]
) -> tuple[int, int]:
    done = {q.screen for q in questions if q.id in answers}
    ahead = {q.screen for q in pending} - done
    return len(done) + 1, len(done) + max(len(ahead), 1)


STOP_MESSAGE = "Call {emergency_number} now or go to the nearest emergency department."


def next_step(
    answers: Mapping[str, Any],
    *,
    emergency_number: str = DEFAULT_EMERGENCY_NUMBER,
    language: str = DEFAULT_LANGUAGE,
) -> Step:
    """The next thing to do, given the answers so far (see the module docstring); its words
    (questions, answers, the stop message, red-flag reasons) in ``language``."""
    step = _next_step(answers, emergency_number, language)
    return walk(step, translator(language)) if normalise_language(language) != "en" else step


def _next_step(answers: Mapping[str, Any], emergency_number: str, language: str) -> Step:
    from sitecare.domain.triage.engine import assess

    number = check_emergency_number(emergency_number)
    questions = load_questions()
    by_id = {q.id: q for q in questions}
    for qid in answers:
        if qid not in by_id:
            check_answer(qid, answers[qid])  # raises with suggestions
    case = answers_to_case(answers)
    red = any(q.red_flag and q.id in answers and _said_yes(q, answers[q.id]) for q in questions)
    flags = _red_flags_in(case)
    if not (red or flags) and case.get("findings"):
        # the answers so far already add up to an emergency (a blood thinner and fainting,
        # diabetes and confusion): nothing more may delay the call
        result = assess(case, emergency_number=number, language=language)
        if result["level"] == "emergency":
            red, flags = True, tuple(result["reasons"])
    done_screens = len({q.screen for q in questions if q.id in answers})
    if red or flags:
        return Step(
            kind="stop",
            case=case,
            red_flags=flags,
            message=translator(language)(STOP_MESSAGE).replace("{emergency_number}", number),
            number=done_screens,
            total=done_screens,
        )
    pending = [q for q in questions if q.id not in answers and _applies(q, answers, case)]
    if not pending:
        return Step(kind="done", case=case, number=done_screens, total=done_screens)
    first = pending[0]
    screen = tuple(q for q in pending if q.screen == first.screen)
    at, total = _progress(questions, answers, pending)
    return Step(kind="ask", question=first, screen=screen, case=case, number=at, total=total)


def go_back(answers: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Remove the answers of the last screen answered: ``(answers left, answers removed)``.

    The removed answers let a front end show that screen again as it was filled in. With no
    answers, both are empty.
    """
    questions = load_questions()
    answered = [q for q in questions if q.id in answers]
    if not answered:
        return {}, {}
    last = answered[-1].screen
    kept = {
        k: v for k, v in answers.items() if k not in {q.id for q in answered if q.screen == last}
    }
    removed = {k: v for k, v in answers.items() if k not in kept}
    return kept, removed


def current_screen(answers: Mapping[str, Any]) -> tuple[Question, ...]:
    """The unanswered questions of the current screen (empty when stopped or done)."""
    return next_step(answers).screen
