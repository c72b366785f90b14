"""``sitecare pocket build DIR``: write the whole static site.

Layout (served under ``base``, ``/pocket/`` by default)::

    index.html            the app shell: the emergency button and red-flag questions as plain
                          HTML (usable before Python is ready, or if it never is), in English;
                          index.<lang>.html the same in each other language (index.es.html)
    rf/<q>-<option>.html  what to do now for each red-flag answer, worked out at build time by
                          the same rule engine (no JavaScript); rf/<lang>/... in each other
    sw.js                 the service worker: precaches every file below, cache first
    manifest.webmanifest  installable app ("Add to home screen"), icons
    app.<hash>.js         the page side (window.sitecare, navigation)
    worker.<hash>.js      Pyodide and IndexedDB in a Web Worker
    app.<hash>.css        the web app's CSS and pocket's few additions
    rt-<hash>/            the pinned Pyodide runtime (pyodide.mjs, pyodide.asm.mjs, .wasm)
    python_stdlib.<hash>.zip, sitecare.<hash>.zip, icon-*.<hash>.png

Hashed names change only when a file's bytes change, so an update fetches only those. Every
compressible file also gets a ``.gz`` and ``.br`` twin for servers that send them as they are
(``sitecare serve`` does). ``pocket.json`` describes the build (files, hashes, sizes).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, TypedDict, Unpack

from sitecare import __version__
from sitecare.domain.emergency import DEFAULT_EMERGENCY_NUMBER
from sitecare.domain.language import LANGUAGES
from sitecare.domain.triage import check_emergency_number
from sitecare.pocket import shell_file
from sitecare.pocket.bundle import build_bundle
from sitecare.pocket.compile import JINJA_CACHE, Compiled, compile_python
from sitecare.pocket.icons import png
from sitecare.pocket.runtime import (
    PYODIDE_VERSION,
    PocketError,
    Runtime,
    cache_lock,
    load_runtime,
)
from sitecare.pocket.shell import (
    RedFlagAnswer,
    index_html,
    manifest,
    red_flag_answers,
    red_flag_pages,
)
from sitecare.pocket.stdlib import trim_stdlib
from sitecare.pocket.words import script_words

MARKER = "pocket.json"
COMPRESSED_SUFFIXES = (".html", ".js", ".mjs", ".css", ".wasm", ".zip", ".json", ".webmanifest")
RUNTIME_NAMES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")


@dataclass
class Site:
    """The files of one build, by path under the base."""

    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, path: str, data: bytes | str) -> str:
        self.files[path] = data.encode("utf-8") if isinstance(data, str) else data
        return path

    def hashed(self, stem: str, suffix: str, data: bytes | str) -> str:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return self.add(f"{stem}.{digest(raw)}{suffix}", raw)


def digest(data: bytes, n: int = 12) -> str:
    return hashlib.sha256(data).hexdigest()[:n]


def _asset(name: str) -> str:
    return files("sitecare.pocket").joinpath("assets", name).read_text(encoding="utf-8")


def _web_css() -> str:
    return files("sitecare.web").joinpath("static", "app.css").read_text(encoding="utf-8")


def _js(template: str, placeholder: str, config: dict[str, Any]) -> str:
    if placeholder not in template:
        raise PocketError(f"{placeholder} is missing from a pocket script.")
    return template.replace(placeholder, json.dumps(config, indent=1, sort_keys=True))


# -- the build ---------------------------------------------------------------------------------


def _check_base(base: str) -> None:
    if not (base.startswith("/") and base.endswith("/")):
        raise PocketError(f"The base path must start and end with '/', not {base!r}.")


def _add_runtime(site: Site, runtime: Runtime) -> str:
    """The pinned runtime's files, in a folder named by their hash; returns the folder."""
    rt_dir = "rt-" + digest(b"".join(runtime.files[n] for n in RUNTIME_NAMES)) + "/"
    for name in RUNTIME_NAMES:
        site.add(rt_dir + name, runtime.files[name])
    return rt_dir


