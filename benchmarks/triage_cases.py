"""Benchmark the triage engine against reference cases.

Usage:
    .venv/bin/python benchmarks/triage_cases.py [--cases FILE ...] [--show-misses]

Each case file is JSON lines: {"id", "case", "level", "expect", "why"?}. Without --cases it
runs tests/triage/examples.jsonl, cases.jsonl and the three blind_cases files. It prints: the
number of cases, emergency sensitivity, exact-level agreement, under- and over-triage rates, and how
often an expected condition is among the top three (and how often all of them are).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sitecare.domain.triage import LEVEL_RANK, assess

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = (
    ROOT / "tests/triage/examples.jsonl",
    ROOT / "tests/triage/cases.jsonl",
    # written blind, from the brief only, without looking at the rules (see the file's ids)
    ROOT / "tests/triage/blind_cases.jsonl",
    ROOT / "tests/triage/blind_cases_2.jsonl",
    ROOT / "tests/triage/blind_cases_3.jsonl",
)


def load(paths: Sequence[Path]) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                item = json.loads(line)
                item.setdefault("id", f"{path.name}:{n}")
                cases.append(item)
    return cases


def score(cases: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    exact = under = over = emerg = emerg_hit = 0
    top3_any = top3_all = with_expect = 0
    misses: list[str] = []
    for item in cases:
        result = assess(item["case"])
        got, want = LEVEL_RANK[result["level"]], LEVEL_RANK[item["level"]]
        exact += got == want
        under += got < want
        over += got > want
        if item["level"] == "emergency":
            emerg += 1
            emerg_hit += result["level"] == "emergency"
        top = [c["id"] for c in result["conditions"][:3]]
        expect = item.get("expect") or []
        if expect:
            with_expect += 1
            top3_any += any(e in top for e in expect)
            top3_all += all(e in top for e in expect)
        if got != want or (expect and not all(e in top for e in expect)):
            misses.append(
                f"{item['id']}: want {item['level']} {expect}, got {result['level']} {top}"
            )
    n = len(cases)
    return {
        "cases": n,
        "emergency_sensitivity": emerg_hit / emerg if emerg else 1.0,
        "exact_level_agreement": exact / n if n else 0.0,
        "under_triage_rate": under / n if n else 0.0,
        "over_triage_rate": over / n if n else 0.0,
        "expected_condition_in_top3": top3_any / with_expect if with_expect else 1.0,
        "all_expected_conditions_in_top3": top3_all / with_expect if with_expect else 1.0,
        "emergency_cases": emerg,
    }, misses


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", action="append", type=Path, help="JSON-lines case file")
    parser.add_argument("--show-misses", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    files = args.cases or list(DEFAULT_FILES)
    figures, misses = score(load(files))
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print("files: " + ", ".join(str(f) for f in files))
        print(f"cases:                            {figures['cases']}")
        print(f"emergency cases:                  {figures['emergency_cases']}")
        print(f"emergency sensitivity:            {figures['emergency_sensitivity']:.3f}")
        print(f"exact level agreement:            {figures['exact_level_agreement']:.3f}")
        print(f"under-triage rate:                {figures['under_triage_rate']:.3f}")
        print(f"over-triage rate:                 {figures['over_triage_rate']:.3f}")
        print(f"expected condition in top 3:      {figures['expected_condition_in_top3']:.3f}")
        print(f"all expected conditions in top 3: {figures['all_expected_conditions_in_top3']:.3f}")
    if args.show_misses:
        print("\n".join(misses) or "no disagreements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
