"""Benchmark the rotation planner: rest, safety and speed (targets from issue 4).

Usage:
    .venv/bin/python benchmarks/rotation.py [--postgres URL]

1. Rest: 120 simulated days, 4 subcutaneous injections a day over the four abdomen quarters and
   both thigh fronts. The shortest rest any spot gets, divided by the best possible (eligible
   spots / injections a day), must be >= 0.95.
2. Safety: 60 simulated days, 3 intravenous injections a day: 0 `avoid` picks, and `caution`
   picks only when no `preferred` spot was rested.
3. Speed: a suggestion over ten years of history (~15,000 injections) in-process (target
   < 5 ms) and as a whole `sitecare next` command (target < 300 ms), each next to a baseline
   measured in the same run (a trivial SQL query on the same database; `sitecare --version` and
   `python -c pass`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from sitecare.config import Settings
from sitecare.domain.atlas import load_atlas
from sitecare.domain.rotation import default_policy
from sitecare.domain.simulation import simulate
from sitecare.services.app import Sitecare
from sitecare.storage.repositories import Observations, People
from sitecare.storage.tables import InjectionRow

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
ATLAS = load_atlas()
BIN = Path(sys.executable).parent


def rest_benchmark() -> bool:
    regions = [r.id for r in ATLAS if r.base.startswith("abdomen") or r.base == "thigh_front"]
    policy = default_policy("subcutaneous", allowed=regions)
    sim = simulate(ATLAS, policy, start=START, per_day=4, days=120)
    st = sim.stats()
    ok = st["rest_ratio"] is not None and st["rest_ratio"] >= 0.95
    print("1. Rest: subcutaneous, 4 a day for 120 days, abdomen quarters + both thigh fronts")
    print(f"   eligible spots: {st['eligible_spots']} in {len(sim.regions)} regions")
    print(
        f"   shortest rest of any spot: {st['min_rest_days']:.2f} days; best possible "
        f"{st['best_possible_rest_days']:.2f} days"
    )
    print(f"   rest ratio: {st['rest_ratio']:.3f} (target >= 0.95)  {'PASS' if ok else 'FAIL'}")
    return ok


def safety_benchmark() -> bool:
    sim = simulate(ATLAS, default_policy("intravenous"), start=START, per_day=3, days=60)
    st = sim.stats()
    ok = st["avoid_picks"] == 0 and st["caution_picks_while_preferred_rested"] == 0
    print("2. Safety: intravenous, 3 a day for 60 days")
    print(f"   picks: {st['injections']}; avoid picks: {st['avoid_picks']} (target 0)")
    print(
        f"   caution picks: {st['caution_picks']}; caution picks while a preferred spot was "
        f"rested: {st['caution_picks_while_preferred_rested']} (target 0)  "
        f"{'PASS' if ok else 'FAIL'}"
    )
    print(f"   shortest rest of any spot: {st['min_rest_days']:.2f} days (base rest 2 days)")
    return ok


def fill(sc: Sitecare, now: datetime) -> int:
    """Ten years of history: 4 subcutaneous injections a day round every spot, plus checks."""
    regions = [r for r in ATLAS.for_route("subcutaneous") if r.tier("subcutaneous") != "avoid"]
    spots = [(r.id, s.id) for r in regions for s in r.spots]
    first = now - timedelta(days=3650)
    rows = []
    with sc.db.transaction() as s:
        pid = People(s).person_id(sc.who.program, sc.who.person, now=now, create=True)
        assert pid is not None
        for i in range(3650 * 4):
            region, spot = spots[i % len(spots)]
            at = first + timedelta(hours=6 * i)
            rows.append(
                {
                    "uid": str(uuid.uuid4()),
                    "person_id": pid,
                    "at_utc": at.replace(tzinfo=None),
                    "utc_offset_min": 0,
                    "region": region,
                    "spot": spot,
                    "route": "subcutaneous",
                    "created_at": at.replace(tzinfo=None),
                }
            )
        s.execute(insert(InjectionRow), rows)
        obs = Observations(s, pid)
        for region, blocked in (("thigh_front_left", False), ("abdomen_lower_right", True)):
            obs.add(
                at=now - timedelta(days=2),
                region=region,
                spot=None,
                level="urgent" if blocked else "self_care",
                rest_days=None if blocked else 14,
                blocked=blocked,
                case={"findings": ["bruise"] if not blocked else ["pus", "redness"]},
                assessment={},
                note=None,
                now=now,
            )
    return len(rows)


def timed(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """Median and best time of ``n`` calls, in milliseconds (after one warm-up call)."""
    fn()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


def timed_together(fns: dict[str, Callable[[], object]], n: int) -> dict[str, tuple[float, float]]:
    """Median and best (ms) of each function, run in turns so machine load hits all alike."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(n):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t) * 1000)
    return {name: (statistics.median(ts), min(ts)) for name, ts in times.items()}


