"""The domain loads from JSON twins without PyYAML, to the same rule base as from YAML."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sitecare.domain.triage._resources import read_text
from sitecare.domain.triage.loader import RuleLoadError, parse_rulebase
from sitecare.domain.yamlload import DataError, json_name, parse
from sitecare.pocket.bundle import build_bundle

from .conftest import all_cases
from .probe import probe

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "sitecare.zip"
    path.write_bytes(build_bundle())
    return path


def test_the_bundle_ships_json_only(bundle: Path) -> None:
    names = zipfile.ZipFile(bundle).namelist()
    data = [n for n in names if n.startswith("sitecare/data/")]
    assert data and not [n for n in data if n.endswith((".yaml", ".yml"))]
    assert "sitecare/data/atlas.json" in names
    assert "sitecare/data/triage/red_flags.json" in names
    assert not [n for n in names if n.endswith((".so", ".c", ".pyc"))]
    assert "markupsafe/__init__.py" in names and "jinja2/__init__.py" in names


def test_json_and_yaml_load_to_the_same_rule_base_and_answers(bundle: Path, tmp_path: Path) -> None:
    """The same probe (every case, the rules, red flags, words, atlas, rotation) in a fresh
    CPython that can only read the bundle's JSON (PyYAML cannot be imported there)."""
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps(all_cases()))
    script = (
        "import sys; sys.modules['yaml'] = None; sys.path.insert(0, sys.argv[1])\n"
        "sys.path.insert(0, sys.argv[2]); from probe import probe\n"
        "import sitecare; assert sitecare.__file__.startswith(sys.argv[1]), sitecare.__file__\n"
        "sys.stdout.write(probe(open(sys.argv[3]).read()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(bundle), str(HERE), str(cases)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONSAFEPATH": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == json.loads(probe(cases.read_text()))


def test_parse_reads_json_and_yaml() -> None:
    assert parse('{"a": [1, 2]}') == {"a": [1, 2]}
    assert parse("a: [1, 2]\n") == {"a": [1, 2]}
    assert parse("{a: 1}") == {"a": 1}  # a YAML flow mapping is not JSON
    assert json_name("rules/x.yaml") == "rules/x.json"
    with pytest.raises(DataError):
        parse("a: [1\n")


def test_a_json_rule_with_a_problem_names_its_line() -> None:
    good = json.loads(json.dumps(parse(read_text("rules", "infection", "INF-001.yaml"))))
    good["level"] = "whenever"
    text = json.dumps(good, indent=1)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(' "level"'))
    with pytest.raises(RuleLoadError) as caught:
        parse_rulebase([("infection/INF-001.yaml", text)], read_text("triage", "groups.yaml"))
    assert f"infection/INF-001.yaml:{line}: level" in "\n".join(caught.value.problems)