def _python_zips(
    runtime: Runtime, cache_dir: Path, compile: bool
) -> tuple[bytes, bytes, Compiled | None]:
    """The trimmed standard library and sitecare's bundle, byte-compiled when ``compile``."""
    stdlib_zip, bundle_zip = trim_stdlib(runtime.files["python_stdlib.zip"]), build_bundle()
    compiled = (
        compile_python(runtime, stdlib_zip, bundle_zip, cache_dir=cache_dir) if compile else None
    )
    if compiled is not None:
        stdlib_zip, bundle_zip = compiled.stdlib, compiled.bundle
    return stdlib_zip, bundle_zip, compiled


def _add_worker(site: Site, worker_config: dict[str, Any]) -> str:
    """``worker.<hash>.js``, told where the runtime and the zips are; returns its name."""
    source = _asset("worker.js")
    config = {**worker_config, "words": script_words(source)}
    return site.hashed("worker", ".js", _js(source, "__POCKET_CONFIG__", config))


def _add_emergency_pages(
    site: Site, number: str, css: str, base: str, icons: dict[int, str]
) -> dict[str, list[RedFlagAnswer]]:
    """The ``rf/`` page of each red-flag answer in each language, and the manifest; returns
    the answers by language."""
    by_language = {}
    for language in LANGUAGES:
        answers = by_language[language] = red_flag_answers(number, language)
        pages = red_flag_pages(answers, number, css=css, base=base, icon=icons[192])
        for path, page in pages.items():
            site.add(path, page)
    site.add("manifest.webmanifest", manifest(icons, base))
    return by_language


def _add_app(site: Site, base: str, worker: str) -> tuple[str, str]:
    """``app.<hash>.js``; returns its name and the cache's name, which changes with any file
    (app.js included, before its name is known)."""
    shells = {language: shell_file(language) for language in LANGUAGES}
    app_config: dict[str, Any] = {
        "base": base,
        "worker": worker,
        "version": __version__,
        "pyodide": PYODIDE_VERSION,
        # every shell, named before it is written (they load this file)
        "staticPaths": sorted({"/" + p for p in site.files} | {"/" + p for p in shells.values()}),
        "shells": shells,
        "languages": list(LANGUAGES),
        "words": script_words(_asset("app.js")),
        "cacheName": "",
    }
    draft = _js(_asset("app.js"), "__POCKET_CONFIG__", app_config)
    cache_name = "sitecare-pocket-" + digest(
        json.dumps(sorted((p, digest(d)) for p, d in site.files.items())).encode() + draft.encode()
    )
    app_config["cacheName"] = cache_name
    app = site.hashed("app", ".js", _js(_asset("app.js"), "__POCKET_CONFIG__", app_config))
    return app, cache_name


def _add_service_worker(site: Site, base: str, cache_name: str) -> dict[str, str]:
    """``sw.js``, precaching every file so far; returns their hashes."""
    hashes = {path: digest(data) for path, data in sorted(site.files.items())}
    site.add(
        "sw.js",
        _js(
            _asset("sw.js"),
            "__POCKET_SW__",
            {
                "base": base,
                "cacheName": cache_name,
                "files": hashes,
                "immutable": [p for p in hashes if not _fixed_name(p)],
            },
        ),
    )
    return hashes


def assemble(
    *,
    cache_dir: Path,
    emergency_number: str = DEFAULT_EMERGENCY_NUMBER,
    base: str = "/pocket/",
    offline: bool = False,
    compile: bool = True,
) -> Site:
    """Every file of the site, in memory."""
    number = check_emergency_number(emergency_number)
    _check_base(base)
    with cache_lock(cache_dir):  # the runtime and the compiled zips: fetched and made once
        runtime = load_runtime(cache_dir, offline=offline)
        stdlib_zip, bundle_zip, compiled = _python_zips(runtime, cache_dir, compile)
    site = Site()
    rt_dir = _add_runtime(site, runtime)
    stdlib = site.hashed("python_stdlib", ".zip", stdlib_zip)
    bundle = site.hashed("sitecare", ".zip", bundle_zip)
    css = site.hashed("app", ".css", _web_css() + "\n" + _asset("pocket.css"))
    icons = {size: site.hashed(f"icon-{size}", ".png", png(size)) for size in (192, 512)}
    lock_info = json.loads(runtime.files["pyodide-lock.json"])["info"]
    worker = _add_worker(
        site,
        {
            "base": base,
            "runtime": rt_dir,
            "stdlib": stdlib,
            "bundle": bundle,
            "lockInfo": lock_info,
            "emergencyNumber": number,
            "jinjaCache": JINJA_CACHE if compiled is not None else "",
        },
    )
    answers = _add_emergency_pages(site, number, css, base, icons)
    app, cache_name = _add_app(site, base, worker)
    for language, said in answers.items():
        shell = index_html(
            said, number, css=css, app=app, base=base, icon=icons[192], language=language
        )
        site.add(shell_file(language), shell)
    hashes = _add_service_worker(site, base, cache_name)
    marker = {
        "sitecare": __version__,
        "pyodide": PYODIDE_VERSION,
        "base": base,
        "emergency_number": number,
        "cache": cache_name,
        "runtime": rt_dir,
        "stdlib": stdlib,
        "bundle": bundle,
        "lock_info": lock_info,
        "compiled": compiled.report if compiled is not None else None,
        "files": hashes,
    }
    site.add(MARKER, json.dumps(marker, indent=1))
    return site


