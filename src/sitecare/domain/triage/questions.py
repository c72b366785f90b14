"""The guided check's questions (``data/triage/questions.yaml``) and one answer's check.

See :mod:`sitecare.domain.triage.questionnaire` for the answers' forms and the order asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cache
from typing import Any, Literal, cast

from sitecare.domain.errors import InvalidInput, close_matches
from sitecare.domain.triage._resources import load_yaml
from sitecare.domain.triage.predicates import Predicate, Problems, compile_condition

Kind = Literal["checklist", "choice", "yes_no", "number"]
KINDS = ("checklist", "choice", "yes_no", "number")


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
