"""Recording an injection under load, against the least the same write can cost (issue 10).

Usage:
    .venv/bin/python benchmarks/server_load.py [--backend sqlite|postgres|both]
        [--connections 8] [--seconds 10] [--warmup 2] [--workers 1] [--postgres URL]

For each backend it starts, served the same way (``uvicorn``, the same number of workers, a
factory, log level warning, on 127.0.0.1):

- ``sitecare serve`` on a seeded database: on SQLite a personal install with four years of
  injections; on PostgreSQL a program server with 1,000 clients and 100,000 injections, the
  driver signed in as a worker;
- the baseline: a bare FastAPI endpoint that inserts and commits one row into the same kind of
  database (SQLite with sitecare's pragmas, or the same PostgreSQL server), with the same driver
  and pool, and nothing else: a plain ``def`` endpoint, run in FastAPI's worker threads (the
  baseline issue 10 names), and the same write in an ``async def`` endpoint on the event loop
  itself (no worker thread: the least a write can cost in FastAPI, and the way sitecare records
  on SQLite when the write lock is free);

and drives both with ``wrk`` (Debian's package: ``apt-get install wrk``; C, so the driver is
never the limit), 8 keep-alive connections, for a fixed time, with a random site (and on
PostgreSQL a random client) per request. It prints requests per second, p50 and p99 latency,
errors (socket errors and non-2xx answers), the server process's CPU time per request (from
/proc: less moved than requests per second by other load on a shared machine), the ratio of
sitecare to the bare write, and the driver's headroom: the same wrk against a bare endpoint
that does no database work at all.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG = os.environ.get(
    "SITECARE_TEST_POSTGRES_URL", "postgresql+psycopg://127.0.0.1:5432/test"
)
SECRET = "bench-" + uuid.uuid4().hex + uuid.uuid4().hex
PASSWORD = "benchmark passphrase"
CLIENTS = 1000
INJECTIONS = 100_000
REGIONS = ["forearm_left", "forearm_right", "deltoid_left", "deltoid_right"]


# -- the baseline apps (uvicorn factories) -------------------------------------------------------


class BareIn(BaseModel):
    """The same body sitecare reads (region, spot), validated the same way (pydantic)."""

    region: str
    spot: str | None = None


def bare_app() -> Any:
    """Baseline: one endpoint that inserts and commits one row (BENCH_URL), nothing else."""
    import sqlalchemy as sa
    from fastapi import FastAPI

    url = os.environ["BENCH_URL"]
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": 3.0}
    else:
        kwargs["pool_size"] = 10
    engine = sa.create_engine(url, **kwargs)
    if url.startswith("sqlite"):

        @sa.event.listens_for(engine, "connect")
        def pragmas(conn: Any, _rec: Any) -> None:  # sitecare's own pragmas
            for pragma in ("foreign_keys=ON", "secure_delete=ON", "journal_mode=WAL"):
                conn.execute(f"PRAGMA {pragma}")
            conn.execute("PRAGMA synchronous=NORMAL")

    rows = sa.table("bare_row", sa.column("region"), sa.column("note"), sa.column("at"))
    app = FastAPI()

    # response_model=None: no answer model to check, so no second trip to a worker thread
    # after the endpoint's (the least a sync FastAPI endpoint can cost)
    @app.post("/bare", status_code=201, response_model=None)
    def write(body: BareIn) -> dict[str, str]:
        with engine.begin() as conn:
            conn.execute(
                rows.insert().values(region=body.region, note=body.spot, at=datetime.now(UTC))
            )
        return {"ok": "stored"}

    # the same write on the event loop itself (no worker thread): what sitecare does on SQLite
    # when the write lock is free (web.deps._on_the_loop), so the least that way costs
    @app.post("/bare-loop", status_code=201, response_model=None)
    async def write_on_loop(body: BareIn) -> dict[str, str]:
        with engine.begin() as conn:
            conn.execute(
                rows.insert().values(region=body.region, note=body.spot, at=datetime.now(UTC))
            )
        return {"ok": "stored"}

    @app.get("/ping", response_model=None)
    def ping() -> dict[str, str]:
        return {"ok": "yes"}

    # as sitecare serve does (web.app._keep_what_start_loaded): what start loaded is frozen
    gc.collect()
    gc.freeze()
    return app


# -- set-up --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(cmd: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                time.sleep(1.0)  # let every worker finish starting
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"{cmd[0]} exited with {proc.returncode}") from None
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start within 60 s")


def seed_sqlite(path: Path) -> None:
    """A personal install: an injection every ~6 hours for four years, rotating sites."""
    from sitecare.config import Settings
    from sitecare.services.app import Sitecare

    with Sitecare(Settings(database_url=f"sqlite:///{path}", data_dir=path.parent)) as sc:
        now = datetime.now().astimezone()
        sc.records.log_injection(region="forearm_left", at=now, now=now)  # schema and person
    conn = sqlite3.connect(path)
    pid = conn.execute("SELECT id FROM person").fetchone()[0]
    conn.executemany(
        "INSERT INTO injection (uid, person_id, at_utc, utc_offset_min, region, spot, route, "
        "created_at) VALUES (?, ?, datetime('now', ?), 0, ?, ?, 'intravenous', datetime('now'))",
        [
            (str(uuid.uuid4()), pid, f"-{6 * i} hours", REGIONS[i % 4], str(1 + (i // 4) % 3))
            for i in range(1, 4 * 365 * 4)
        ],
    )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    bare_table(f"sqlite:///{path.with_name('bare.sqlite3')}")


def bare_table(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "CREATE TABLE IF NOT EXISTS bare_row (id INTEGER PRIMARY KEY, "
                "region VARCHAR(64), note TEXT, at TIMESTAMP)"
                if url.startswith("sqlite")
                else "CREATE TABLE IF NOT EXISTS bare_row (id SERIAL PRIMARY KEY, "
                "region VARCHAR(64), note TEXT, at TIMESTAMP)"
            )
        )
    engine.dispose()


def seed_postgres(url: str) -> list[int]:
    """A program, a worker, 1,000 clients and 100,000 injections; the client ids."""
    import sqlalchemy as sa

    from sitecare.config import Settings
    from sitecare.services.accounts import Accounts
    from sitecare.services.database import open_database

    settings = Settings(database_url=url, data_dir=ROOT, mode="server", secret_key=SECRET)
    db = open_database(settings)
    acc = Accounts(db)
    now = datetime.now(UTC)
    acc.create_program("Bench Program", now=now)
    acc.add_user("worker", program="Bench Program", role="worker", password=PASSWORD, now=now)
    with db.engine.begin() as conn:
        pid = conn.execute(sa.text("SELECT id FROM program WHERE name = 'Bench Program'")).scalar()
        conn.execute(
            sa.text(
                "INSERT INTO person (uid, program_id, code, created_at) "
                "SELECT gen_random_uuid()::text, :pid, 'C-' || lpad(g::text, 4, '0'), now() "
                "FROM generate_series(1, :n) g"
            ),
            {"pid": pid, "n": CLIENTS},
        )
        conn.execute(
            sa.text(
                "INSERT INTO injection (uid, person_id, at_utc, utc_offset_min, region, spot, "
                "route, created_at) "
                "SELECT gen_random_uuid()::text, p.id, "
                "  (now() at time zone 'utc') - g * interval '7 hours', 0, "
                "  (ARRAY['forearm_left','forearm_right','deltoid_left','deltoid_right'])"
                "[1 + (g + p.id) % 4], (1 + (g / 4) % 3)::text, 'intravenous', now() "
                "FROM person p CROSS JOIN generate_series(1, :k) g WHERE p.program_id = :pid"
            ),
            {"pid": pid, "k": INJECTIONS // CLIENTS},
        )
        conn.execute(sa.text("ANALYZE"))
        ids = [int(i) for i in conn.execute(sa.text("SELECT id FROM person ORDER BY id")).scalars()]
    db.dispose()
    bare_table(url)
    return ids


# -- the driver: wrk -----------------------------------------------------------------------------

LUA = """
math.randomseed(%(seed)d)
local ids = {%(ids)s}
local regions = {"forearm_left", "forearm_right", "deltoid_left", "deltoid_right"}
wrk.headers["Content-Type"] = "application/json"
%(auth)s
request = function()
  local body = string.format('{"region": "%%s", "spot": "%%d"}',
                             regions[math.random(#regions)], math.random(3))
  local path = "%(path)s"
  if #ids > 0 then path = string.gsub(path, "{id}", ids[math.random(#ids)]) end
  return wrk.format("%(method)s", path, nil, %(with_body)s)
end
"""


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its finished or running children
    (uvicorn's workers), from /proc; 0 where /proc is not there."""
    total = 0.0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    try:
        for p in [pid, *map(int, children)]:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return 0.0
    return total


def wrk(
    base: str,
    method: str,
    path: str,
    *,
    ids: list[int],
    token: str | None,
    args: Any,
    server: subprocess.Popen[bytes] | None = None,
) -> dict[str, Any]:
    assert base.startswith("http://127.0.0.1:"), "the benchmark only talks to 127.0.0.1"
    script = LUA % {
        "seed": 20261123,
        "ids": ",".join(f'"{i}"' for i in ids),
        "auth": f'wrk.headers["Authorization"] = "Bearer {token}"' if token else "",
        "path": path,
        "method": method,
        "with_body": "body" if method == "POST" else "nil",
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
    cmd = [
        "wrk",
        f"-t{min(2, args.connections)}",
        f"-c{args.connections}",
        f"-d{args.seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        fh.name,
        base,
    ]
    cpu_before = cpu_seconds(server.pid) if server else 0.0
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(server.pid) - cpu_before if server else 0.0
    os.unlink(fh.name)
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    errors += sum(int(g) for g in sock.groups()) if sock else 0
    # the "Latency Distribution" lines (not the "+/- Stdev" column, which also ends in %)
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)$", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)$", out, re.M).group(1))  # type: ignore[union-attr]
    cpu_ms = 1000 * cpu / requests if requests else 0.0
    return {
        "requests": requests,
        "rps": rps,
        "errors": errors,
        "p50": p50,
        "p99": p99,
        "cpu_ms": cpu_ms,
    }


def combine(rounds: list[dict[str, Any]], seconds: int) -> dict[str, Any]:
    """The rounds of one target as one run: requests, errors and CPU summed, req/s over the
    whole time, the median round's p50 and the worst round's p99."""
    requests = sum(r["requests"] for r in rounds)
    cpu = sum(r["cpu_ms"] * r["requests"] for r in rounds)
    return {
        "requests": requests,
        "rps": sum(r["rps"] for r in rounds) / len(rounds),
        "errors": sum(r["errors"] for r in rounds),
        "p50": sorted(r["p50"] for r in rounds)[len(rounds) // 2],
        "p99": max(r["p99"] for r in rounds),
        "cpu_ms": cpu / requests if requests else 0.0,
    }


# -- one backend ---------------------------------------------------------------------------------


def run_backend(backend: str, args: argparse.Namespace) -> list[tuple[str, dict[str, Any]]]:
    import sqlalchemy as sa

    tmp = Path(tempfile.mkdtemp(prefix="sitecare-bench-"))
    procs: list[subprocess.Popen[bytes]] = []
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = None
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SITECARE_")}
        env["SITECARE_DATA_DIR"] = str(tmp)
        ids: list[int] = []
        token = None
        if backend == "sqlite":
            db = tmp / "sitecare.sqlite3"
            seed_sqlite(db)
            url, bare_url = f"sqlite:///{db}", f"sqlite:///{tmp / 'bare.sqlite3'}"
            path = "/api/v1/injections"
            seeded = "a personal install, 4 years of injections"
        else:
            admin = sa.create_engine(args.postgres, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            sep = "&" if "?" in args.postgres else "?"
            url = bare_url = f"{args.postgres}{sep}options=-csearch_path%3D{schema}"
            ids = seed_postgres(url)
            env.update({"SITECARE_SECRET_KEY": SECRET, "SITECARE_MODE": "server"})
            path = "/api/v1/clients/{id}/injections"
            seeded = f"a program server, {CLIENTS} clients, {INJECTIONS} injections"
        app_port, bare_port = free_port(), free_port()
        sitecare = [str(Path(sys.executable).with_name("sitecare")), "serve", "--host"]
        sitecare += ["127.0.0.1", "--port", str(app_port), "--workers", str(args.workers)]
        sitecare += ["--database-url", url]
        bare = [sys.executable, "-m", "uvicorn", "server_load:bare_app", "--factory"]
        bare += ["--app-dir", str(ROOT / "benchmarks"), "--host", "127.0.0.1"]
        bare += ["--port", str(bare_port), "--workers", str(args.workers)]
        bare += ["--log-level", "warning"]
        procs.append(start(sitecare, env, app_port))
        procs.append(start(bare, {**env, "BENCH_URL": bare_url}, bare_port))
        app_base, bare_base = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{bare_port}"
        if backend == "postgres":
            r = httpx.post(
                f"{app_base}/api/v1/auth/token", data={"username": "worker", "password": PASSWORD}
            )
            r.raise_for_status()
            token = r.json()["access_token"]
        print(f"\n== {backend}: {seeded}", flush=True)
        app_proc, bare_proc = procs
        if args.warmup:  # both servers alike: first requests parse data, build routes, fill caches
            warm = argparse.Namespace(**{**vars(args), "seconds": args.warmup})
            wrk(app_base, "POST", path, ids=ids, token=token, args=warm)
            wrk(bare_base, "POST", "/bare", ids=[], token=None, args=warm)
        targets = [
            (f"sitecare POST {path}", app_base, "POST", path, ids, token, app_proc),
            ("bare POST /bare (insert + commit)", bare_base, "POST", "/bare", [], None, bare_proc),
            (
                "bare POST /bare-loop (the same, on the loop)",
                bare_base,
                "POST",
                "/bare-loop",
                [],
                None,
                bare_proc,
            ),
            ("bare GET /ping (no database)", bare_base, "GET", "/ping", [], None, bare_proc),
        ]
        # In rounds, taking turns: load from other work on a shared machine then falls on
        # all three alike instead of on whichever ran while it lasted.
        rounds: dict[str, list[dict[str, Any]]] = {name: [] for name, *_ in targets}
        each = argparse.Namespace(**{**vars(args), "seconds": max(1, args.seconds // args.rounds)})
        for _ in range(args.rounds):
            for name, base, method, target, t_ids, t_token, proc in targets:
                rounds[name].append(
                    wrk(base, method, target, ids=t_ids, token=t_token, args=each, server=proc)
                )
        results = [(name, combine(rounds[name], each.seconds)) for name, *_ in targets]
        return results
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--rounds", type=int, default=5, help="take turns in this many rounds (default 5)"
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of unmeasured load on each server first"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("This benchmark drives the servers with wrk: apt-get install wrk")
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print(
        f"uvicorn --workers {args.workers} for sitecare and the baseline alike; wrk, "
        f"{args.connections} keep-alive connections, {args.seconds} s each (in "
        f"{args.rounds} rounds, taking turns) after {args.warmup} s of warm-up, from 127.0.0.1; "
        f"{os.cpu_count()} CPUs shared by server, database and driver"
    )
    summary: list[str] = []
    for backend in backends:
        results = run_backend(backend, args)
        print_results(results)
        summary.append(summary_line(backend, results))
    target = "target: ratio >= 0.5, p99 < 50 ms, 0 errors"
    print(f"\nsummary at {args.connections} connections ({target})")
    for line in summary:
        print(line)


def print_results(results: list[tuple[str, dict[str, Any]]]) -> None:
    print(
        f"{'what':<48} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'cpu ms':>7}"
    )
    for name, r in results:
        print(
            f"{name:<48} {r['requests']:>8} {r['errors']:>6} {r['rps']:>8.1f} "
            f"{r['p50']:>7.2f} {r['p99']:>7.2f} {r['cpu_ms']:>7.2f}"
        )
    ours, bare, loop, ping = (r for _, r in results)
    print(f"ratio: recording / bare write = {ours['rps'] / bare['rps']:.2f} (target >= 0.5)")
    print(
        f"ratio: recording / bare write on the event loop = {ours['rps'] / loop['rps']:.2f} "
        "(the same write with no worker thread)"
    )
    if ours["cpu_ms"] and bare["cpu_ms"]:
        # the server's own CPU per request: less moved by other load on the machine
        print(
            f"server CPU per request: recording {ours['cpu_ms']:.2f} ms, bare write "
            f"{bare['cpu_ms']:.2f} ms, ratio {bare['cpu_ms'] / ours['cpu_ms']:.2f}"
        )
    print(
        f"driver headroom: wrk drove the no-database endpoint at {ping['rps']:.0f} req/s, "
        f"{ping['rps'] / bare['rps']:.1f}x the bare write: the driver is not the limit"
    )


def summary_line(backend: str, results: list[tuple[str, dict[str, Any]]]) -> str:
    """One backend's figures against issue 10's target: the two ratios (req/s, and the server's
    CPU per request), the ratio to the write on the event loop, the p99 of both and the errors
    of both."""
    ours, bare, loop, _ping = (r for _, r in results)
    rps_ratio = ours["rps"] / bare["rps"]
    cpu_ratio = bare["cpu_ms"] / ours["cpu_ms"] if ours["cpu_ms"] and bare["cpu_ms"] else 0.0
    met = rps_ratio >= 0.5 and ours["p99"] < 50 and ours["errors"] == 0
    return (
        f"{backend:<8} ratio {rps_ratio:.2f} (req/s {ours['rps']:.1f} / {bare['rps']:.1f}), "
        f"CPU ratio {cpu_ratio:.2f}, to the write on the loop {ours['rps'] / loop['rps']:.2f}; "
        f"p99 {ours['p99']:.1f} ms ours, {bare['p99']:.1f} ms bare; "
        f"errors {ours['errors']} ours, {bare['errors']} bare; "
        f"{'target met' if met else 'target not met'}"
    )


if __name__ == "__main__":
    main()
