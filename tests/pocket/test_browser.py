"""Pocket in Debian's Chromium: offline start, records that stay, the emergency path before
Python, export to ``sitecare import``, updates, and nothing from another origin.

One build for the session and few reloads: each start of Python in the browser costs seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.conftest import SITECARE, ServeProcess

pytestmark = pytest.mark.browser

READY_MS = 120_000  # a loaded CI machine: Python starting in the browser can take a while


@pytest.fixture
def site_copy(pocket_site: Path, tmp_path: Path) -> Path:
    """A copy of the session's build that a test may rebuild in place."""
    copy = tmp_path / "pocket"
    shutil.copytree(pocket_site, copy)
    return copy


@pytest.fixture
def serve(
    serve_process: Callable[..., ServeProcess], tmp_path: Path
) -> Callable[[Path], ServeProcess]:
    def start(site: Path) -> ServeProcess:
        (tmp_path / "data").mkdir(exist_ok=True)
        return serve_process(
            f"sqlite:///{tmp_path / 'data' / 'web.sqlite3'}", "--pocket", str(site)
        )

    return start


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    ctx.set_default_timeout(30_000)
    ctx.requests = []  # type: ignore[attr-defined]
    ctx.on("request", lambda r: ctx.requests.append(r.url))  # type: ignore[attr-defined]
    yield ctx
    ctx.close()


def _only_from(ctx: Any, origin: str) -> None:
    """No request left the serving origin (blob: and data: stay in the page)."""
    foreign = [
        u
        for u in ctx.requests
        if urlsplit(u).scheme not in ("blob", "data")
        and f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" != origin
    ]
    assert not foreign, foreign


def _ready(page: Any, path: str = "/") -> None:
    page.wait_for_function("() => window.sitecare !== undefined")
    page.evaluate("window.sitecare.ready")
    page.wait_for_selector(f'html[data-page="{path}"]', timeout=READY_MS)


def _controlled(page: Any) -> None:
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=READY_MS)


