"""Benchmark the program server under load, on PostgreSQL (issue 6).

Usage:
    .venv/bin/python benchmarks/server_load.py [--postgres URL] [--workers 2] [--requests 2000]
        [--concurrency 8] [--seconds 60]

1. Makes a fresh schema in the PostgreSQL database (default: the test server's ``test``
   database) and drops it at the end.
2. Seeds a program, one worker, 1,000 clients and 100,000 injections (bulk SQL, a few seconds).
3. Starts ``sitecare serve --workers N`` on it in server mode, and a bare FastAPI endpoint
   served the same way (uvicorn, the same number of workers, a factory) as the baseline.
4. Drives both from a second process on loopback (127.0.0.1 only), with a bounded number of
   requests and a time limit, over keep-alive connections from a few threads, and prints
   requests per second and the p50 and p99 latency for: recording an injection for a random
   client, a suggestion for a random client, and the bare endpoint.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG = os.environ.get(
    "SITECARE_TEST_POSTGRES_URL", "postgresql+psycopg://127.0.0.1:5432/test"
)
SECRET = "bench-" + uuid.uuid4().hex + uuid.uuid4().hex
PASSWORD = "benchmark passphrase"
CLIENTS = 1000
INJECTIONS = 100_000


def bare_app() -> Any:
    """The baseline: FastAPI with one JSON endpoint and nothing else (a uvicorn factory)."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/ping")
    def ping() -> dict[str, str]:
        return {"ok": "yes"}

    return app


# -- set-up ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed(url: str) -> list[int]:
    """A program, a worker, 1,000 clients and 100,000 injections; the client ids."""
    import sqlalchemy as sa

    from sitecare.config import Settings
    from sitecare.services.accounts import Accounts
    from sitecare.services.app import open_database

    settings = Settings(database_url=url, data_dir=ROOT, mode="server", secret_key=SECRET)
    db = open_database(settings)
    acc = Accounts(db)
    now = datetime.now(UTC)
    acc.create_program("Bench Program", now=now)
    acc.add_user("worker", program="Bench Program", role="worker", password=PASSWORD, now=now)
    per_client = INJECTIONS // CLIENTS
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
        # Every client injected every ~7 hours for the last month, rotating over four regions.
        conn.execute(
            sa.text(
                "INSERT INTO injection (uid, person_id, at_utc, utc_offset_min, region, spot, "
                "route, created_at) "
                "SELECT gen_random_uuid()::text, p.id, "
                "  (now() at time zone 'utc') - g * interval '7 hours', 0, "
                "  (ARRAY['forearm_left','forearm_right','antecubital_fossa_left',"
                "'antecubital_fossa_right'])[1 + (g + p.id) % 4], "
                "  (1 + (g / 4) % 3)::text, 'intravenous', now() "
                "FROM person p CROSS JOIN generate_series(1, :k) g WHERE p.program_id = :pid"
            ),
            {"pid": pid, "k": per_client},
        )
        conn.execute(sa.text("ANALYZE"))
        ids = [int(i) for i in conn.execute(sa.text("SELECT id FROM person ORDER BY id")).scalars()]
        n = conn.execute(sa.text("SELECT count(*) FROM injection")).scalar()
    db.dispose()
    print(f"seeded {len(ids)} clients and {n} injections", flush=True)
    return ids


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


# -- the driver (a second process) -------------------------------------------------------------


