"""The schemathesis command, with one work-around for a bug of CPython before 3.11.8.

On Python 3.11.0-3.11.7, ``ast.parse`` deep in a recursion can raise ``SystemError: AST
constructor recursion depth mismatch`` (CPython gh-106905). Hypothesis parses source code to
describe a lambda for its reports, deep inside schemathesis's coverage phase for the (deeply
nested) triage case schema; the bug then ends that operation's run with a "Runtime Error" that
says nothing about sitecare. Here the description falls back to "unknown", as Hypothesis does
for any lambda it cannot read; nothing else changes.
"""

from __future__ import annotations

import sys
from typing import Any

from hypothesis.internal import lambda_sources

_describe = lambda_sources._lambda_description


def _described(f: Any, *args: Any, **kwargs: Any) -> str:
    try:
        return str(_describe(f, *args, **kwargs))
    except SystemError:
        return "lambda: <unknown>"


lambda_sources._lambda_description = _described

if __name__ == "__main__":
    from schemathesis.cli import schemathesis

    sys.exit(schemathesis())