def _eventually(page: Any, expression: str, timeout: float = 60) -> None:
    """Wait until an async expression is true (wait_for_function takes a Promise as true)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"async () => !!(await {expression})"):
        assert time.monotonic() < deadline, f"never true: {expression}"
        time.sleep(0.1)


def _go(page: Any, path: str) -> None:
    page.evaluate("(p) => window.sitecare.show(p)", path)
    page.wait_for_selector(f'html[data-page="{path}"]')


def test_offline_records_suggestions_checks_and_export(
    serve: Callable[[Path], ServeProcess],
    pocket_site: Path,
    context: Any,
    check_page: Callable[..., list[dict[str, Any]]],
    tmp_path: Path,
) -> None:
    server = serve(pocket_site)
    page = context.new_page()
    page.goto(f"{server.url}/pocket/")
    _ready(page)
    _controlled(page)
    assert check_page(page, "pocket-home") == []

    before = page.evaluate("window.sitecare.suggest({route: 'subcutaneous'})")
    logged = page.evaluate(
        "(s) => window.sitecare.log({region: s.region, spot: s.spot, route: 'subcutaneous'})",
        before,
    )
    assert logged["region"] == before["region"]
    after = page.evaluate("window.sitecare.suggest({route: 'subcutaneous'})")
    assert (after["region"], after.get("spot")) != (before["region"], before.get("spot"))

    # the server goes away and the phone goes offline: pocket still starts, records intact
    server.stop()
    context.set_offline(True)
    page.reload()
    _ready(page)
    history = page.evaluate("window.sitecare.history()")
    assert [i["uid"] for i in history["injections"]] == [logged["uid"]]
    assert page.locator("main h1").count() == 1
    stored = page.evaluate(
        """() => new Promise((ok, fail) => {
            const open = indexedDB.open("sitecare");
            open.onerror = () => fail(open.error);
            open.onsuccess = () => {
                const db = open.result;
                const get = db.transaction("meta").objectStore("meta").get("schema");
                get.onsuccess = () => ok({version: db.version, schema: get.result,
                                          stores: [...db.objectStoreNames]});
            };
        })"""
    )
    assert stored == {
        "version": 1,
        "schema": 1,
        "stores": ["checks", "injections", "meta", "settings"],
    }

    # the journeys, offline, through the pages themselves
    page.locator("nav.main a", has_text="Log").click()
    page.wait_for_selector('html[data-page="/log"]')
    assert check_page(page, "pocket-log") == []
    _go(page, "/history")
    assert check_page(page, "pocket-history") == []
    # the skip link stays on the page; pocket's status line sits right under the header
    page.locator("a.skip").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.documentElement.dataset.page") == "/history"
    assert (
        page.evaluate("document.querySelector('header.top').nextElementSibling.id")
        == "pocket-status"
    )
    _go(page, "/check")
    page.locator('input[value="hard_to_wake"]').check()
    page.locator("main form button[type=submit]", has_text="Next").click()
    page.wait_for_selector("main a.button.call[href='tel:911']")  # the result, not the form
    call = page.locator("main a.button.call[href='tel:911']")
    assert call.is_visible() and "Call 911" in call.inner_text()
    assert check_page(page, "pocket-check-result") == []
    assert page.evaluate("window.sitecare.assess({findings: ['slow_breathing']})")["level"] == (
        "emergency"
    )

    # export (a downloaded file) -> sitecare import gives the same records
    _go(page, "/privacy")
    assert page.locator(".pocket-persist").is_visible()
    assert check_page(page, "pocket-privacy") == []
    with page.expect_download() as download:
        page.locator("main a", has_text="Download (JSON)").click()
    exported = tmp_path / "export.json"
    download.value.save_as(exported)
    document = json.loads(exported.read_text())
    assert document == page.evaluate("window.sitecare.exportAll()") | {
        "exported_at": document["exported_at"]
    }
    _import_gives_the_same_records(exported, tmp_path)

    # erase, then import the file through the page: the records come back
    page.locator("input[name=confirm]").check()
    page.locator("main button.danger").click()
    _eventually(page, "window.sitecare.history().then(h => h.injections.length === 0)")
    page.wait_for_selector('html[data-page="/privacy"]')
    page.set_input_files("input[type=file]", str(exported))
    page.locator("form[data-pocket=import] button[type=submit]").click()
    # the erase left a notice on the page already: wait for the import itself
    _eventually(page, "window.sitecare.history().then(h => h.injections.length > 0)")
    page.wait_for_selector("main .notice:has-text('Imported')")
    history = page.evaluate("window.sitecare.history()")
    assert [i["uid"] for i in history["injections"]] == [logged["uid"]]
    _only_from(context, server.url)


def _import_gives_the_same_records(exported: Path, tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SITECARE_")},
        "SITECARE_DATA_DIR": str(tmp_path / "cli"),
        "SITECARE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }

    def run(*args: str) -> str:
        done = subprocess.run(
            [SITECARE, *args], env=env, capture_output=True, text=True, check=False, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("import", str(exported))
    again = json.loads(run("export", "--format", "json"))
    mine = json.loads(exported.read_text())
    for key in ("injections", "observations", "settings"):
        strip = (lambda r: {k: v for k, v in r.items() if k != "id"}) if key != "settings" else None
        if strip is None:
            assert again[key] == mine[key]
        else:
            assert [strip(r) for r in again[key]] == [strip(r) for r in mine[key]]


def test_the_emergency_path_works_before_and_without_python(
    serve: Callable[[Path], ServeProcess],
    pocket_site: Path,
    context: Any,
    check_page: Callable[..., list[dict[str, Any]]],
) -> None:
    server = serve(pocket_site)
    context.route("**/worker.*.js", lambda route: route.abort())  # Python never starts
    page = context.new_page()
    page.goto(f"{server.url}/pocket/")
    call = page.locator("header a.emergency-link")
    assert call.is_visible() and call.get_attribute("href") == "tel:911"
    assert check_page(page, "pocket-emergency-shell") == []
    page.wait_for_selector("#pocket-status.warning")
    assert "emergency questions" in page.locator("#pocket-status").inner_text()
    page.locator("main a", has_text="Blue or grey lips").click()
    page.wait_for_selector("h1")
    assert "Emergency: call now" in page.locator("h1").inner_text()
    assert page.locator("main a.call").get_attribute("href") == "tel:911"
    assert page.locator("main ol.do-now li").count() >= 1
    assert check_page(page, "pocket-emergency-page") == []
    _only_from(context, server.url)


def test_the_emergency_path_speaks_spanish_before_and_without_python(
    serve: Callable[[Path], ServeProcess],
    pocket_site: Path,
    browser: Any,
    check_page: Callable[..., list[dict[str, Any]]],
) -> None:
    """A Spanish phone: the shell, the failure line and each red-flag page in Spanish while
    Python never starts; the shell's switch shows English at once and remembers it."""
    server = serve(pocket_site)
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-MX")
    try:
        ctx.set_default_timeout(30_000)
        ctx.route("**/worker.*.js", lambda route: route.abort())  # Python never starts
        page = ctx.new_page()
        page.goto(f"{server.url}/pocket/")
        assert page.evaluate("document.documentElement.lang") == "es"
        assert page.locator("h1").inner_text() == "¿Es una emergencia?"
        assert page.locator("header a.emergency-link").inner_text() == "¿Emergencia? Llame al 911"
        page.wait_for_selector("#pocket-status.warning")
        status = page.locator("#pocket-status").inner_text()
        assert "sitecare no pudo abrirse" in status and "preguntas de emergencia" in status
        assert check_page(page, "pocket-emergency-shell-es") == []
        page.locator("main a", has_text="Labios o puntas de los dedos azules").click()
        page.wait_for_selector('html[lang="es"] h1')
        assert "Emergencia: llame ahora" in page.locator("h1").inner_text()
        assert page.locator("main a.call").inner_text() == "Llame al 911 ahora"
        assert check_page(page, "pocket-emergency-page-es") == []
        page.go_back()
        page.wait_for_selector("#pocket-status.warning")
        switch = page.locator("header.top a.language-switch")
        assert switch.inner_text() == "English"
        box = switch.bounding_box()
        assert box is not None and box["width"] >= 44 and box["height"] >= 44, box
        switch.click()
        page.wait_for_selector('html[lang="en"]')
        assert page.locator("h1").inner_text() == "Is this an emergency?"
        assert "could not start" in page.locator("#pocket-status").inner_text()
        assert page.evaluate("localStorage.getItem('sitecare_language')") == "en"
        assert page.evaluate("location.pathname") == "/pocket/"  # shown in place
        page.reload()  # remembered: the server still sends Spanish, the phone's choice wins
        page.wait_for_selector('html[lang="en"] #pocket-status.warning')
        assert page.locator("h1").inner_text() == "Is this an emergency?"
    finally:
        ctx.close()