def drive(
    base: str, scenario: str, ids: list[int], total: int, threads: int, seconds: float
) -> dict[str, Any]:
    import httpx

    assert base.startswith("http://127.0.0.1:"), "the benchmark only talks to 127.0.0.1"
    headers: dict[str, str] = {}
    if scenario != "bare":
        r = httpx.post(
            f"{base}/api/v1/auth/token", data={"username": "worker", "password": PASSWORD}
        )
        r.raise_for_status()
        headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    counter = iter(range(total))
    stop_at = time.perf_counter() + seconds

    def one(client: Any, rng: random.Random) -> None:
        cid = rng.choice(ids)
        if scenario == "record":
            body = {"region": rng.choice(["forearm_left", "forearm_right"]), "spot": "4"}
            r = client.post(f"/api/v1/clients/{cid}/injections", json=body)
            ok = r.status_code == 201
        elif scenario == "suggest":
            r = client.get(f"/api/v1/clients/{cid}/suggestion", params={"route": "intravenous"})
            ok = r.status_code == 200 and r.json().get("region")
        else:
            r = client.get("/ping")
            ok = r.status_code == 200
        if not ok:
            errors[0] += 1

    def worker(seed_: int) -> None:
        rng = random.Random(seed_)
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            one(client, rng)  # warm the connection (not counted)
            while time.perf_counter() < stop_at:
                with lock:
                    if next(counter, None) is None:
                        return
                t = time.perf_counter()
                one(client, rng)
                took = time.perf_counter() - t
                with lock:
                    latencies.append(took)

    begun = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - begun
    latencies.sort()
    return {
        "scenario": scenario,
        "requests": len(latencies),
        "errors": errors[0],
        "seconds": wall,
        "rps": len(latencies) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    }


def run_driver(
    base: str, scenario: str, ids: list[int], args: argparse.Namespace
) -> dict[str, Any]:
    """Run ``drive`` in a second Python process; its JSON result comes back on stdout."""
    cmd = [
        sys.executable,
        __file__,
        "--drive",
        base,
        "--scenario",
        scenario,
        "--requests",
        str(args.requests),
        "--concurrency",
        str(args.concurrency),
        "--seconds",
        str(args.seconds),
        "--ids",
        ",".join(map(str, ids)),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


# -- main --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    parser.add_argument("--scenario", help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        ids = [int(i) for i in args.ids.split(",")]
        result = drive(
            args.drive, args.scenario, ids, args.requests, args.concurrency, args.seconds
        )
        print(json.dumps(result))
        return

    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in args.postgres else "?"
    url = f"{args.postgres}{sep}options=-csearch_path%3D{schema}"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        t = time.perf_counter()
        ids = seed(url)
        print(f"seeding took {time.perf_counter() - t:.1f} s", flush=True)
        env = {**os.environ, "SITECARE_SECRET_KEY": SECRET, "SITECARE_MODE": "server"}
        app_port, bare_port = free_port(), free_port()
        sitecare = [
            str(Path(sys.executable).with_name("sitecare")),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(app_port),
            "--workers",
            str(args.workers),
            "--database-url",
            url,
        ]
        bare = [
            sys.executable,
            "-m",
            "uvicorn",
            "server_load:bare_app",
            "--factory",
            "--app-dir",
            str(ROOT / "benchmarks"),
            "--host",
            "127.0.0.1",
            "--port",
            str(bare_port),
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ]
        procs.append(start(sitecare, env, app_port))
        procs.append(start(bare, env, bare_port))
        results = [
            run_driver(f"http://127.0.0.1:{app_port}", "record", ids, args),
            run_driver(f"http://127.0.0.1:{app_port}", "suggest", ids, args),
            run_driver(f"http://127.0.0.1:{bare_port}", "bare", ids, args),
        ]
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    names = {
        "record": "POST /api/v1/clients/{id}/injections",
        "suggest": "GET  /api/v1/clients/{id}/suggestion",
        "bare": "GET  /ping (bare FastAPI, same uvicorn set-up)",
    }
    print(
        f"\nsitecare serve --workers {args.workers} on PostgreSQL; {CLIENTS} clients, "
        f"{INJECTIONS} injections; {args.concurrency} keep-alive connections from a second "
        f"process on 127.0.0.1; up to {args.requests} requests or {args.seconds:g} s each; "
        f"{os.cpu_count()} CPUs shared by server, database and driver"
    )
    print(f"{'what':<48} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for r in results:
        print(
            f"{names[r['scenario']]:<48} {r['requests']:>8} {r['errors']:>6} {r['rps']:>8.1f} "
            f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f}"
        )


if __name__ == "__main__":
    main()
