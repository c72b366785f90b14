"""``sitecare pocket build DIR``: write the whole static site.

Layout (served under ``base``, ``/pocket/`` by default)::

    index.html            the app shell: the emergency button and red-flag questions as plain
                          HTML (usable before Python is ready, or if it never is)
    rf/<q>-<option>.html  what to do now for each red-flag answer, worked out at build time by
                          the same rule engine (no JavaScript)
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
import html
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from sitecare import __version__
from sitecare.domain.emergency import DEFAULT_EMERGENCY_NUMBER
from sitecare.domain.triage import assess, check_emergency_number, load_red_flags
from sitecare.domain.triage.questionnaire import Option, Question, answers_to_case, load_questions
from sitecare.pocket.bundle import build_bundle
from sitecare.pocket.compile import JINJA_CACHE, compile_python
from sitecare.pocket.icons import png
from sitecare.pocket.runtime import PYODIDE_VERSION, PocketError, load_runtime
from sitecare.pocket.stdlib import trim_stdlib

MARKER = "pocket.json"
COMPRESSED_SUFFIXES = (".html", ".js", ".mjs", ".css", ".wasm", ".zip", ".json", ".webmanifest")
THEME = "#0b4f8a"
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


# -- the emergency shell ----------------------------------------------------------------------


@dataclass(frozen=True)
class RedFlagAnswer:
    question: Question
    option: Option
    path: str
    why: str
    assessment: dict[str, Any]


def _why(option: Option, findings_why: dict[frozenset[str], str]) -> str:
    return findings_why.get(frozenset(option.findings), "")


def red_flag_answers(emergency_number: str) -> list[RedFlagAnswer]:
    """Every answer of the red-flag questions, with the engine's assessment of it alone.

    The build refuses to go on if any of them is not an emergency: the shell says "call now"
    for each, so it must be what the engine says too.
    """
    why = {frozenset(f.findings): f.why for f in load_red_flags().all if f.findings}
    answers = []
    for q in load_questions():
        if not q.red_flag:
            continue
        for option in q.options:
            case = answers_to_case({q.id: [option.id]} if q.kind == "checklist" else {q.id: True})
            result = assess(case, emergency_number=emergency_number)
            if result["level"] != "emergency":
                raise PocketError(
                    f"The red-flag answer {q.id}/{option.id} is not an emergency for the engine "
                    f"({result['level']}): the emergency page cannot say call now."
                )
            answers.append(
                RedFlagAnswer(q, option, f"rf/{q.id}-{option.id}.html", _why(option, why), result)
            )
    return answers


def _head(title: str, css: str, base: str, extra: str = "") -> str:
    e = html.escape
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="same-origin">\n'
        f"<title>{e(title)}</title>\n"
        f'<meta name="theme-color" content="{THEME}">\n'
        f'<link rel="stylesheet" href="{e(base + css)}">\n{extra}</head>\n'
    )


def _header(number: str, base: str) -> str:
    e = html.escape
    return (
        '<a class="skip" href="#main">Skip to the content</a>\n<header class="top">\n'
        f'  <a class="brand" href="{e(base)}">sitecare</a>\n'
        f'  <a class="emergency-link" href="tel:{e(number)}">Emergency? Call {e(number)}</a>\n'
        "</header>\n"
    )


_FOOTER = (
    "<footer>\n  <p>sitecare gives guidance, not a diagnosis. If you are worried, get care.</p>\n"
    "  <p>Your records stay on this phone. Nothing is sent anywhere.</p>\n</footer>\n"
)


def _question_text(q: Question) -> str:
    return q.text.replace(" Tick all that fit.", "").strip()


def index_html(
    answers: list[RedFlagAnswer], number: str, *, css: str, app: str, base: str, icon: str
) -> str:
    e = html.escape
    head = _head(
        "sitecare",
        css,
        base,
        f'<link rel="manifest" href="{e(base)}manifest.webmanifest">\n'
        f'<link rel="icon" href="{e(base + icon)}">\n'
        f'<link rel="apple-touch-icon" href="{e(base + icon)}">\n'
        f'<script type="module" src="{e(base + app)}"></script>\n',
    )
    parts = [head, "<body>\n", _header(number, base)]
    parts.append(
        '<div id="pocket-status" class="notice" role="status" data-pocket-keep>'
        "Starting sitecare on this phone…</div>\n"
        '<main id="main">\n<h1>Is this an emergency?</h1>\n'
        "<p>If any of these is happening, tap it to see what to do now, or call "
        f'<a href="tel:{e(number)}">{e(number)}</a> straight away.</p>\n'
    )
    by_question: dict[str, list[RedFlagAnswer]] = {}
    for a in answers:
        by_question.setdefault(a.question.id, []).append(a)
    for qid, items in by_question.items():
        q = items[0].question
        parts.append(f'<h2 id="rf-{e(qid)}">{e(_question_text(q))}</h2>\n')
        parts.append(f'<ul class="rf-list" aria-labelledby="rf-{e(qid)}">\n')
        for a in items:
            parts.append(
                f'  <li><a class="button secondary" href="{e(base + a.path)}">'
                f"{e(a.option.text)}</a></li>\n"
            )
        parts.append("</ul>\n")
    parts.append(
        '<p id="pocket-next">None of these? sitecare opens here in a moment: log an injection, '
        "see where to inject next, or check a mark.</p>\n"
        '<noscript><p class="warning">sitecare needs JavaScript for everything but these '
        "emergency questions.</p></noscript>\n</main>\n"
    )
    parts.append(_FOOTER)
    parts.append(
        '<div id="pocket-update" role="status" hidden data-pocket-keep>'
        "<p>An update is ready. Your records stay on this phone.</p>"
        '<button type="button">Update now</button></div>\n</body>\n</html>\n'
    )
    return "".join(parts)


def _rebase(text: str, base: str) -> str:
    """The web app's paths (``/log``) as pocket's (``/pocket/log``)."""
    return re.sub(r'\b(href|action)="/(?!/)', lambda m: f'{m.group(1)}="{base}', text)


def red_flag_pages(
    answers: list[RedFlagAnswer], number: str, *, css: str, base: str, icon: str
) -> dict[str, str]:
    """The emergency page of each red-flag answer: the web app's own check result template,
    rendered now (as pocket's views render it in the browser), with no script at all."""
    from sitecare.views.context import LEVEL_LOOK
    from sitecare.views.pages import Pages
    from sitecare.views.state import Pocket

    static = "/__pocket_static__"
    head = '<link rel="icon" href="__pocket_icon__">\n'
    pages = Pages(Pocket(emergency_number=number), static=static, base=base, head=head)
    words, mark = LEVEL_LOOK["emergency"]
    out = {}
    for a in answers:
        context = {
            "active": "Check",
            "a": a.assessment,
            "stopped": True,
            "stop_message": a.why,
            "words": words,
            "icon": mark,
            "region": None,
            "observation": None,
        }
        page = _rebase(pages.render("check_result.html", context).html, base)
        page = page.replace(f"{base}{static[1:]}/app.css", base + css)
        out[a.path] = page.replace("__pocket_icon__", html.escape(base + icon))
    return out


def manifest(icons: dict[int, str], base: str) -> str:
    return json.dumps(
        {
            "name": "sitecare",
            "short_name": "sitecare",
            "description": "Keep injection sites healthy, on this phone only.",
            "start_url": base,
            "scope": base,
            "id": base,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": THEME,
            "icons": [
                *(
                    {"src": name, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                    for size, name in icons.items()
                ),
                {
                    "src": icons[512],
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        },
        indent=1,
    )


# -- the build ---------------------------------------------------------------------------------


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
    if not (base.startswith("/") and base.endswith("/")):
        raise PocketError(f"The base path must start and end with '/', not {base!r}.")
    runtime = load_runtime(cache_dir, offline=offline)
    site = Site()
    rt_dir = "rt-" + digest(b"".join(runtime.files[n] for n in RUNTIME_NAMES)) + "/"
    for name in RUNTIME_NAMES:
        site.add(rt_dir + name, runtime.files[name])
    stdlib_zip, bundle_zip = trim_stdlib(runtime.files["python_stdlib.zip"]), build_bundle()
    compiled = (
        compile_python(runtime, stdlib_zip, bundle_zip, cache_dir=cache_dir) if compile else None
    )
    if compiled is not None:
        stdlib_zip, bundle_zip = compiled.stdlib, compiled.bundle
    stdlib = site.hashed("python_stdlib", ".zip", stdlib_zip)
    bundle = site.hashed("sitecare", ".zip", bundle_zip)
    css = site.hashed("app", ".css", _web_css() + "\n" + _asset("pocket.css"))
    icons = {size: site.hashed(f"icon-{size}", ".png", png(size)) for size in (192, 512)}
    lock_info = json.loads(runtime.files["pyodide-lock.json"])["info"]
    worker = site.hashed(
        "worker",
        ".js",
        _js(
            _asset("worker.js"),
            "__POCKET_CONFIG__",
            {
                "base": base,
                "runtime": rt_dir,
                "stdlib": stdlib,
                "bundle": bundle,
                "lockInfo": lock_info,
                "emergencyNumber": number,
                "jinjaCache": JINJA_CACHE if compiled is not None else "",
            },
        ),
    )
    answers = red_flag_answers(number)
    for path, page in red_flag_pages(answers, number, css=css, base=base, icon=icons[192]).items():
        site.add(path, page)
    site.add("manifest.webmanifest", manifest(icons, base))
    app_config: dict[str, Any] = {
        "base": base,
        "worker": worker,
        "version": __version__,
        "pyodide": PYODIDE_VERSION,
        "staticPaths": sorted("/" + p for p in site.files),
        "cacheName": "",
    }
    # the cache's name changes with any file (app.js included, before its name is known)
    draft = _js(_asset("app.js"), "__POCKET_CONFIG__", app_config)
    cache_name = "sitecare-pocket-" + digest(
        json.dumps(sorted((p, digest(d)) for p, d in site.files.items())).encode() + draft.encode()
    )
    app_config["cacheName"] = cache_name
    app = site.hashed("app", ".js", _js(_asset("app.js"), "__POCKET_CONFIG__", app_config))
    site.add(
        "index.html", index_html(answers, number, css=css, app=app, base=base, icon=icons[192])
    )
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
    site.add(
        MARKER,
        json.dumps(
            {
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
            },
            indent=1,
        ),
    )
    return site


def _fixed_name(path: str) -> bool:
    """Files whose name stays the same from build to build (the rest carry their hash)."""
    return path in ("index.html", "manifest.webmanifest") or path.startswith("rf/")


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
        part = key.with_suffix(".part")
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


def build_site(
    out: Path,
    *,
    cache_dir: Path,
    emergency_number: str = DEFAULT_EMERGENCY_NUMBER,
    base: str = "/pocket/",
    offline: bool = False,
    compile: bool = True,
) -> Site:
    """Build pocket into ``out`` (see the module docstring); returns what was written."""
    site = assemble(
        cache_dir=cache_dir,
        emergency_number=emergency_number,
        base=base,
        offline=offline,
        compile=compile,
    )
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
