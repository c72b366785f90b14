#!/usr/bin/env python3
"""Size limits for src/sitecare: function length (p90 and max) and module length.

Prints the figures. Fails (exit 1), naming each one, on a function over FUNCTION_MAX lines,
a module over MODULE_MAX lines, or a p90 over FUNCTION_P90, except the known offenders of
``scripts/size_debts.txt``: those may not grow past the length written there (fix them and
delete their line; a debt that is paid but still listed fails too, so the list stays true).
Migrations are left out (Alembic writes them). A function counts from its first decorator
(or ``def``) to its last line, docstring included.
"""

from __future__ import annotations

import ast
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
DEBTS = HERE / "size_debts.txt"
FUNCTION_P90 = 30
FUNCTION_MAX = 60
MODULE_MAX = 400


def _sources() -> list[Path]:
    root = SRC / "sitecare"
    return sorted(p for p in root.rglob("*.py") if "migrations" not in p.parts)


def _functions(path: Path, name: str) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            end = node.end_lineno or node.lineno
            found.append((end - start + 1, f"{name}::{node.name}"))
    return found


def _p90(lengths: list[int]) -> int:
    ordered = sorted(lengths)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def _debts() -> dict[str, int]:
    """``where lines`` per line (``#`` starts a comment)."""
    debts = {}
    for line in DEBTS.read_text(encoding="utf-8").splitlines():
        line = line.partition("#")[0].strip()
        if line:
            where, lines = line.rsplit(maxsplit=1)
            debts[where] = int(lines)
    return debts


def _over(sizes: list[tuple[int, str]], limit: int, debts: dict[str, int]) -> list[str]:
    problems = []
    for n, where in sorted(sizes, reverse=True):
        allowed = debts.get(where)
        if n > limit and (allowed is None or n > allowed):
            more = "" if allowed is None else f", more than the {allowed} of size_debts.txt"
            problems.append(f"{where}: {n} lines (limit {limit}{more})")
        elif allowed is not None and n <= limit:
            problems.append(f"{where}: {n} lines, within the limit: delete it from size_debts.txt")
    return problems


def main() -> int:
    functions: list[tuple[int, str]] = []
    modules: list[tuple[int, str]] = []
    for path in _sources():
        name = str(path.relative_to(SRC))
        functions.extend(_functions(path, name))
        modules.append((len(path.read_text(encoding="utf-8").splitlines()), name))
    p90, longest, biggest = _p90([n for n, _ in functions]), max(functions), max(modules)
    debts = _debts()
    over_f = sum(1 for n, _ in functions if n > FUNCTION_MAX)
    over_m = sum(1 for n, _ in modules if n > MODULE_MAX)
    print(
        f"functions: {len(functions)}, p90 {p90} lines (limit {FUNCTION_P90}), "
        f"max {longest[0]} ({longest[1]}; limit {FUNCTION_MAX}), {over_f} over the limit"
    )
    print(
        f"modules: {len(modules)}, max {biggest[0]} lines ({biggest[1]}; limit {MODULE_MAX}), "
        f"{over_m} over the limit"
    )
    print(f"known offenders in size_debts.txt: {len(debts)}")
    known = {w for _, w in functions} | {w for _, w in modules}
    problems = [f"{w}: no such function or module: delete it from size_debts.txt" for w in debts]
    problems = [p for p, w in zip(problems, debts, strict=True) if w not in known]
    problems += _over(functions, FUNCTION_MAX, debts) + _over(modules, MODULE_MAX, debts)
    if p90 > FUNCTION_P90:
        problems.append(f"function p90 is {p90} lines (limit {FUNCTION_P90})")
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
