"""Benchmark pocket, the offline phone app, in Debian's Chromium (the issue's targets).

Usage:
    .venv/bin/python benchmarks/pocket.py [--pocket DIR] [--throttle 4] [--runs 20]

Builds pocket (or uses --pocket DIR), serves it with ``sitecare serve --pocket``, and prints:

* first-load bytes: everything the service worker precaches, raw, gzip and brotli;
* offline start to a usable home page (server stopped, browser offline, cache warm);
* with CDP ``Emulation.setCPUThrottlingRate`` (4x by default) on the page and on its worker:
  the emergency button and red-flag questions usable (first contentful paint of the shell,
  no Python needed), Python ready, an assessment and a suggestion once loaded (median
  round trip through ``window.sitecare``), and the renderer's memory (RSS);
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


def renderer_rss_mb() -> float:
    """The largest Chromium renderer's resident memory (the page and its worker share it)."""
    best = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"--type=renderer" not in cmd:
                continue
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    best = max(best, int(line.split()[1]))
        except OSError:
            continue
    return best / 1024


def throttle(page: Any, browser_cdp: Any, rate: float) -> list[str]:
    """CPU throttling on the page and on every worker (a worker is a target of its own)."""
    where = []
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    where.append("page")
    page.sitecare_cdp = session
    return where


def throttle_workers(browser_cdp: Any, rate: float) -> int:
    """Throttle the workers too, through the browser's CDP session (non-flat attach)."""
    n = 0
    for target in browser_cdp.send("Target.getTargets")["targetInfos"]:
        if target["type"] not in ("worker", "shared_worker"):
            continue
        attached = browser_cdp.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": False}
        )
        message = json.dumps(
            {"id": 1, "method": "Emulation.setCPUThrottlingRate", "params": {"rate": rate}}
        )
        browser_cdp.send(
            "Target.sendMessageToTarget",
            {"sessionId": attached["sessionId"], "message": message},
        )
        n += 1
    return n


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
            page.wait_for_function("navigator.serviceWorker.controller !== null")
            page.evaluate(
                "window.sitecare.log({region: 'abdomen_lower_left', route: 'subcutaneous'})"
            )
            proc.terminate()
            proc.wait(timeout=20)
            context.set_offline(True)
            for _ in range(2):  # the second start is the steady state (code cache warm)
                page.reload()
                page.wait_for_selector('html[data-page="/"]', timeout=180_000)
                offline = page.evaluate("window.sitecare.timings")
            results["offline_home_s"] = offline["page"] / 1000
            print(
                f"first visit (online, cold) to usable home: {first:.2f} s; "
                f"offline start to usable home: {offline['page'] / 1000:.2f} s "
                f"(Python ready {offline['ready'] / 1000:.2f} s) (target < 3)"
            )
            print(f"  worker phases (ms): {offline['phases']}")
            unthrottled_assess = median_ms(page, f"window.sitecare.assess({json.dumps(CASE)})", 5)
            # throttled: a fresh page (offline, from the service worker's cache)
            page.close()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.throttle})
            browser_cdp = browser.new_browser_cdp_session()
            page.goto(f"{url}/pocket/", wait_until="commit")
            workers = 0
            for _ in range(100):  # throttle the worker as soon as it exists
                workers = throttle_workers(browser_cdp, args.throttle)
                if workers:
                    break
                time.sleep(0.02)
            page.wait_for_selector("header a.emergency-link")
            page.wait_for_selector(".rf-list a")
            paint = page.evaluate(
                """() => {
                    const nav = performance.getEntriesByType('navigation')[0];
                    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                    return {fcp: fcp ? fcp.startTime : null, interactive: nav.domInteractive,
                            loaded: nav.domContentLoadedEventEnd};
                }"""
            )
            page.evaluate("window.sitecare.ready")
            page.wait_for_selector('html[data-page="/"]', timeout=180_000)
            timings = page.evaluate("window.sitecare.timings")
            assess_ms = median_ms(page, f"window.sitecare.assess({json.dumps(CASE)})", args.runs)
            suggest_ms = median_ms(
                page, "window.sitecare.suggest({route: 'subcutaneous'})", args.runs
            )
            memory = renderer_rss_mb()
            usable = max(paint["fcp"] or 0, paint["interactive"])
            print(
                f"CPU throttled {args.throttle:g}x (page and {workers} worker(s)): "
                f"emergency button and red-flag questions usable {usable:.0f} ms "
                f"(first paint {paint['fcp'] or 0:.0f} ms, DOM interactive "
                f"{paint['interactive']:.0f} ms) (target < 1000)"
            )
            print(
                f"CPU throttled {args.throttle:g}x: Python ready {timings['ready'] / 1000:.2f} s, "
                f"home shown {timings['page'] / 1000:.2f} s (target < 12)"
            )
            print(
                f"CPU throttled {args.throttle:g}x: assess {assess_ms:.1f} ms (target < 50), "
                f"suggest {suggest_ms:.1f} ms (target < 20), median of {args.runs} round trips; "
                f"unthrottled assess {unthrottled_assess:.1f} ms"
            )
            print(f"renderer memory (RSS): {memory:.0f} MB (target < 300)")
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
