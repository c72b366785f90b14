"""Byte-compile pocket's Python at build time, with the runtime itself (Pyodide under Node).

Importing from source means compiling it on every start: for the standard library alone that
tripled the start-up time. The host's Python is not the runtime's (3.14), so Pyodide compiles:
``assets/compile.mjs`` runs the workload below (start-up and every page), and each module it
imported becomes a sourceless ``.pyc``; modules never imported stay ``.py`` (smaller to send,
compiled only if some rare page needs them). The result is cached by content, so only the
first build after a change runs Node. Without Node the build still works, uncompiled (slower).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from sitecare.pocket.runtime import PocketError, Runtime

#: Jinja2 compiles each template to Python on its first use; its bytecode cache keeps the code
#: (marshal of the runtime's Python), so the build ships the templates the workload renders
#: already compiled and the first page shows sooner. worker.js runs the same lines.
JINJA_CACHE_DIR = "/sitecare/_jinja_cache"
JINJA_CACHE = f"""
import os as _os
import jinja2 as _jinja2
from sitecare.views import api as _api
_os.makedirs({JINJA_CACHE_DIR!r}, exist_ok=True)
_api.pages().env.bytecode_cache = _jinja2.FileSystemBytecodeCache({JINJA_CACHE_DIR!r})
"""

#: what the browser does: start, load records, every page, a check, a suggestion, a log
WORKLOAD = (
    "JINJA_CACHE = "
    + repr(JINJA_CACHE)
    + "\n"
    + r"""
import json as _json
from sitecare.views.api import dispatch as _dispatch

_NOW = "2026-01-05T08:00:00+00:00"


def _call(name, args):
    answer = _json.loads(_dispatch(name, _json.dumps(args), _NOW))
    if not answer.get("ok"):
        raise RuntimeError(f"{name}: {answer}")
    return answer["result"]


_call("init", {"emergency_number": "911", "base": "/pocket", "static": "/pocket", "head": ""})
# the templates compiled now are shipped, as the worker reads them (see worker.js)
exec(JINJA_CACHE)
_call("load", {"format": "sitecare-export", "version": 1, "injections": [], "observations": [],
               "settings": {}})
_call("assess", {"findings": ["redness", "warmth"], "route": "intravenous"})
_call("suggest", {"route": "subcutaneous"})
_call("log", {"region": "abdomen_lower_left", "route": "subcutaneous"})
_call("history", {})
_call("exportAll", {})
for _path in ("/", "/log", "/check", "/history", "/settings", "/privacy", "/help"):
    _call("page", {"method": "GET", "path": _path, "query": {}, "form": {}})
_call("page", {"method": "POST", "path": "/check", "query": {},
               "form": {"answers": "{}", "asked": "what_injected,danger_now",
                        "danger_now": ["hard_to_wake"], "region": ""}})
"""
)


@dataclass(frozen=True)
class Compiled:
    stdlib: bytes
    bundle: bytes
    report: dict[str, object]


def node_path() -> str | None:
    return shutil.which("node")


def _cached(cached: Path) -> Compiled | None:
    if not (cached / "report.json").is_file():
        return None
    return Compiled(
        (cached / "stdlib.zip").read_bytes(),
        (cached / "bundle.zip").read_bytes(),
        json.loads((cached / "report.json").read_text()),
    )


def _run_node(
    node: str, runtime: Runtime, script: str, stdlib: bytes, bundle: bytes, tmp: Path
) -> dict[str, object]:
    """Run ``compile.mjs`` in ``tmp``: the compiled zips go to ``tmp/out``; returns its report."""
    rt = tmp / "runtime"
    rt.mkdir()
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json"):
        (rt / name).write_bytes(runtime.files[name])
    (rt / "package.json").write_bytes(runtime.files["package.json"])
    (tmp / "compile.mjs").write_text(script)
    (tmp / "stdlib.in.zip").write_bytes(stdlib)
    (tmp / "bundle.in.zip").write_bytes(bundle)
    (tmp / "workload.py").write_text(WORKLOAD)
    out = tmp / "out"
    out.mkdir()
    done = subprocess.run(
        [
            node,
            str(tmp / "compile.mjs"),
            str(rt),
            str(tmp / "stdlib.in.zip"),
            str(tmp / "bundle.in.zip"),
            str(tmp / "workload.py"),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        text = done.stderr + "\n" + done.stdout
        lines = [x for x in text.splitlines() if "Error" in x and len(x) < 1000]
        raise PocketError(
            "Byte-compiling pocket's Python in Pyodide failed: "
            + (lines[-1] if lines else "no message").strip()
        )
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def compile_python(
    runtime: Runtime, stdlib: bytes, bundle: bytes, *, cache_dir: Path
) -> Compiled | None:
    """The two zips with their used modules compiled, or None without Node."""
    node = node_path()
    script = files("sitecare.pocket").joinpath("assets", "compile.mjs").read_text("utf-8")
    key = hashlib.sha256()
    for part in (runtime.version.encode(), script.encode(), WORKLOAD.encode(), stdlib, bundle):
        key.update(hashlib.sha256(part).digest())
    cached = cache_dir / "compiled" / key.hexdigest()[:32]
    found = _cached(cached)
    if found is not None:
        return found
    if node is None:
        return None
    with tempfile.TemporaryDirectory(prefix="pocket-compile-") as tmp_name:
        tmp = Path(tmp_name)
        report = _run_node(node, runtime, script, stdlib, bundle, tmp)
        cached.mkdir(parents=True, exist_ok=True)
        for name in ("stdlib.zip", "bundle.zip"):
            shutil.copyfile(tmp / "out" / name, cached / name)
        (cached / "report.json").write_text(json.dumps(report))
        return Compiled(
            (cached / "stdlib.zip").read_bytes(), (cached / "bundle.zip").read_bytes(), report
        )
