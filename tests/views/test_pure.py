"""Pocket's Python runs with only the standard library, jinja2, markupsafe and the domain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

#: what Pyodide does not have (PyYAML is the domain loaders' business: they read JSON there)
ABSENT = [
    "pydantic",
    "pydantic_core",
    "jsonschema",
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "platformdirs",
    "typer",
    "click",
    "rich",
    "httpx",
    "psycopg",
    "sitecare.services",
    "sitecare.storage",
    "sitecare.web",
    "sitecare.cli",
    "sitecare.config",
]

SCRIPT = """
import json, sys
class Absent:
    def find_spec(self, name, path=None, target=None):
        if any(name == m or name.startswith(m + ".") for m in ABSENT):
            raise ImportError("not in pocket: " + name)
        return None
sys.meta_path.insert(0, Absent())
from sitecare.views.api import dispatch
now = "2026-12-01T13:00:00+01:00"
out = {}
out["assess"] = json.loads(dispatch("assess", json.dumps({"findings": ["pus"]}), now))["ok"]
out["log"] = json.loads(dispatch("log", json.dumps({"region": "forearm_left"}), now))["ok"]
out["suggest"] = json.loads(dispatch("suggest", "{}", now))["ok"]
doc = json.loads(dispatch("exportAll", "null", now))["result"]
out["import"] = json.loads(dispatch("importAll", json.dumps(doc), now))["ok"]
for path in ["/", "/log", "/check", "/history", "/help/services", "/settings", "/privacy"]:
    reply = json.loads(dispatch("page", json.dumps({"method": "GET", "path": path}), now))
    out[path] = reply["ok"] and reply["result"]["status"]
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("jinja2", "markupsafe", "sitecare"))
out["web"] = [m for m in loaded if m.startswith(("sitecare.web", "sitecare.services"))]
print(json.dumps(out))
"""


def test_views_run_without_the_server_side_libraries() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    code = f"ABSENT = {ABSENT!r}\n" + SCRIPT
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out.pop("web") == []
    assert all(v is True or v == 200 for v in out.values()), out
