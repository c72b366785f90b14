"""The domain bundle: sitecare's domain core and views with the pure-Python libraries they use.

One zip the worker puts on ``sys.path`` (zipimport): ``sitecare`` (``__init__``, ``domain``,
``views``), its packaged data with every YAML file turned into JSON (the browser has no
PyYAML), the web app's Jinja2 templates and CSS, and ``jinja2`` and ``markupsafe`` copied
from the installed packages (markupsafe without its C speedups: it falls back to Python).
Files are plain ``.py``: the runtime's Python (3.14) is not the one building, so it compiles
them when imported. Entries are written in a fixed order with a fixed date, so the same
sources give the same bytes (and the same hashed name).
"""

from __future__ import annotations

import importlib.util
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from sitecare.domain.yamlload import json_name, safe_load

#: the packages of sitecare that run in the browser
SITECARE_PARTS = ("domain", "views")
#: pure-Python libraries copied in whole (``.py`` and ``py.typed`` only)
LIBRARIES = ("jinja2", "markupsafe")
_FIXED_DATE = (2020, 1, 1, 0, 0, 0)
_SKIP_DIRS = {"__pycache__"}


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        from sitecare.pocket.runtime import PocketError

        raise PocketError(f"The package {name} is not installed: pocket cannot be built.")
    return Path(next(iter(spec.submodule_search_locations)))


def _walk(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not _SKIP_DIRS & set(path.relative_to(root).parts):
            yield path


def _data_files(data: Path) -> Iterator[tuple[str, bytes]]:
    """``sitecare/data``: YAML as JSON (one key per line, so problem lines can be found)."""
    for path in _walk(data):
        rel = path.relative_to(data).as_posix()
        if path.suffix in (".yaml", ".yml"):
            value = safe_load(path.read_text(encoding="utf-8"))
            text = json.dumps(value, indent=1, ensure_ascii=False, sort_keys=False)
            yield json_name(rel), text.encode("utf-8") + b"\n"
        elif path.suffix in (".json", ".py"):
            yield rel, path.read_bytes()


def bundle_entries() -> dict[str, bytes]:
    """Every file of the bundle, by its path in the zip."""
    root = _package_dir("sitecare")
    entries: dict[str, bytes] = {"sitecare/__init__.py": (root / "__init__.py").read_bytes()}
    for part in SITECARE_PARTS:
        for path in _walk(root / part):
            if path.suffix in (".py", ".typed", ".json", ".html", ".css", ".txt"):
                entries[f"sitecare/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    for rel, data in _data_files(root / "data"):
        entries[f"sitecare/data/{rel}"] = data
    for path in _walk(root / "web" / "templates"):
        entries[
            f"sitecare/web/templates/{path.relative_to(root / 'web' / 'templates').as_posix()}"
        ] = path.read_bytes()
    for path in _walk(root / "locale"):
        if path.suffix == ".po":  # the gettext catalogs (read without Babel: domain.messages)
            entries[f"sitecare/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    entries["sitecare/web/static/app.css"] = (root / "web" / "static" / "app.css").read_bytes()
    for lib in LIBRARIES:
        lib_dir = _package_dir(lib)
        for path in _walk(lib_dir):
            if path.suffix == ".py" or path.name == "py.typed":
                entries[f"{lib}/{path.relative_to(lib_dir).as_posix()}"] = path.read_bytes()
    return entries


def write_zip(entries: dict[str, bytes]) -> bytes:
    """A deterministic zip of ``entries`` (sorted names, fixed dates), stored uncompressed:
    the server's gzip or brotli compresses across files, better than deflate file by file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, _FIXED_DATE)
            info.external_attr = 0o644 << 16
            zf.writestr(info, entries[name])
    return out.getvalue()


def build_bundle() -> bytes:
    """The bundle zip's bytes."""
    return write_zip(bundle_entries())