def test_without_javascript_the_shell_has_a_spanish_twin(
    serve: Callable[[Path], ServeProcess],
    pocket_site: Path,
    browser: Any,
    check_page: Callable[..., list[dict[str, Any]]],
) -> None:
    server = serve(pocket_site)
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    ctx.sitecare_no_js = True  # type: ignore[attr-defined]
    try:
        page = ctx.new_page()
        page.goto(f"{server.url}/pocket/")
        assert page.locator("h1").inner_text() == "Is this an emergency?"
        page.locator("header.top a.language-switch", has_text="Español").click()
        page.wait_for_selector('html[lang="es"]')
        assert page.locator("h1").inner_text() == "¿Es una emergencia?"
        assert "necesita JavaScript" in page.locator("main").inner_text()
        assert not page.locator("#pocket-status").is_visible()  # nothing will start
        assert check_page(page, "pocket-no-js-shell-es") == []
        page.locator("main a", has_text="Confusión nueva").click()
        page.wait_for_selector("a.call")
        assert page.locator("main a.call").inner_text() == "Llame al 911 ahora"
        page.locator("header.top a.language-switch", has_text="English").click()
        page.wait_for_selector('html[lang="en"] a.call')
        assert page.locator("main a.call").inner_text() == "Call 911 now"
    finally:
        ctx.close()


def test_the_language_chosen_in_one_tab_is_the_other_tabs_too(
    serve: Callable[[Path], ServeProcess], pocket_site: Path, context: Any
) -> None:
    server = serve(pocket_site)
    first, second = context.new_page(), context.new_page()
    first.goto(f"{server.url}/pocket/log")
    second.goto(f"{server.url}/pocket/history")
    _ready(first, "/log")
    _ready(second, "/history")
    first.locator("header.top a.language-switch", has_text="Español").click()
    first.wait_for_selector('html[lang="es"][data-page="/log"]')
    second.wait_for_selector('html[lang="es"][data-page="/history"]')
    assert "Historial" in second.locator("h1").inner_text()
    assert second.locator("header.top a.language-switch").inner_text() == "English"
    second.locator("header.top a.language-switch").click()
    first.wait_for_selector('html[lang="en"][data-page="/log"]')
    _only_from(context, server.url)


