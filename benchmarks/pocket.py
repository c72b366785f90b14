"""Benchmark pocket, the offline phone app, in Debian's Chromium (the issue's targets).

Usage:
    .venv/bin/python benchmarks/pocket.py [--pocket DIR] [--throttle 4] [--runs 20]

Builds pocket (or uses --pocket DIR), serves it with ``sitecare serve --pocket``, and prints:

* first-load bytes: everything the service worker precaches, raw, gzip and brotli;
* offline start to a usable home page (server stopped, browser offline, cache warm);
* with CDP ``Emulation.setCPUThrottlingRate`` (4x by default): the emergency button and
  red-flag questions usable (first contentful paint of the shell, no Python needed), and Python
  ready, the home page rendered, an assessment and a suggestion (median) with the same files
  and calls the worker makes, run on the page's main thread: Chromium throttles pages only,
  not workers;
* unthrottled, once loaded: an assessment and a suggestion as the pages get them (round trip
  through ``window.sitecare`` and the worker), and the renderer's memory (RSS);
* the baseline in the same run: the web app (CPython on the server) answering the same
  assessment through ``POST /api/v1/checks``, and its home page's bytes.

Targets: <= 7 MiB gzip (aim 4 MiB brotli), start < 3 s, throttled emergency < 1 s, ready < 12 s,
assess < 50 ms, suggest < 20 ms, memory < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SITECARE = str(Path(sys.executable).with_name("sitecare"))
CHROMIUM = os.environ.get("SITECARE_CHROMIUM", "/usr/bin/chromium")
MiB = 2**20
CASE = {
    "route": "intravenous",
    "region": "forearm_left",
    "hours_since_injection": 30,
    "findings": ["redness", "warmth", "swelling", "pain"],
    "context": ["injects_drugs"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(site: Path, data: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SITECARE_")},
        "SITECARE_DATA_DIR": str(data),
        "SITECARE_DATABASE_URL": f"sqlite:///{data / 'bench.sqlite3'}",
    }
    proc = subprocess.Popen(
        [SITECARE, "serve", "--port", str(port), "--pocket", str(site)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    raise SystemExit("sitecare serve did not start")


def renderer_rss_mb(browser: Any) -> float:
    """The largest renderer's resident memory (the page and its worker share it), among this
    browser's own processes (CDP SystemInfo.getProcessInfo; other Chromiums may be running)."""
    cdp = browser.new_browser_cdp_session()
    processes = cdp.send("SystemInfo.getProcessInfo")["processInfo"]
    seen = []
    for info in processes:
        if info.get("type") != "renderer":
            continue
        try:
            for line in Path(f"/proc/{info['id']}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    seen.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    if len(seen) > 1:
        print(f"  this browser's renderers (RSS, MB): {sorted(round(x) for x in seen)[::-1]}")
    return max(seen, default=0.0)


#: the worker's start-up and calls, on the page's main thread: Chromium throttles the CPU of
#: pages only ("Emulation.setCPUThrottlingRate: only supported for pages, not workers"), so the
#: throttled Python figures run the same files and calls here
MAIN_THREAD_PYTHON = """async ([info, base, runs, caseJson, jinjaCache]) => {
    const t0 = performance.now();
    const rt = base + info.runtime;
    const { loadPyodide } = await import(rt + "pyodide.mjs");
    const bundle = await (await fetch(base + info.bundle)).arrayBuffer();
    const py = await loadPyodide({indexURL: rt, stdLibURL: base + info.stdlib,
        lockFileContents: {info: info.lock_info, packages: {}}, packages: []});
    py.unpackArchive(bundle, "zip", {extractDir: "/sitecare"});
    py.runPython("import sys; sys.path.insert(0, '/sitecare')");
    const dispatch = py.pyimport("sitecare.views.api").dispatch;
    const now = new Date().toISOString();
    const call = (name, args) => JSON.parse(dispatch(name, JSON.stringify(args), now));
    call("init", {emergency_number: "911", base: "/pocket", static: "/pocket", head: ""});
    if (jinjaCache) py.runPython(jinjaCache);
    call("load", {format: "sitecare-export", version: 1, injections: [], observations: [],
                  settings: {}});
    const ready = performance.now() - t0;
    const page = call("page", {method: "GET", path: "/", query: {}, form: {}});
    if (!page.ok) throw new Error("page failed");
    const home = performance.now() - t0;
    const time = (f) => { const out = []; for (let i = 0; i < runs; i++) {
        const t = performance.now(); f(); out.push(performance.now() - t); }
        out.sort((a, b) => a - b); return out[Math.floor(out.length / 2)]; };
    const assess = time(() => call("assess", JSON.parse(caseJson)));
    const suggest = time(() => call("suggest", {route: "subcutaneous"}));
    return {ready, home, assess, suggest};
}"""


def median_ms(page: Any, expression: str, runs: int) -> float:
    times = page.evaluate(
        """async ([expr, runs]) => {
            const f = new Function("return " + expr);
            const out = [];
            for (let i = 0; i < runs; i++) {
              const t = performance.now();
              await f();
              out.push(performance.now() - t);
            }
            return out;
        }""",
        [expression, runs],
    )
    return float(statistics.median(times))


def throttled_shell(context: Any, url: str, args: argparse.Namespace) -> None:
    """The installed app opened offline (from the service worker's cache), CPU throttled:
    when are the emergency button and the red-flag questions on screen and usable?"""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.throttle})
    page.goto(f"{url}/pocket/")
    page.wait_for_selector("header a.emergency-link")
    page.wait_for_selector(".rf-list a")
    paint = page.evaluate(
        """() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            return {fcp: fcp ? fcp.startTime : 0, interactive: nav.domInteractive};
        }"""
    )
    usable = max(paint["fcp"], paint["interactive"])
    print(
        f"CPU throttled {args.throttle:g}x: emergency button and red-flag questions usable "
        f"{usable:.0f} ms (first paint {paint['fcp']:.0f} ms, DOM interactive "
        f"{paint['interactive']:.0f} ms; no Python needed) (target < 1000)"
    )
    page.close()


