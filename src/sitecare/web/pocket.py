"""Serve the pocket site (static files built by ``sitecare pocket build``) at ``/pocket/``.

Files are sent as built: the ``.br`` or ``.gz`` twin when the browser accepts it (made at build
time, nothing is compressed per request), with the right types (``application/wasm`` lets the
browser compile while it downloads), an ETag, and long caching for hashed names. Only files the
build lists are served; any other path under ``/pocket/`` that a person opens is the app shell
(``index.html``), which renders that page itself. The CSP lets the page compile WebAssembly
and start its worker, from this origin only.

Without ``sitecare serve --pocket DIR`` the site is built into the cache folder the first time
``/pocket/`` is asked for (the runtime fetched once from the npm registry, then offline). The
build runs in its own thread: a request waits for it a moment (``wait`` seconds), then a page
gets "Getting pocket ready", in the person's language, which opens pocket by itself when it
is built (a refresh every few seconds, with or without JavaScript), instead of half a minute
of a blank screen.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from html import escape
from pathlib import Path

from starlette.requests import cookie_parser
from starlette.types import Receive, Scope, Send

from sitecare.domain.language import COOKIE, for_web
from sitecare.domain.messages import Msg, gettext_for, localise
from sitecare.pocket import shell_file

log = logging.getLogger("sitecare.pocket")

PREFIX = "/pocket"
POCKET_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
    "connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; manifest-src 'self'; "
    "font-src 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'"
)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
#: names that stay the same from build to build: the browser asks again each time
FIXED = ("index.html", "sw.js", "manifest.webmanifest", "pocket.json")
#: seconds the "Getting pocket ready" page waits before it asks again
REFRESH = 4


@dataclass(frozen=True)
class Built:
    root: Path
    files: dict[str, str]  # path -> content hash
    stamp: int  # pocket.json's mtime: a new build in the same folder is picked up at once

    def current(self) -> bool:
        try:
            return (self.root / "pocket.json").stat().st_mtime_ns == self.stamp
        except OSError:
            return False


def read_build(root: Path) -> Built | None:
    try:
        marker = root / "pocket.json"
        stamp = marker.stat().st_mtime_ns
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = {str(k): str(v) for k, v in info.get("files", {}).items()}
    return Built(root, files | {"pocket.json": "", "sw.js": ""}, stamp)


class PocketFiles:
    """ASGI app for ``/pocket`` (mounted by the web app factory)."""

    def __init__(
        self,
        pocket_dir: Path | None,
        *,
        cache_dir: Path,
        emergency_number: str,
        language: str | None = None,
        wait: float = 2.0,
    ) -> None:
        self.pocket_dir = pocket_dir
        self.cache_dir = cache_dir
        self.emergency_number = emergency_number
        self.language = language  # the server's SITECARE_LANGUAGE, for the waiting page
        self.wait = wait
        self._built: Built | None = None
        self._lock = threading.Lock()
        #: why pocket cannot be served (a message and its hint), said in each person's language
        self._error: list[str] | None = None
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    def _ready(self) -> Built | None:
        """The site if it is there within ``wait`` seconds; else None, the build going on."""
        if self.pocket_dir is not None:
            return self._build()  # a folder given: only read, never slow
        with self._starting:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._build, name="pocket", daemon=True)
                self._thread.start()
            thread = self._thread
        thread.join(self.wait)
        return None if thread.is_alive() else self._built

    def building(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _build(self) -> Built | None:
        """The site: the given folder, or one built (once) into the cache folder."""
        if self._built is not None and self._built.current():
            return self._built
        with self._lock:
            if self._built is not None and self._built.current():
                return self._built
            if self._built is not None:  # rebuilt in place (sitecare pocket build DIR)
                self._built = read_build(self._built.root) or self._built
                return self._built
            if self.pocket_dir is not None:
                self._built = read_build(self.pocket_dir)
                if self._built is None:
                    log.warning("pocket: %s is not a pocket build", self.pocket_dir)
                    self._error = [Msg("The folder given with --pocket is not a pocket build.")]
                return self._built
            from sitecare.domain.errors import SitecareError
            from sitecare.pocket.site import build_site

            out = self.cache_dir / "pocket-site" / self.emergency_number
            try:
                build_site(out, cache_dir=self.cache_dir, emergency_number=self.emergency_number)
            except (SitecareError, OSError) as exc:
                # OSError: another worker process swapped its own build in at the same moment
                # what the person reads names no folder (the server's log does)
                log.warning("pocket: the build into %s failed: %s", out, exc)
                if isinstance(exc, SitecareError):
                    self._error = [exc.message, *([exc.hint] if exc.hint else [])]
                else:
                    self._error = [Msg("Pocket could not be written to its folder.")]
                existing = read_build(out)  # an older build still works
                if existing is None:
                    return None
                self._built = existing
                return existing
            self._built = read_build(out)
            return self._built

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        path: str = scope["path"]
        if path.startswith(PREFIX):
            path = path[len(PREFIX) :]
        if path == "":
            await _send(send, 308, [(b"location", f"{PREFIX}/".encode())], b"")
            return
        method = scope["method"]
        headers = dict(_header_pairs(scope))
        lang = self._language(headers)
        _ = gettext_for(lang)
        if method not in ("GET", "HEAD"):
            body = _("Pocket is static files: it only answers GET and HEAD.").encode()
            await _send(send, 405, [(b"allow", b"GET, HEAD"), *_text(lang)], body)
            return
        from starlette.concurrency import run_in_threadpool

        built = self._built
        if built is None or not built.current():
            built = await run_in_threadpool(self._ready)
        if built is None and self.building():
            await self._getting_ready(headers, lang, send)
            return
        if built is None:
            why = (
                " ".join(localise(self._error, lang))
                if self._error
                else _("it has not been built.")
            )
            unavailable = _("Pocket is not available here: %(reason)s") % {"reason": why}
            await _send(send, 503, [*_text(lang), (b"retry-after", b"60")], unavailable.encode())
            return
        rel = path.lstrip("/")
        if rel not in built.files:
            last = rel.rsplit("/", 1)[-1]
            if rel and ("." in last or "text/html" not in headers.get("accept", "")):
                body = _("There is no such file in pocket.").encode()
                await _send(send, 404, _text(lang), body)
                return
            # a page of the app: the shell in the person's language renders it (the cookie of
            # the web app's switch, then Accept-Language); app.js then follows the phone's choice
            shell = shell_file(lang)
            rel = shell if shell in built.files else "index.html"
            await self._file(send, built, rel, headers, head=method == "HEAD", negotiated=True)
            return
        await self._file(send, built, rel, headers, head=method == "HEAD")

    def _language(self, headers: dict[str, str]) -> str:
        """The person's language: the web app's switch (its cookie), then Accept-Language,
        then the server's own."""
        cookie = cookie_parser(headers.get("cookie", "")).get(COOKIE)
        return for_web(cookie, headers.get("accept-language"), self.language)

    async def _getting_ready(self, headers: dict[str, str], lang: str, send: Send) -> None:
        """503 while the build runs: a page for a person, a short text for anything else."""
        wait = [(b"retry-after", str(REFRESH).encode()), (b"cache-control", b"no-store")]
        if "text/html" not in headers.get("accept", ""):
            _ = gettext_for(lang)
            body = _("Pocket is being built. Try again soon.").encode()
            await _send(send, 503, [*_text(lang), *wait], body)
            return
        page = getting_ready_page(lang, self.emergency_number)
        html = [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-language", lang.encode()),
        ]
        csp = [(b"content-security-policy", POCKET_CSP.encode())]
        await _send(send, 503, [*html, *csp, *wait], page.encode())

    async def _file(
        self,
        send: Send,
        built: Built,
        rel: str,
        headers: dict[str, str],
        *,
        head: bool,
        negotiated: bool = False,
    ) -> None:
        """One file as built; ``negotiated``: a shell chosen by the person's language (the
        answer varies with the cookie and Accept-Language too)."""
        target = built.root / rel
        suffix = "." + rel.rsplit(".", 1)[-1] if "." in rel else ""
        etag = f'"{built.files.get(rel) or ""}"'
        vary = b"Accept-Encoding, Accept-Language, Cookie" if negotiated else b"Accept-Encoding"
        out = [
            (b"content-type", TYPES.get(suffix, "application/octet-stream").encode()),
            (b"vary", vary),
            (b"content-security-policy", POCKET_CSP.encode()),
            (b"x-content-type-options", b"nosniff"),
        ]
        fixed = rel in FIXED or rel.startswith(("index.", "rf/"))
        cache = "no-cache" if fixed else "public, max-age=31536000, immutable"
        out.append((b"cache-control", cache.encode()))
        if etag != '""':
            out.append((b"etag", etag.encode()))
            if headers.get("if-none-match") == etag:
                await _send(send, 304, out, b"")
                return
        accepted = headers.get("accept-encoding", "")
        body_path = target
        for encoding, ext in (("br", ".br"), ("gzip", ".gz")):
            candidate = target.with_name(target.name + ext)
            if encoding in accepted and candidate.is_file():
                body_path = candidate
                out.append((b"content-encoding", encoding.encode()))
                break
        try:
            body = body_path.read_bytes()
        except OSError:
            lang = self._language(headers)
            _ = gettext_for(lang)
            await _send(send, 404, _text(lang), _("There is no such file in pocket.").encode())
            return
        await _send(send, 200, out, b"" if head else body, length=len(body))