def test_the_language_switch_is_remembered_on_the_phone_even_offline(
    serve: Callable[[Path], ServeProcess],
    pocket_site: Path,
    context: Any,
    check_page: Callable[..., list[dict[str, Any]]],
) -> None:
    server = serve(pocket_site)
    page = context.new_page()
    page.goto(f"{server.url}/pocket/log")
    _ready(page, "/log")
    _controlled(page)
    assert page.evaluate("document.documentElement.lang") == "en"  # the phone's language
    switch = page.locator("header.top a.language-switch")
    assert switch.count() == 1 and switch.inner_text() == "Español"
    box = switch.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44, box

    # Español: the same page again, in Spanish, and no new step back
    steps = page.evaluate("history.length")
    switch.click()
    page.wait_for_selector('html[lang="es"][data-page="/log"]')
    assert "Inicio" in page.locator("nav.main").inner_text()
    assert page.evaluate("location.pathname").endswith("/pocket/log")
    assert page.evaluate("history.length") == steps
    assert page.evaluate("localStorage.getItem('sitecare_language')") == "es"
    assert switch.inner_text() == "English" and switch.get_attribute("lang") == "en"
    assert check_page(page, "pocket-log-es") == []
    page.locator("nav.main a", has_text="Historial").click()
    page.wait_for_selector('html[lang="es"][data-page="/history"]')

    # remembered: a reload, then offline with the server gone, starts in Spanish
    page.reload()
    _ready(page, "/history")
    assert page.evaluate("document.documentElement.lang") == "es"
    server.stop()
    context.set_offline(True)
    page.reload()
    _ready(page, "/history")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert "Inicio" in page.locator("nav.main").inner_text()
    assert check_page(page, "pocket-history-es-offline") == []
    _go(page, "/privacy")  # pocket's own card, in Spanish, before the erase section
    card = page.locator("section.pocket-persist")
    assert card.locator("h2").inner_text() == "Conservar los registros en este teléfono"
    assert card.locator("button").inner_text() == "Conservar mis registros"
    assert page.evaluate("document.querySelector('section.pocket-persist + h2#erase') !== null")
    assert check_page(page, "pocket-privacy-es-offline") == []
    _go(page, "/history")

    # English again, offline, and still English after a reload
    switch.click()
    page.wait_for_selector('html[lang="en"][data-page="/history"]')
    assert "Home" in page.locator("nav.main").inner_text() and switch.inner_text() == "Español"
    page.reload()
    _ready(page, "/history")
    assert page.evaluate("document.documentElement.lang") == "en"
    _only_from(context, server.url)


def test_an_update_replaces_only_changed_files_and_keeps_records(
    serve: Callable[[Path], ServeProcess], site_copy: Path, context: Any
) -> None:
    server = serve(site_copy)
    page = context.new_page()
    page.goto(f"{server.url}/pocket/")
    _ready(page)
    _controlled(page)
    page.evaluate("window.sitecare.log({region: 'thigh_front_left', route: 'subcutaneous'})")

    # a second tab sees what the first one writes (each has Python's copy of the records)
    other = context.new_page()
    other.goto(f"{server.url}/pocket/history")
    _ready(other, "/history")
    page.evaluate("window.sitecare.log({region: 'thigh_front_right', route: 'subcutaneous'})")
    _eventually(other, "window.sitecare.history().then(h => h.injections.length === 2)")
    other.close()
    page.evaluate("window.sitecare.call('delete', {id: 2})")

    from sitecare.config import default_cache_dir
    from sitecare.pocket.site import build_site

    build_site(site_copy, cache_dir=default_cache_dir(), emergency_number="112", offline=True)
    context.requests.clear()
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    page.wait_for_selector("#pocket-update:not([hidden])", timeout=READY_MS)
    assert "An update is ready" in page.locator("#pocket-update").inner_text()
    fetched = {urlsplit(u).path for u in context.requests}
    assert not [p for p in fetched if p.endswith((".wasm", ".zip")) and "python_stdlib" in p]
    assert not [p for p in fetched if p.endswith(".wasm")], fetched  # unchanged: not fetched
    with page.expect_navigation():
        page.locator("#pocket-update button").click()
    _ready(page)
    assert page.locator("header a.emergency-link").get_attribute("href") == "tel:112"
    history = page.evaluate("window.sitecare.history()")
    assert [i["region"] for i in history["injections"]] == ["thigh_front_left"]
    _only_from(context, server.url)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