def throttled(browser: Any, url: str, site: Path, args: argparse.Namespace) -> None:
    """Python on the page's main thread, with the page's CPU throttled."""
    info = json.loads((site / "pocket.json").read_text())
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    context.route("**/worker.*.js", lambda route: route.abort())  # Python runs below instead
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.throttle})
    page.goto(f"{url}/pocket/")
    page.wait_for_selector("header a.emergency-link")
    from sitecare.pocket.compile import JINJA_CACHE

    jinja = JINJA_CACHE if info.get("compiled") else ""
    py = page.evaluate(MAIN_THREAD_PYTHON, [info, "/pocket/", args.runs, json.dumps(CASE), jinja])
    print(
        f"CPU throttled {args.throttle:g}x (Python on the page's main thread, as Chromium "
        f"throttles pages only): Python ready {py['ready'] / 1000:.2f} s (target < 12), "
        f"home rendered {py['home'] / 1000:.2f} s; assess {py['assess']:.1f} ms (target < 50), "
        f"suggest {py['suggest']:.1f} ms (target < 20), median of {args.runs}"
    )
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pocket", type=Path, help="a built pocket (default: build one now)")
    parser.add_argument("--throttle", type=float, default=4.0)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from sitecare.config import default_cache_dir
    from sitecare.pocket.site import build_site, sizes

    tmp = Path(tempfile.mkdtemp(prefix="pocket-bench-"))
    site = args.pocket
    if site is None:
        site = tmp / "pocket"
        t = time.perf_counter()
        build_site(site, cache_dir=default_cache_dir())
        print(f"build: {time.perf_counter() - t:.1f} s (runtime from the cache)")
    total = sizes(site)
    print(
        f"first load: {total['files']} files, {total['raw'] / MiB:.2f} MiB raw, "
        f"{total['gzip'] / MiB:.2f} MiB gzip (target <= 7), "
        f"{total['brotli'] / MiB:.2f} MiB brotli (aim 4)"
    )
    (tmp / "data").mkdir()
    proc, url = serve(site, tmp / "data")
    results: dict[str, Any] = {}
    try:
        # baseline: the web app answering the same assessment on the server
        body = json.dumps(CASE).encode()
        api = []
        for _ in range(args.runs):
            req = urllib.request.Request(
                f"{url}/api/v1/checks", body, {"content-type": "application/json"}
            )
            t = time.perf_counter()
            with urllib.request.urlopen(req) as answer:  # noqa: S310 - loopback
                answer.read()
            api.append((time.perf_counter() - t) * 1000)
        home = urllib.request.Request(f"{url}/", headers={"accept-encoding": "gzip"})
        with urllib.request.urlopen(home) as answer:  # noqa: S310 - loopback
            home_bytes = len(answer.read())
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            t = time.perf_counter()
            page.goto(f"{url}/pocket/")
            page.evaluate("window.sitecare.ready")
            page.wait_for_selector('html[data-page="/"]', timeout=180_000)
            first = time.perf_counter() - t
            page.evaluate("navigator.serviceWorker.ready")
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            page.evaluate(
                "window.sitecare.log({region: 'abdomen_lower_left', route: 'subcutaneous'})"
            )
            print(f"first visit (online, nothing cached) to usable home: {first:.2f} s")
            throttled(browser, url, site, args)  # while the server is still up
            proc.terminate()
            proc.wait(timeout=20)
            context.set_offline(True)
            for _ in range(2):  # the second start is the steady state (code cache warm)
                page.reload()
                page.wait_for_selector('html[data-page="/"]', timeout=180_000)
                offline = page.evaluate("window.sitecare.timings")
            results["offline_home_s"] = offline["page"] / 1000
            print(
                f"offline start to usable home (server stopped, browser offline): "
                f"{offline['page'] / 1000:.2f} s "
                f"(Python ready {offline['ready'] / 1000:.2f} s) (target < 3)"
            )
            print(f"  worker phases (ms): {offline['phases']}")
            throttled_shell(context, url, args)
            assess_ms = median_ms(page, f"window.sitecare.assess({json.dumps(CASE)})", args.runs)
            suggest_ms = median_ms(
                page, "window.sitecare.suggest({route: 'subcutaneous'})", args.runs
            )
            memory = renderer_rss_mb(browser)
            print(
                f"once loaded (unthrottled, round trip page -> worker -> page): assess "
                f"{assess_ms:.1f} ms, suggest {suggest_ms:.1f} ms (median of {args.runs})"
            )
            print(f"renderer memory (RSS, page and worker): {memory:.0f} MB (target < 300)")
            context.close()
            browser.close()
        print(
            f"baseline, the web app on the server: POST /api/v1/checks "
            f"{statistics.median(api):.1f} ms median of {args.runs} (loopback, unthrottled); "
            f"its home page {home_bytes / 1024:.1f} KiB"
        )
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
