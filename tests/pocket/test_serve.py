"""``sitecare serve`` serves pocket at /pocket/: types, precompressed files, CSP, caching."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sitecare.config import Settings
from sitecare.domain.language import COOKIE
from sitecare.web.pocket import REFRESH, PocketFiles


@pytest.fixture(scope="module")
def client(pocket_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    from tests.conftest import _serve_in_thread

    tmp = tmp_path_factory.mktemp("serve")
    settings = Settings(
        database_url=f"sqlite:///{tmp / 'web.sqlite3'}", data_dir=tmp, pocket_dir=pocket_site
    )
    with _serve_in_thread(settings) as url, httpx.Client(base_url=url) as c:
        yield c


def _info(site: Path) -> dict[str, Any]:
    return dict(json.loads((site / "pocket.json").read_text()))


def test_types_and_encodings(client: httpx.Client, pocket_site: Path) -> None:
    info = _info(pocket_site)
    wasm = client.get(
        f"/pocket/{info['runtime']}pyodide.asm.wasm", headers={"accept-encoding": "br"}
    )
    assert wasm.status_code == 200
    assert wasm.headers["content-type"] == "application/wasm"
    assert wasm.headers["content-encoding"] == "br"
    assert "immutable" in wasm.headers["cache-control"]
    assert wasm.headers["vary"] == "Accept-Encoding"
    raw = client.get(f"/pocket/{info['stdlib']}", headers={"accept-encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert raw.content == (pocket_site / info["stdlib"]).read_bytes()  # httpx un-gzips
    js = client.get("/pocket/sw.js", headers={"accept-encoding": "identity"})
    assert js.headers["content-type"].startswith("text/javascript")
    assert "content-encoding" not in js.headers
    assert js.headers["cache-control"] == "no-cache"
    manifest = client.get("/pocket/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"


def test_the_csp_allows_wasm_and_workers_from_this_origin_only(client: httpx.Client) -> None:
    shell = client.get("/pocket/")
    assert shell.status_code == 200
    assert shell.headers["content-type"].startswith("text/html")
    csp = shell.headers["content-security-policy"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp
    assert "worker-src 'self'" in csp and "connect-src 'self'" in csp
    assert "http" not in csp and "*" not in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert shell.headers["x-content-type-options"] == "nosniff"
    # the web app's own pages keep their stricter policy
    assert "wasm" not in client.get("/").headers["content-security-policy"]


def test_the_shell_is_in_the_persons_language(client: httpx.Client) -> None:
    """With no script at all, a Spanish browser (or the web app's switch, its cookie) gets the
    Spanish emergency shell; the shell's own file names stay as they are (the service worker
    caches index.html by name)."""
    page = {"accept": "text/html"}
    spanish = client.get("/pocket/", headers={**page, "accept-language": "es-MX,es;q=0.9"})
    assert spanish.status_code == 200 and '<html lang="es">' in spanish.text
    assert "¿Es una emergencia?" in spanish.text
    assert spanish.headers["vary"] == "Accept-Encoding, Accept-Language, Cookie"
    assert spanish.headers["cache-control"] == "no-cache"
    log = client.get("/pocket/log", headers={**page, "accept-language": "es"})
    assert log.text == spanish.text
    chosen = client.get(
        "/pocket/log", headers={**page, "accept-language": "es", "cookie": f"{COOKIE}=en"}
    )
    assert '<html lang="en">' in chosen.text and "Is this an emergency?" in chosen.text
    named = client.get("/pocket/index.html", headers={**page, "accept-language": "es"})
    assert '<html lang="en">' in named.text and named.headers["vary"] == "Accept-Encoding"
    assert '<html lang="es">' in client.get("/pocket/index.es.html").text
    missing = client.get("/pocket/nothing.js", headers={"accept-language": "es"})
    assert missing.status_code == 404 and missing.text == "Ese archivo no existe en pocket."


def test_app_pages_are_the_shell_and_unknown_files_are_404(client: httpx.Client) -> None:
    shell = client.get("/pocket/").text
    page = client.get("/pocket/history", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.text == shell
    assert client.get("/pocket/nothing.js").status_code == 404
    assert client.get("/pocket/../pyproject.toml").status_code == 404
    assert client.get("/pocket/history", headers={"accept": "*/*"}).status_code == 404
    moved = client.get("/pocket", follow_redirects=False)
    assert moved.status_code in (307, 308) and moved.headers["location"].endswith("/pocket/")
    assert client.post("/pocket/", content=b"x").status_code in (403, 405)


def test_etags_let_the_browser_revalidate(client: httpx.Client) -> None:
    first = client.get("/pocket/index.html")
    again = client.get("/pocket/index.html", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and not again.content


def test_serve_refuses_a_folder_that_is_not_a_build(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sitecare.cli.app import app

    result = CliRunner().invoke(app, ["serve", "--pocket", str(tmp_path)])
    assert result.exit_code != 0
    assert "not a pocket build" in result.output


def test_without_a_folder_serve_builds_pocket_into_the_cache(
    tmp_path: Path, pocket_site: Path
) -> None:
    """``sitecare serve`` alone: the first request for /pocket/ builds it (from the cached
    runtime, so offline here) into the cache folder, and it is served from there."""
    from tests.conftest import _serve_in_thread

    from sitecare.config import default_cache_dir

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'web.sqlite3'}", data_dir=tmp_path)
    page = {"accept": "text/html", "accept-language": "es-MX,es;q=0.9"}
    with _serve_in_thread(settings) as url, httpx.Client(base_url=url, timeout=600) as c:
        deadline = time.monotonic() + 600
        shell = c.get("/pocket/", headers=page)
        while shell.status_code == 503 and time.monotonic() < deadline:
            # while it builds, a page that says so (in the browser's language) and asks again
            assert "Preparando pocket" in shell.text, shell.text
            assert shell.headers["retry-after"] == str(REFRESH)
            time.sleep(1)
            shell = c.get("/pocket/", headers=page)
        assert shell.status_code == 200, shell.text
        shell = c.get("/pocket/")
        assert "Emergency? Call 911" in shell.text
        assert c.get("/pocket/sw.js").status_code == 200
    built = default_cache_dir() / "pocket-site" / "911" / "pocket.json"
    assert json.loads(built.read_text())["files"] == _info(pocket_site)["files"]


class _SlowBuild(PocketFiles):
    """Pocket files whose first build takes as long as the test says (the real build takes
    half a minute with a cached runtime, and longer on an old machine)."""

    def __init__(self, cache_dir: Path) -> None:
        super().__init__(None, cache_dir=cache_dir, emergency_number="112", wait=0.05)
        self.done = threading.Event()

    def _build(self) -> None:
        self.done.wait(30)
        self._error = ["no build in this test"]
        return None


def test_while_pocket_is_built_a_person_sees_that_it_is_coming(tmp_path: Path) -> None:
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.testclient import TestClient

    files = _SlowBuild(tmp_path)
    app = Starlette(routes=[Mount("/pocket", app=files)])
    with TestClient(app, base_url="http://127.0.0.1") as c:
        page = c.get("/pocket/", headers={"accept": "text/html", "accept-language": "en"})
        assert page.status_code == 503
        assert page.headers["retry-after"] == str(REFRESH)
        assert page.headers["cache-control"] == "no-store"
        html = page.text
        assert '<html lang="en">' in html and "<h1>Getting pocket ready</h1>" in html
        assert f'<meta http-equiv="refresh" content="{REFRESH}">' in html  # works without JS
        assert 'href="tel:112">Emergency? Call 112</a>' in html
        c.cookies.set(COOKIE, "es")  # the language switch, remembered on the device
        spanish = c.get("/pocket/log", headers={"accept": "text/html"})
        assert '<html lang="es">' in spanish.text and "Preparando pocket" in spanish.text
        asset = c.get("/pocket/app.js")
        assert asset.status_code == 503 and "se está preparando" in asset.text
        assert asset.headers["content-language"] == "es"
        c.cookies.clear()
        asset = c.get("/pocket/app.js", headers={"accept-language": "en"})
        assert asset.status_code == 503 and "being built" in asset.text
        files.done.set()
        deadline = time.monotonic() + 10
        while files.building() and time.monotonic() < deadline:
            time.sleep(0.02)
        failed = c.get("/pocket/", headers={"accept": "text/html"})
        assert failed.status_code == 503 and "no build in this test" in failed.text
