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
from functools import cache
from typing import Any, Literal, cast

from sitecare.domain.errors import InvalidInput, close_matches
from sitecare.domain.language import DEFAULT_LANGUAGE, normalise_language
from sitecare.domain.triage._resources import load_yaml
from sitecare.domain.triage.engine import (
    DEFAULT_EMERGENCY_NUMBER,
    Scope,
    check_emergency_number,
    normalise,
)
from sitecare.domain.triage.i18n import translator, walk
from sitecare.domain.triage.loader import load_rulebase
from sitecare.domain.triage.predicates import Predicate, Problems, compile_condition
from sitecare.domain.triage.redflags import RedFlag, load_red_flags
from sitecare.domain.triage.vocab import load_vocabulary

Kind = Literal["checklist", "choice", "yes_no", "number"]
KINDS = ("checklist", "choice", "yes_no", "number")

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
class Option:
    """One answer a question offers, and what it adds to the case."""

    id: str
    text: str
    findings: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    set: Mapping[str, Any] = dc_field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    id: str
    screen: int
    kind: Kind
    text: str
    red_flag: bool = False
    options: tuple[Option, ...] = ()
    #: for yes_no questions: what "yes" adds
    yes: Option | None = None
    #: for number questions: the case field (``vitals.temperature_c`` for nested ones)
    field: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    #: the units a number may be typed in (the first is the one stored)
    units: tuple[str, ...] = ()
    ask_if_answer: Mapping[str, tuple[str, ...]] = dc_field(default_factory=dict)
    ask_if_case: Predicate | None = None

    def option(self, option_id: str) -> Option:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise KeyError(option_id)


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


def _option(raw: Mapping[str, Any]) -> Option:
    return Option(
        id=str(raw["id"]),
        text=str(raw.get("text", raw["id"])),
        findings=tuple(raw.get("findings", ())),
        context=tuple(raw.get("context", ())),
        set=dict(raw.get("set", {})),
    )


def _question(raw: Mapping[str, Any], problems: Problems) -> Question:
    qid = str(raw["id"])
    kind = raw.get("kind")
    if kind not in KINDS:
        problems.add(f"questions.yaml: {qid}", f"kind must be one of {', '.join(KINDS)}")
        kind = "yes_no"
    ask_if = raw.get("ask_if") or {}
    predicate = (
        compile_condition(ask_if["case"], f"questions.yaml: {qid}.ask_if.case", problems)
        if "case" in ask_if
        else None
    )
    yes = raw.get("yes")
    return Question(
        id=qid,
        screen=int(raw.get("screen", 0)),
        kind=cast(Kind, kind),
        text=str(raw["text"]),
        red_flag=raw.get("red_flag") is True,
        options=tuple(_option(o) for o in raw.get("options", ())),
        yes=_option({"id": "yes", **yes}) if isinstance(yes, dict) else None,
        field=raw.get("field"),
        minimum=raw.get("minimum"),
        maximum=raw.get("maximum"),
        unit=raw.get("unit"),
        units=tuple(str(u) for u in raw.get("units", ())),
        ask_if_answer={k: tuple(v) for k, v in (ask_if.get("answer") or {}).items()},
        ask_if_case=predicate,
    )


@cache
def load_questions() -> tuple[Question, ...]:
    """The packaged questions, in the order they are asked."""
    raw = load_yaml("triage", "questions.yaml")
    problems = Problems()
    questions = tuple(_question(q, problems) for q in raw["questions"])
    if problems.items:
        raise ValueError("; ".join(problems.items))
    return questions


def _by_id() -> dict[str, Question]:
    return {q.id: q for q in load_questions()}


def check_answer(question_id: str, value: Any) -> Any:
    """Validate and normalise one answer; raise InvalidInput naming the question if it is wrong."""
    questions = _by_id()
    if question_id not in questions:
        raise InvalidInput(
            f"There is no question {question_id!r}.",
            field=question_id,
            suggestions=close_matches(question_id, questions),
        )
    q = questions[question_id]
    ids = [o.id for o in q.options]
    if q.kind == "checklist":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(f"{q.id}: expected a list of option ids.", field=q.id)
        for v in value:
            if v not in ids:
                raise InvalidInput(
                    f"{q.id}: unknown option {v!r}.", field=q.id, suggestions=close_matches(v, ids)
                )
        return tuple(dict.fromkeys(value))
    if q.kind == "choice":
        if value not in ids:
            raise InvalidInput(
                f"{q.id}: unknown option {value!r}.",
                field=q.id,
                suggestions=close_matches(str(value), ids),
            )
        return value
    if q.kind == "yes_no":
        if not isinstance(value, bool):
            raise InvalidInput(f"{q.id}: answer yes (true) or no (false).", field=q.id)
        return value
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{q.id}: expected a number, or nothing to skip.", field=q.id)
    low = q.minimum if q.minimum is not None else float("-inf")
    high = q.maximum if q.maximum is not None else float("inf")
    if not low <= value <= high:
        raise InvalidInput(
            f"{q.id} must be between {q.minimum:g} and {q.maximum:g} (got {value:g}).", field=q.id
        )
    return value


_FAHRENHEIT = ("°f", "f", "fahrenheit", "degf")
_CELSIUS = ("°c", "c", "celsius", "degc")


def read_number(question: Question, text: str, unit: str | None = None) -> float | None:
    """Read a typed number for ``question``: ``""`` skips (None); ``38,5`` works too.

    A temperature may carry its unit (``101.3F``, ``38.5 °C``), or come with ``unit`` (the
    ``°F`` a form's unit choice sends); a plain number above the Celsius range is read as
    Fahrenheit. The value returned is in the question's own unit (°C), rounded to 0.1.
    Raises InvalidInput naming the question when the text is not a number in range.
    """
    raw = text.strip().lower().replace(",", ".")
    if raw == "":
        return None
    fahrenheit = unit is not None and unit.strip().lower() in _FAHRENHEIT
    if question.units:
        for suffix in sorted(_FAHRENHEIT + _CELSIUS, key=len, reverse=True):
            if raw.endswith(suffix):
                fahrenheit = suffix in _FAHRENHEIT
                raw = raw[: -len(suffix)].strip().rstrip("°").strip()
                break
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(
            f"{question.id}: please type a number, or leave it empty to skip.", field=question.id
        ) from None
    if value != value or value in (float("inf"), float("-inf")):  # NaN, infinity
        raise InvalidInput(f"{question.id}: please type a number.", field=question.id)
    if "°F" in question.units:
        if not fahrenheit and question.maximum is not None and value > question.maximum:
            fahrenheit = value <= 113  # 45 °C: a plain 101.3 is a temperature in °F
        if fahrenheit:
            value = round((value - 32) * 5 / 9, 1)
    return float(check_answer(question.id, value))


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