def _header_pairs(scope: Scope) -> list[tuple[str, str]]:
    return [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope["headers"]]


def _text(lang: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-language", lang.encode()),
        (b"content-security-policy", POCKET_CSP.encode()),
    ]


async def _send(
    send: Send,
    status: int,
    headers: list[tuple[bytes, bytes]],
    body: bytes,
    *,
    length: int | None = None,
) -> None:
    size = len(body) if length is None else length
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*headers, (b"content-length", str(size).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def getting_ready_page(lang: str, number: str) -> str:
    """The page a person sees while pocket is built for the first time."""
    _ = gettext_for(lang)
    call = escape(_("Emergency? Call %(number)s") % {"number": number})
    title = escape(_("Getting pocket ready"))
    how_long = escape(_("The first time, this takes about half a minute."))
    by_itself = escape(_("This page opens pocket by itself when it is ready."))
    again = escape(_("Try again now"))
    return f"""<!doctype html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{REFRESH}">
<title>{title} · sitecare</title>
<link rel="stylesheet" href="/static/app.css">
</head>
<body>
<header class="top"><a class="brand" href="/">sitecare</a>
<a class="emergency-link" href="tel:{escape(number)}">{call}</a></header>
<main id="main">
<h1>{title}</h1>
<p role="status">{how_long}</p>
<p>{by_itself}</p>
<p><a class="button" href="{PREFIX}/">{again}</a></p>
</main>
</body>
</html>
"""
