"""Reading one field of an export document without pydantic: each reader names where a bad
value is (``_Bad``) and what it must be. For ``domain.transfer`` only."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sitecare.domain.field_errors import field_problem
from sitecare.domain.inputs import MAX_ID, control_character
from sitecare.domain.messages import Msg


class _Bad(Exception):
    """One field's problem: its location, pydantic's words (``msg``, the English) and its
    error ``kind`` and context, said in each language as ``problem``."""

    def __init__(self, loc: tuple[Any, ...], msg: str, kind: str, **ctx: Any) -> None:
        super().__init__(msg)
        self.loc = loc
        self.msg = msg
        self.problem = field_problem(kind, msg, ctx)


def _depth(value: Any, limit: int) -> bool:
    """Whether ``value`` nests deeper than ``limit`` (iteratively: no recursion to overflow)."""
    stack = [(value, 0)]
    while stack:
        item, d = stack.pop()
        if d > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)
    return False


def _str(loc: tuple[Any, ...], v: Any, *, lo: int = 0, hi: int, multiline: bool = False) -> str:
    if not isinstance(v, str):
        raise _Bad(loc, "Input should be a valid string", "string_type")
    if len(v) < lo:
        said = f"String should have at least {lo} character{'s' if lo != 1 else ''}"
        raise _Bad(loc, said, "string_too_short", min_length=lo)
    if len(v) > hi:
        raise _Bad(
            loc, f"String should have at most {hi} characters", "string_too_long", max_length=hi
        )
    bad = control_character(v, multiline=multiline)
    if bad is not None:
        error = ValueError(Msg("contains a control character (%(bad)s)", bad=bad))
        raise _Bad(loc, f"Value error, {error}", "value_error", error=error)
    return v


def _opt_str(loc: tuple[Any, ...], v: Any, *, hi: int, multiline: bool = False) -> str | None:
    return None if v is None else _str(loc, v, hi=hi, multiline=multiline)


def _id(loc: tuple[Any, ...], v: Any) -> int:
    if isinstance(v, bool):
        n = int(v)
    elif isinstance(v, int):
        n = v
    elif isinstance(v, float) and v.is_integer():
        n = int(v)
    elif isinstance(v, str) and v.strip().isdigit():
        n = int(v.strip())
    else:
        raise _Bad(loc, "Input should be a valid integer", "int_type")
    if n <= 0:
        raise _Bad(loc, "Input should be greater than 0", "greater_than", gt=0)
    if n > MAX_ID:
        raise _Bad(
            loc, f"Input should be less than or equal to {MAX_ID}", "less_than_equal", le=MAX_ID
        )
    return n


_NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def _time(loc: tuple[Any, ...], v: Any) -> datetime:
    """An aware time as pydantic's lax mode reads one: ISO 8601 with a zone, or a number of
    seconds (milliseconds when it is that large) since 1970 in UTC."""
    if isinstance(v, bool):
        raise _Bad(loc, "Input should be a valid datetime", "datetime_type")
    if isinstance(v, str) and _NUMERIC.match(v):
        v = float(v)
    if isinstance(v, int | float):
        seconds = v / 1000 if abs(v) > 2e10 else v
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise _Bad(loc, "Input should be a valid datetime", "datetime_type") from None
    if not isinstance(v, str):
        raise _Bad(loc, "Input should be a valid datetime", "datetime_type")
    try:
        at = datetime.fromisoformat(v)
    except ValueError:
        raise _Bad(loc, "Input should be a valid datetime", "datetime_type") from None
    if at.tzinfo is None:
        raise _Bad(loc, "Input should have timezone info", "timezone_aware")
    return at


def _number(loc: tuple[Any, ...], v: Any) -> float:
    if isinstance(v, str):
        try:
            v = float(v.strip())
        except ValueError:
            raise _Bad(loc, "Input should be a valid number", "float_type") from None
    if not isinstance(v, int | float):
        raise _Bad(loc, "Input should be a valid number", "float_type")
    return float(v)


def _bool(loc: tuple[Any, ...], v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float) and v in (0, 1):
        return bool(v)
    if isinstance(v, str) and v.strip().lower() in _TRUE | _FALSE:
        return v.strip().lower() in _TRUE
    raise _Bad(loc, "Input should be a valid boolean", "bool_type")


def _fields(
    loc: tuple[Any, ...], raw: Any, known: Iterable[str], required: Iterable[str]
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _Bad(loc, "Input should be a valid dictionary or instance of the model", "model_type")
    for name in required:
        if name not in raw:
            raise _Bad((*loc, name), "Field required", "missing")
    names = set(known)
    for name in raw:
        if name not in names:
            raise _Bad((*loc, name), "Extra inputs are not permitted", "extra_forbidden")
    return raw