def _fixed_name(path: str) -> bool:
    """Files whose name stays the same from build to build (the rest carry their hash)."""
    return path == "manifest.webmanifest" or path.startswith(("index.", "rf/"))


def _compressed(data: bytes, kind: str, cache: Path | None) -> bytes | None:
    """gzip (level 9) or brotli (quality 11) of ``data``, kept in the cache by content hash:
    the runtime's 10 MB of wasm takes most of a minute to brotli, once."""
    key = cache / f"{hashlib.sha256(data).hexdigest()}.{kind}" if cache else None
    if key is not None and key.is_file():
        return key.read_bytes()
    if kind == "gz":
        packed = gzip.compress(data, 9, mtime=0)
    else:
        try:
            import brotli  # type: ignore[import-untyped]
        except ImportError:  # brotli is optional: gzip alone is within the size target
            return None
        packed = brotli.compress(data, quality=11)
    if key is not None:
        key.parent.mkdir(parents=True, exist_ok=True)
        part = key.with_name(f"{key.name}.{os.getpid()}.part")
        part.write_bytes(packed)
        part.replace(key)
    return packed


def _compress(path: Path, data: bytes, cache: Path | None) -> None:
    if not path.name.endswith(COMPRESSED_SUFFIXES) or len(data) < 256:
        return
    for kind in ("gz", "br"):
        packed = _compressed(data, kind, cache)
        if packed is not None and len(packed) < len(data):
            path.with_name(f"{path.name}.{kind}").write_bytes(packed)


def write_site(site: Site, out: Path, *, cache_dir: Path | None = None) -> None:
    """Write ``site`` to ``out``: into a new folder beside it, then swapped in, so a server
    never sees half a build. An existing ``out`` is replaced only if it is a pocket build."""
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise PocketError(f"{out} exists and is not a pocket build: choose an empty or new folder.")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".pocket-", dir=out.parent))
    try:
        for rel, data in site.files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            _compress(path, data, cache_dir / "compressed" if cache_dir else None)
        tmp.chmod(0o755)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{digest(str(tmp).encode(), 8)}")
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


class SiteOptions(TypedDict, total=False):
    """``assemble``'s options, passed on as they are by ``build_site``."""

    emergency_number: str
    base: str
    offline: bool
    compile: bool


def build_site(out: Path, *, cache_dir: Path, **options: Unpack[SiteOptions]) -> Site:
    """Build pocket into ``out`` (see the module docstring); returns what was written.
    ``options`` are ``assemble``'s (the emergency number, the base path, offline, compile)."""
    site = assemble(cache_dir=cache_dir, **options)
    write_site(site, out, cache_dir=cache_dir)
    return site


def sizes(out: Path) -> dict[str, int]:
    """What a first visit downloads (every file the service worker precaches, and sw.js):
    raw, and as sent with gzip and with brotli."""
    info = json.loads((out / MARKER).read_text(encoding="utf-8"))
    total = {"raw": 0, "gzip": 0, "brotli": 0, "files": 0}
    for rel in [*info["files"], "sw.js"]:
        path = out / rel
        raw = path.stat().st_size
        gz = path.with_name(path.name + ".gz")
        br = path.with_name(path.name + ".br")
        total["raw"] += raw
        total["gzip"] += gz.stat().st_size if gz.is_file() else raw
        total["brotli"] += br.stat().st_size if br.is_file() else raw
        total["files"] += 1
    return total
