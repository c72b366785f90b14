"""Pocket's fixtures: one build per session (the runtime comes from the user's cache after the
first fetch from the npm registry), the repository's triage cases, and Node when it is there."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")


def shared_dir() -> Path | None:
    """shared/ beside the checkout (CI), or beside the worktrees folder (a helper's worktree)."""
    for candidate in (REPO.parent / "shared", REPO.parents[1] / "shared"):
        if (candidate / "triage").is_dir():
            return candidate
    return None


def all_cases() -> list[dict[str, Any]]:
    """Every triage case in the repository: examples, own and blind sets, named rule cases."""
    files = sorted((REPO / "tests" / "triage").glob("*.jsonl"))
    shared = shared_dir()
    if shared is not None:
        files.append(shared / "triage" / "examples.jsonl")
    cases = [
        json.loads(line)["case"]
        for path in files
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for path in sorted((REPO / "tests" / "triage" / "rule_cases").glob("*.yaml")):
        cases += [c["case"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    return cases


@pytest.fixture(scope="session")
def pocket_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pocket build for the whole session."""
    from sitecare.config import default_cache_dir
    from sitecare.pocket.site import build_site

    out = tmp_path_factory.mktemp("pocket") / "site"
    build_site(out, cache_dir=default_cache_dir(), emergency_number="911")
    return out


@pytest.fixture(scope="session")
def node() -> str:
    if NODE is None:
        if os.environ.get("CI"):
            pytest.fail("node is needed for pocket's parity test (apt-get install nodejs)")
        pytest.skip("node is not installed")
    return NODE
