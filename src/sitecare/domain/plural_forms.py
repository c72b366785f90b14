"""A catalog's ``Plural-Forms`` rule (``nplurals=2; plural=(n != 1);``) as a function: the count
-> which ``msgstr[N]`` to say.

The standard library's ``gettext`` does this too, but pocket leaves that module out of its
trimmed Pyodide library, so sitecare reads the C expression itself: integers, ``n``, ``( )``,
``! * / % + - < <= > >= == != && ||`` and ``?:``, nothing else (an unknown token is an error,
never evaluated text).
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: English and any catalog without the header: one thing, or more
DEFAULT = "nplurals=2; plural=(n != 1);"

_TOKEN = re.compile(r"\s*(\d+|n\b|&&|\|\||[<>!=]=|[-+*/%<>!?:()])")
_BINARY = {
    "||": (1, lambda a, b: int(bool(a or b))),
    "&&": (2, lambda a, b: int(bool(a and b))),
    "==": (3, lambda a, b: int(a == b)),
    "!=": (3, lambda a, b: int(a != b)),
    "<": (4, lambda a, b: int(a < b)),
    "<=": (4, lambda a, b: int(a <= b)),
    ">": (4, lambda a, b: int(a > b)),
    ">=": (4, lambda a, b: int(a >= b)),
    "+": (5, lambda a, b: a + b),
    "-": (5, lambda a, b: a - b),
    "*": (6, lambda a, b: a * b),
    "/": (6, lambda a, b: a // b if b else 0),
    "%": (6, lambda a, b: a % b if b else 0),
}

Expr = Callable[[int], int]


def parse_plural_forms(header: str | None) -> tuple[int, Callable[[float], int]]:
    """``(nplurals, rule)`` of a ``Plural-Forms`` header value (the default without one).
    ``rule(n)`` is the index of the form for ``n``, within ``0 .. nplurals - 1``; a fraction
    takes the form of 2 (gettext counts whole things only; "0.5 days", "1,5 días")."""
    text = header or DEFAULT
    found = re.search(r"nplurals\s*=\s*(\d+)", text)
    body = re.search(r"plural\s*=\s*([^;]+)", text)
    if not found or not body:
        raise ValueError(f"Not a Plural-Forms header: {text!r}")
    nplurals = int(found.group(1))
    expr = _Parser(body.group(1)).parse()

    def rule(n: float) -> int:
        whole = int(n) if float(n).is_integer() else 2
        return min(max(int(expr(whole)), 0), nplurals - 1)

    return nplurals, rule


def _apply(op: Callable[[int, int], int], left: Expr, right: Expr) -> Expr:
    return lambda n: op(left(n), right(n))


class _Parser:
    """Precedence climbing over the expression's tokens."""

    def __init__(self, text: str) -> None:
        self.tokens: list[str] = []
        pos, text = 0, text.strip()
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if not match:
                raise ValueError(f"Unknown plural expression at {text[pos:]!r}")
            self.tokens.append(match.group(1))
            pos = match.end()
        self.at = 0

    def parse(self) -> Expr:
        expr = self._ternary()
        if self.at != len(self.tokens):
            raise ValueError(f"Unexpected {self.tokens[self.at]!r} in the plural expression")
        return expr

    def _peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take(self, want: str | None = None) -> str:
        token = self._peek()
        if token is None or (want is not None and token != want):
            raise ValueError(f"Expected {want or 'more'} in the plural expression")
        self.at += 1
        return token

    def _ternary(self) -> Expr:
        cond = self._binary(1)
        if self._peek() != "?":
            return cond
        self._take("?")
        yes = self._ternary()
        self._take(":")
        no = self._ternary()
        return lambda n: yes(n) if cond(n) else no(n)

    def _binary(self, level: int) -> Expr:
        left = self._unary()
        while (token := self._peek()) in _BINARY and _BINARY[token][0] >= level:
            self._take()
            prec, op = _BINARY[token]
            right = self._binary(prec + 1)
            left = _apply(op, left, right)
        return left

    def _unary(self) -> Expr:
        token = self._take()
        if token == "!":
            inner = self._unary()
            return lambda n: int(not inner(n))
        if token == "(":
            inner = self._ternary()
            self._take(")")
            return inner
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token)
            return lambda n: value
        raise ValueError(f"Unexpected {token!r} in the plural expression")
