"""Parity: the built bundle in Pyodide (under Node) gives exactly CPython's answers."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .conftest import all_cases
from .probe import probe

HERE = Path(__file__).parent


def test_pyodide_gives_the_same_results_as_cpython(
    pocket_site: Path, node: str, tmp_path: Path
) -> None:
    cases = all_cases()
    assert len(cases) > 800
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases))
    out = tmp_path / "pyodide.json"
    done = subprocess.run(
        [
            node,
            str(HERE / "parity.mjs"),
            str(pocket_site),
            str(HERE / "probe.py"),
            str(cases_file),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["python"].startswith("3.14")
    in_pyodide = json.loads(out.read_text())
    in_cpython = json.loads(probe(cases_file.read_text()))
    assert len(in_pyodide["assessments"]) == len(cases)
    for i, (a, b) in enumerate(
        zip(in_pyodide["assessments"], in_cpython["assessments"], strict=True)
    ):
        assert a == b, f"case {i}: {cases[i]}"
    assert in_pyodide == in_cpython
