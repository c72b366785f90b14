"""Benchmark the triage engine against reference cases: levels, conditions and what people read.

Usage:
    .venv/bin/python benchmarks/triage_cases.py [--cases FILE ...] [--show-misses] [--json]

Each case file is JSON lines: {"id", "case", "level", "expect", "why"?, "must"?, "must_not"?}.
``must`` is a list of groups of alternative substrings (case-insensitive): each group must
appear somewhere in what the person reads; ``must_not`` lists substrings that must not.
Without --cases it runs tests/triage/examples.jsonl, cases.jsonl and the four blind_cases
files. It prints, for all the cases and for each file: the number of cases, emergency
sensitivity, exact-level agreement, under- and over-triage rates, how often an expected
condition is among the top three (and how often all of them are), the share of results with
a complete safety net, the share with a conflict (two opposite tags, data/triage/
composition.yaml), the median number of lines a person reads, and must/must_not agreement.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sitecare.domain.triage import LEVEL_RANK, assess, load_rulebase
from sitecare.domain.triage.compose import conflicts_in
from sitecare.domain.triage.engine import explain

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = (
    ROOT / "tests/triage/examples.jsonl",
    ROOT / "tests/triage/cases.jsonl",
    # written blind, from the brief only, without looking at the rules (see the file's ids)
    ROOT / "tests/triage/blind_cases.jsonl",
    ROOT / "tests/triage/blind_cases_2.jsonl",
    ROOT / "tests/triage/blind_cases_3.jsonl",
    ROOT / "tests/triage/blind_cases_4.jsonl",
)


def load(paths: Sequence[Path]) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                item = json.loads(line)
                item.setdefault("id", f"{path.name}:{n}")
                item["_file"] = path.name
                cases.append(item)
    return cases


def reads(a: dict[str, Any]) -> str:
    """Everything a person reads in an assessment, as one text (for must / must_not)."""
    parts = [a.get("headline", "")]
    parts += [c.get("name", c["id"]) for c in a["conditions"][:3]]
    parts += a["reasons"] + a["advice"]
    parts += [f"{h['name']} {h.get('contact', '')} {h.get('what', '')}" for h in a["help"]]
    return "\n".join(parts)


def safety_net_complete(a: dict[str, Any], targets: list[str | None]) -> bool:
    """Never empty; below emergency it names the signs for calling now; below urgent, for today."""
    if not a["safety_net"]:
        return False
    if a["level"] == "emergency":
        return True
    if "emergency" not in targets:
        return False
    return LEVEL_RANK[a["level"]] >= LEVEL_RANK["urgent"] or "urgent" in targets


def reading_misses(item: dict[str, Any], text: str) -> list[str]:
    low = text.lower()
    missing = [
        " | ".join(group)
        for group in item.get("must", [])
        if not any(s.lower() in low for s in group)
    ]
    present = [s for s in item.get("must_not", []) if s.lower() in low]
    return [f"missing one of: {m}" for m in missing] + [f"says: {p}" for p in present]


def score(cases: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    comp = load_rulebase().composition
    exact = under = over = emerg = emerg_hit = 0
    top3_any = top3_all = with_expect = 0
    complete = conflicted = with_reading = reading_ok = 0
    lines: list[int] = []
    misses: list[str] = []
    for item in cases:
        result = assess(item["case"])
        structured = explain(item["case"])
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
        targets = [x.target for x in structured if x.section == "safety_net"]
        complete += safety_net_complete(result, targets)
        if conflicts_in([x.tags for x in structured], comp):
            conflicted += 1
            misses.append(
                f"{item['id']}: a conflict: {conflicts_in([x.tags for x in structured], comp)}"
            )
        lines.append(len(result["advice"]))
        if got != want or (expect and not all(e in top for e in expect)):
            misses.append(
                f"{item['id']}: want {item['level']} {expect}, got {result['level']} {top}"
            )
        if "must" in item or "must_not" in item:
            with_reading += 1
            wrong = reading_misses(item, reads(result))
            reading_ok += not wrong
            if wrong:
                misses.append(f"{item['id']}: reads wrong: {'; '.join(wrong)}")
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
        "safety_net_complete": complete / n if n else 1.0,
        "with_conflict": conflicted / n if n else 0.0,
        "median_lines": statistics.median(lines) if lines else 0,
        "cases_with_must": with_reading,
        "must_agreement": reading_ok / with_reading if with_reading else None,
    }, misses


ROWS = (
    ("cases", "cases", "{}"),
    ("emergency cases", "emergency_cases", "{}"),
    ("emergency sensitivity", "emergency_sensitivity", "{:.3f}"),
    ("exact level agreement", "exact_level_agreement", "{:.3f}"),
    ("under-triage rate", "under_triage_rate", "{:.3f}"),
    ("over-triage rate", "over_triage_rate", "{:.3f}"),
    ("expected condition in top 3", "expected_condition_in_top3", "{:.3f}"),
    ("all expected conditions in top 3", "all_expected_conditions_in_top3", "{:.3f}"),
    ("safety net complete", "safety_net_complete", "{:.3f}"),
    ("results with a conflict", "with_conflict", "{:.3f}"),
    ("median lines a person reads", "median_lines", "{:g}"),
    ("must / must_not agreement", "must_agreement", "{:.3f}"),
)


def _fmt(fmt: str, value: Any) -> str:
    return "-" if value is None else fmt.format(value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", action="append", type=Path, help="JSON-lines case file")
    parser.add_argument("--show-misses", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    files = args.cases or list(DEFAULT_FILES)
    cases = load(files)
    figures, misses = score(cases)
    per_file = {f.name: score([c for c in cases if c["_file"] == f.name])[0] for f in files}
    if args.json:
        print(json.dumps({"all": figures, "files": per_file}, indent=2))
    else:
        print("files: " + ", ".join(str(f) for f in files))
        for label, key, fmt in ROWS:
            print(f"{label + ':':34}{_fmt(fmt, figures[key])}")
        if len(files) > 1:
            names = [f.name.removesuffix(".jsonl") for f in files]
            width = max(len(n) for n in names) + 2
            print()
            print("per file".ljust(34) + "".join(n.rjust(width) for n in names))
            for label, key, fmt in ROWS:
                cells = "".join(_fmt(fmt, per_file[f.name][key]).rjust(width) for f in files)
                print(f"{label:34}{cells}")
    if args.show_misses:
        print("\n".join(misses) or "no disagreements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