def speed_benchmark(url: str, data_dir: Path) -> bool:
    now = START + timedelta(days=3650)
    with Sitecare(Settings(database_url=url, data_dir=data_dir)) as sc:
        count = fill(sc, now)

        def baseline() -> None:
            with sc.db.reading() as s:
                s.execute(text("SELECT count(*) FROM injection")).scalar()

        def suggest() -> None:
            sc.planning.suggest(now=now, route="subcutaneous")

        got = timed_together({"base": baseline, "suggest": suggest}, 100)
        base_ms = got["base"][0]
        med_ms, best_ms = got["suggest"]
        s = sc.planning.suggest(now=now, route="subcutaneous")
    ok_in = med_ms < 5
    print(f"3. Speed over {count} injections ({url.split(':', 1)[0]})")
    print(
        f"   in-process suggestion: median {med_ms:.2f} ms (best {best_ms:.2f}), target < 5 ms; "
        f"baseline SELECT count(*) on the same DB: {base_ms:.2f} ms  "
        f"{'PASS' if ok_in else 'FAIL'}"
    )
    print(f"   (suggested {s.region} spot {s.spot})")
    env = {**os.environ, "SITECARE_DATABASE_URL": url, "SITECARE_DATA_DIR": str(data_dir)}
    sitecare = str(BIN / "sitecare")
    cmd = [sitecare, "next", "--route", "subcutaneous", "--at", now.isoformat()]

    def run(args: list[str]) -> Callable[[], None]:
        return lambda: subprocess.run(args, env=env, check=True, capture_output=True)

    got = timed_together(
        {
            "next": run(cmd),
            "version": run([sitecare, "--version"]),
            "python": run([sys.executable, "-c", "pass"]),
            "sqlalchemy": run([sys.executable, "-c", "import sqlalchemy.orm"]),
        },
        15,
    )
    cmd_ms, cmd_best = got["next"]
    ver_ms, py_ms, sa_ms = got["version"][0], got["python"][0], got["sqlalchemy"][0]
    ok_cmd = cmd_ms < 300
    print(
        f"   'sitecare next' command: median {cmd_ms:.0f} ms (best {cmd_best:.0f}), target "
        f"< 300 ms; baselines: 'sitecare --version' {ver_ms:.0f} ms, 'python -c pass' "
        f"{py_ms:.0f} ms  {'PASS' if ok_cmd else 'FAIL'}"
    )
    print(
        f"   floor for any command that opens the database: 'python -c \"import "
        f"sqlalchemy.orm\"' {sa_ms:.0f} ms"
    )
    return ok_in and ok_cmd


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="also time on this PostgreSQL URL (an empty database)")
    args = parser.parse_args()
    results = [rest_benchmark(), safety_benchmark()]
    with tempfile.TemporaryDirectory() as tmp:
        results.append(speed_benchmark(f"sqlite:///{tmp}/bench.sqlite3", Path(tmp)))
        if args.postgres:
            results.append(speed_benchmark(args.postgres, Path(tmp)))
    print("all targets met" if all(results) else "SOME TARGETS MISSED")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
