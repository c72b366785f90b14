"""Shared fixtures: real databases (a SQLite file, the PostgreSQL server) and a CLI runner.

Databases are built once per session: ``sqlite_url`` is a copy of a SQLite file migrated at the
start, and ``postgres_url`` a schema of its own in the server's ``test`` database, migrated once
and emptied (TRUNCATE) between tests. ``empty_sqlite_url``/``empty_postgres_url``/``empty_db_url``
give a database sitecare has never opened, for tests of creating and migrating one.
Set SITECARE_TEST_POSTGRES_URL to use another server. Without a reachable server the PostgreSQL
variants are skipped locally and fail in CI (CI=true), so CI never passes without them.

Passwords and passphrase keys are hashed at the cheap test cost (``SITECARE_HASH_COST=cheap``,
set for the whole session, so commands and ``sitecare serve`` processes read it at start-up;
settings built here say ``hash_cost=CHEAP_HASH_COST``). Real installs always use the full cost.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("SITECARE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
#: the region ids shared/design/atlas.md makes a contract (a test checks the document agrees)
CONTRACT_BASES = [
    "neck",
    "deltoid",
    "upper_arm_back",
    "upper_arm_inner",
    "antecubital_fossa",
    "forearm",
    "wrist",
    "hand_dorsum",
    "fingers",
    "groin",
    "ventrogluteal",
    "buttock_upper_outer",
    "thigh_front",
    "thigh_outer",
    "lower_leg",
    "foot_dorsum",
    "toes",
]
CONTRACT_REGION_IDS = {f"{b}_{s}" for b in CONTRACT_BASES for s in ("left", "right")} | {
    "abdomen_upper_left",
    "abdomen_upper_right",
    "abdomen_lower_left",
    "abdomen_lower_right",
    "face",
}


def _build_each_command_tree_once() -> None:
    """typer's ``CliRunner.invoke(app, ...)`` builds the whole click command tree from the
    Typer app at every call (27 ms for sitecare's, some 600 calls a session: 16 s); the console
    script builds it once per process. The tree is the same each time: Typer reads only the
    app's registered commands, the command's state lives in ``cli.words``, and help texts are
    said in the command's language while a help screen is formatted (``cli.helptext``). So
    each app's tree is built once and invoked as often as the tests like, as click's own
    CliRunner does with one command."""
    import typer.testing

    build = typer.testing._get_command
    built: dict[int, tuple[Any, Any]] = {}  # id(app) -> (app, tree); the app kept: ids stay

    def once(app: Any) -> Any:
        if id(app) not in built:
            built[id(app)] = (app, build(app))
        return built[id(app)][1]

    typer.testing._get_command = once


_build_each_command_tree_once()


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes() -> Iterator[None]:
    """argon2id at the test cost for every command and server the tests start."""
    from sitecare.config import ENV_HASH_COST

    before = os.environ.get(ENV_HASH_COST)
    os.environ[ENV_HASH_COST] = "cheap"
    yield
    if before is None:
        os.environ.pop(ENV_HASH_COST, None)
    else:
        os.environ[ENV_HASH_COST] = before


@pytest.fixture
def contract_region_ids() -> set[str]:
    return set(CONTRACT_REGION_IDS)


PG_URL = os.environ.get("SITECARE_TEST_POSTGRES_URL", "postgresql+psycopg://127.0.0.1:5432/test")
_pg_state: dict[str, object] = {}


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    if "reason" in _pg_state:
        return _pg_state["reason"]  # type: ignore[return-value]
    import sqlalchemy as sa

    def ping() -> str | None:
        try:
            engine = sa.create_engine(PG_URL)
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            engine.dispose()
            return None
        except Exception as exc:  # noqa: BLE001 - any failure means "not available"
            return f"PostgreSQL at {PG_URL} is not reachable: {exc.__class__.__name__}"

    reason = ping()
    if reason and shutil.which("pg_ctlcluster") and Path("/etc/postgresql").is_dir():
        for version in os.listdir("/etc/postgresql"):
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                capture_output=True,
                check=False,
            )
        reason = ping()
    _pg_state["reason"] = reason
    return reason


def _require_postgres() -> None:
    reason = _pg_available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def _schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the head once per session (each test gets a copy)."""
    from sitecare.storage.engine import Database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.ensure_schema()
    db.dispose()  # the last connection checkpoints and removes the -wal file
    assert not Path(f"{path}-wal").exists()
    return path


def copy_of_template(template: Path, target: Path) -> str:
    """The URL of ``target``, a private (0600) copy of the migrated template: an empty database
    at the schema's head, as a new file is once sitecare has migrated it (without the wait)."""
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(template.read_bytes())
    return f"sqlite:///{target}"


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A SQLite file already at the schema's head: a private (0600) copy of the template."""
    return copy_of_template(sqlite_template, tmp_path / "sitecare.sqlite3")


@pytest.fixture
def sqlite_copy(tmp_path: Path, sqlite_template: Path) -> Callable[[str], str]:
    """``sqlite_copy("other.sqlite3")``: the URL of one more copy of the template in
    ``tmp_path``, for a test that needs several empty databases at the head (an import's
    target, a restore's): no migration to wait for (50 ms a file). A test of opening a new
    file keeps ``empty_sqlite_url``."""

    def copy(name: str) -> str:
        return copy_of_template(sqlite_template, tmp_path / name)

    return copy


@pytest.fixture
def empty_sqlite_url(tmp_path: Path) -> str:
    """A SQLite file that does not exist yet (sitecare creates and migrates it)."""
    return f"sqlite:///{tmp_path / 'sitecare.sqlite3'}"


#: every row deleted and every sequence restarted, in one round trip (faster than TRUNCATE for
#: a few rows: TRUNCATE makes new files for every table); the foreign keys are not checked
#: meanwhile (replica role), since every row goes
_EMPTY_SCHEMA = """DO $$
DECLARE r record;
BEGIN
  SET LOCAL session_replication_role = replica;
  FOR r IN SELECT tablename FROM pg_tables
           WHERE schemaname = '<schema>' AND tablename <> 'alembic_version' LOOP
    EXECUTE format('DELETE FROM %I.%I', '<schema>', r.tablename);
  END LOOP;
  FOR r IN SELECT sequencename FROM pg_sequences
           WHERE schemaname = '<schema>' AND last_value IS NOT NULL LOOP
    EXECUTE format('ALTER SEQUENCE %I.%I RESTART', '<schema>', r.sequencename);
  END LOOP;
END $$"""


class SchemaPool:
    """PostgreSQL schemas migrated to the head once, emptied (TRUNCATE) for the next test.

    A schema goes back to the pool only when its tables, columns, indexes and constraints are
    still exactly those of a new one and emptying it takes no waiting; anything else (a test
    that changed the schema, a connection still open) drops it, as every schema is dropped at
    the end of the session.
    """

    def __init__(self) -> None:
        import sqlalchemy as sa

        self.sa = sa
        self.admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        self.free: list[str] = []
        self.made: list[str] = []
        self.shape: list[tuple[Any, ...]] | None = None
        self.reusable = True

    def _create(self, *, migrated: bool) -> str:
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(self.sa.text(f'CREATE SCHEMA "{schema}"'))
        self.made.append(schema)
        if migrated:
            from sitecare.storage.engine import Database

            db = Database(_schema_url(schema))
            db.ensure_schema()
            db.dispose()
        return schema

    def _shape(self, conn: Any, schema: str) -> list[tuple[Any, ...]]:
        """Everything a test could change in a schema besides its rows, and the row counts."""
        rows = conn.execute(
            self.sa.text(
                """SELECT 'class', c.relname, c.relkind::text, '' FROM pg_class c
                     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :a
                   UNION ALL SELECT 'column', table_name, column_name,
                       concat_ws(' ', data_type, is_nullable, column_default,
                                 character_maximum_length)
                     FROM information_schema.columns WHERE table_schema = :b
                   UNION ALL SELECT 'constraint', conrelid::regclass::text, conname,
                       pg_get_constraintdef(k.oid)
                     FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
                     WHERE n.nspname = :c
                   UNION ALL SELECT 'index', tablename, indexname, indexdef
                     FROM pg_indexes WHERE schemaname = :d
                   ORDER BY 1, 2, 3, 4"""
            ),
            {"a": schema, "b": schema, "c": schema, "d": schema},
        ).all()
        version = conn.execute(
            self.sa.text(f'SELECT version_num FROM "{schema}".alembic_version')
        ).all()
        return [tuple(str(v).replace(schema, "<schema>") for v in r) for r in rows] + [
            ("version", *map(tuple, version))
        ]

    @staticmethod
    def url(schema: str) -> str:
        return _schema_url(schema)

    def take(self) -> str:
        if self.free:
            return self.free.pop()
        schema = self._create(migrated=True)
        if self.shape is None:
            with self.admin.connect() as conn:
                self.shape = self._shape(conn, schema)
                self.reusable = not self._has_rows(conn, schema)  # a migration that seeds rows
        return schema

    def _tables(self, conn: Any, schema: str) -> list[str]:
        return list(
            conn.execute(
                self.sa.text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = :s "
                    "AND tablename != 'alembic_version' ORDER BY tablename"
                ),
                {"s": schema},
            ).scalars()
        )

    def _has_rows(self, conn: Any, schema: str) -> bool:
        return any(
            conn.execute(self.sa.text(f'SELECT EXISTS (SELECT 1 FROM "{schema}"."{t}")')).scalar()
            for t in self._tables(conn, schema)
        )

    def give_back(self, schema: str) -> None:
        try:
            with self.admin.connect() as conn:
                conn.execute(self.sa.text("SET lock_timeout = '2s'"))
                if self.reusable and self._shape(conn, schema) == self.shape:
                    conn.execute(self.sa.text(_EMPTY_SCHEMA.replace("<schema>", schema)))
                    self.free.append(schema)
                    return
        except self.sa.exc.DBAPIError:
            pass
        self.drop(schema)

    def drop(self, schema: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(self.sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        if schema in self.free:
            self.free.remove(schema)

    def close(self) -> None:
        for schema in self.made:
            self.drop(schema)
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_schemas() -> Iterator[SchemaPool]:
    _require_postgres()
    pool = SchemaPool()
    yield pool
    pool.close()


@pytest.fixture
def postgres_url(pg_schemas: SchemaPool) -> Iterator[str]:
    """A schema of its own on the PostgreSQL server, already at the schema's head and empty."""
    schema = pg_schemas.take()
    try:
        yield _schema_url(schema)
    finally:
        pg_schemas.give_back(schema)


@pytest.fixture
def empty_postgres_url(pg_schemas: SchemaPool) -> Iterator[str]:
    """A new, empty schema of its own (sitecare migrates it), dropped afterwards."""
    schema = pg_schemas._create(migrated=False)
    try:
        yield _schema_url(schema)
    finally:
        pg_schemas.drop(schema)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Run a test once on a SQLite file and once on the PostgreSQL server."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request: pytest.FixtureRequest) -> str:
    """As ``db_url``, but a database sitecare has never opened (its migrations run)."""
    name = "empty_sqlite_url" if request.param == "sqlite" else "empty_postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def open_services(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Build service objects on a database URL; their connections are closed after the test."""
    from sitecare.config import CHEAP_HASH_COST, Settings
    from sitecare.services.app import Sitecare

    made: list[Sitecare] = []

    def make(url: str, who: Any = None, **settings: Any) -> Sitecare:
        settings.setdefault("hash_cost", CHEAP_HASH_COST)
        sc = Sitecare(Settings(database_url=url, data_dir=tmp_path, **settings), who=who)
        made.append(sc)
        return sc

    yield make
    for sc in made:
        sc.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _serve_in_thread(settings: Any) -> Iterator[str]:
    """The real app served by uvicorn on a free loopback port, in a thread."""
    import uvicorn

    from sitecare.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:  # pragma: no cover - a broken start fails loudly
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


SITECARE = str(Path(sys.executable).with_name("sitecare"))


class ServeProcess:
    """A real ``sitecare serve`` process (its own interpreter, as a person runs it)."""

    def __init__(self, env: dict[str, str], args: list[str], port: int) -> None:
        self.env, self.args, self.port = env, args, port
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30) -> ServeProcess:
        self.proc = subprocess.Popen(
            [SITECARE, "serve", "--port", str(self.port), *self.args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"sitecare serve exited with {self.proc.returncode}: {err}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()  # no stray process (or open pipe) is left for a later test to trip on
        raise RuntimeError(f"sitecare serve did not start in {timeout:.0f} s")

    def kill(self) -> None:
        """SIGKILL: no shutdown of any kind."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.proc is not None and self.proc.stderr is not None:
            self.proc.stderr.close()


def start_serve(
    database_url: str, *args: str, data_dir: Path, env: dict[str, str] | None = None
) -> ServeProcess:
    """A started ``sitecare serve`` with only the settings given (the caller stops it)."""
    full = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SITECARE_")},
        "SITECARE_HASH_COST": "cheap",
        "SITECARE_DATA_DIR": str(data_dir),
        "SITECARE_DATABASE_URL": database_url,
        **(env or {}),
    }
    return ServeProcess(full, list(args), _free_port()).start()


@pytest.fixture(scope="session")
def serve_anywhere() -> Callable[..., ServeProcess]:
    """``start_serve`` for fixtures wider than one test (they stop what they start)."""
    return start_serve


@pytest.fixture
def serve_process(tmp_path: Path) -> Iterator[Callable[..., ServeProcess]]:
    """Start ``sitecare serve`` processes (stopped after the test): ``serve_process(url, ...)``."""
    made: list[ServeProcess] = []

    def make(database_url: str, *args: str, env: dict[str, str] | None = None) -> ServeProcess:
        proc = start_serve(database_url, *args, data_dir=tmp_path / "data", env=env)
        made.append(proc)
        return proc

    yield make
    for proc in made:
        proc.stop()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    """sitecare (personal mode) on a free loopback port, on its own SQLite file."""
    from sitecare.config import Settings

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'web.sqlite3'}", data_dir=tmp_path)
    with _serve_in_thread(settings) as url:
        yield url


@pytest.fixture
def serve_in_thread() -> Callable[[Any], Any]:
    """A context manager that serves the real app for some settings on a free loopback port."""
    return _serve_in_thread


@pytest.fixture
def check_page() -> Callable[..., list[dict[str, Any]]]:
    """Screenshot a page into tests/artifacts and return its accessibility and size problems.

    Problems: axe-core serious/critical violations, a page wider than the 390px screen, and
    visible buttons, links styled as buttons, nav links and choices under 44px.

    axe-core is a script, so on a page without JavaScript (``page_without_js``) it runs on a copy
    of the page's HTML in a page of its own, at the same address.
    """
    from axe_playwright_python.sync_playwright import Axe

    def axe(page: Any) -> Any:
        if not getattr(page.context, "sitecare_no_js", False):
            return Axe().run(page)
        html, url = page.content(), page.url.split("#")[0]
        context = page.context.browser.new_context(viewport={"width": 390, "height": 844})
        try:
            copy = context.new_page()
            copy.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
            copy.goto(url)  # the same HTML at the same address; its CSS comes from the server
            return Axe().run(copy)
        finally:
            context.close()

    def run(page: Any, name: str) -> list[dict[str, Any]]:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        problems = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in axe(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            problems.append({"id": "too-wide", "width": width})
        small = page.evaluate(
            """() => [...document.querySelectorAll(
                    'main a.button, main button, nav a, main input[type=radio],'
                    + ' main input[type=checkbox]')]
                 .filter(e => e.offsetParent !== null)
                 .map(e => e.closest('label') || e)
                 .map(e => e.getBoundingClientRect())
                 .filter(r => r.height < 44 || r.width < 44).length"""
        )
        if small:
            problems.append({"id": "small-touch-targets", "count": small})
        tiny = [t for t in map_targets(page) if t["width"] < 44 or t["height"] < 44]
        if tiny:
            problems.append({"id": "small-map-targets", "targets": tiny[:5]})
        return problems

    return run


def map_targets(page: Any) -> list[dict[str, Any]]:
    """Every place on the body map and every spot of a spot picker, with its size in CSS px."""
    return list(
        page.evaluate(
            """() => [
                ...[...document.querySelectorAll('.map a.target')]
                  .map(a => [a, a.querySelector('.hit')]),
                ...[...document.querySelectorAll('label.gspot, label.vspot')].map(l => [l, l]),
              ].map(([e, box]) => {
                const r = box.getBoundingClientRect();
                return {name: e.getAttribute('aria-label') || e.textContent.trim(),
                        width: Math.round(r.width * 10) / 10,
                        height: Math.round(r.height * 10) / 10};
              })"""
        )
    )


@pytest.fixture
def measure_targets() -> Callable[[Any], list[dict[str, Any]]]:
    """The sizes of the map's places and the picker's spots on the page (see map_targets)."""
    return map_targets


@pytest.fixture
def page_without_js(browser: Any, browser_context_args: dict[str, Any]) -> Any:
    """A phone-sized page with JavaScript switched off: every form must still work."""
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    context.sitecare_no_js = True  # check_page runs axe-core on a copy of the page
    yield context.new_page()
    context.close()


@pytest.fixture(params=["js", "nojs"])
def phone_es(
    request: pytest.FixtureRequest, browser: Any, browser_context_args: dict[str, Any]
) -> Any:
    """A phone whose browser asks for Spanish (es-MX), with JavaScript on and off:
    ``(page, "js" or "nojs")``."""
    js = request.param == "js"
    context = browser.new_context(**browser_context_args, java_script_enabled=js, locale="es-MX")
    context.sitecare_no_js = not js  # check_page runs axe-core on a copy of the page
    try:
        yield context.new_page(), request.param
    finally:
        context.close()


@pytest.fixture(params=["js", "nojs"])
def phone(request: pytest.FixtureRequest) -> Any:
    """The same journey with JavaScript on (htmx) and off (plain forms and links)."""
    name = "page" if request.param == "js" else "page_without_js"
    page = request.getfixturevalue(name)
    page.sitecare_js = request.param == "js"
    return page


@pytest.hookimpl(trylast=True)  # after every mark is set, pytest-xdist's own hook included
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # scripts/test runs pytest-xdist with --dist loadgroup: the browser tests of one file go to
    # one worker (they share that file's live servers), and the files spread over the workers.
    # All browser tests in one group made that worker the suite's tail: 824 s instead of about
    # 470 s for the whole suite on 2 cores (a fresh-clone .ci/run, 2026-12-02)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.xdist_group(f"browser-{item.path.stem}"))
    _groups_in_node_ids(config, items)
    if _in_this_process(config):  # the schemathesis runs go on while the rest of the suite runs
        from tests.api.schemathesis_runs import judges

        items[:] = [i for i in items if not judges(i)] + [i for i in items if judges(i)]
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    reason = f"Chromium is not installed at {CHROMIUM}: browser tests skipped"
    if os.environ.get("CI"):
        return  # in CI a missing browser must fail, not skip
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


def _in_this_process(config: pytest.Config) -> bool:
    """The tests run in this process: no pytest-xdist (``-n 0``, ``-p no:xdist``), not a worker."""
    return not hasattr(config, "workerinput") and not getattr(config.option, "numprocesses", 0)


@pytest.fixture(scope="session", autouse=True)
def start_with_the_session(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    serve_anywhere: Callable[..., ServeProcess],
) -> Iterator[None]:
    """In one process, the schemathesis runs (a minute or two of two busy processes, while their
    tests only wait) start with the first test and go on meanwhile; their tests come last and
    judge them (tests/api/schemathesis_runs.py). Under pytest-xdist nothing starts here."""
    from contextlib import ExitStack

    from tests.api import schemathesis_runs

    names = schemathesis_runs.wanted(request.session.items)
    if not names or not _in_this_process(request.config):
        yield
        return
    with ExitStack() as stack:
        started = schemathesis_runs.start(names, request, tmp_path_factory, serve_anywhere, stack)
        schemathesis_runs.STARTED.update(started)
        try:
            yield
        finally:
            schemathesis_runs.STARTED.clear()


def _groups_in_node_ids(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each test's xdist_group at the end of its node id (``...::test@browser``), in a worker.

    pytest-xdist's --dist loadgroup sends the tests whose node ids end in one ``@group`` to one
    worker. pytest-xdist 3.8 writes the suffix into an attribute that pytest 9.2 no longer
    reads (its node ids are structured now; pytest-xdist issue 1386), so no group held: the
    browser tests and the two schemathesis runs were spread over the workers. The suffix is
    written here as pytest-xdist's hook means to; where it already is, nothing changes.
    """
    if not getattr(config.option, "loadgroup", False):  # set in pytest-xdist's workers only
        return
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:  # an older pytest: pytest-xdist's own hook writes it
        return
    for item in items:
        names = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        nodeid = item.nodeid
        if names and nodeid.rfind("@") <= nodeid.rfind("]"):
            item._id = coerce_node_id(f"{nodeid}@{'_'.join(sorted(names))}")  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, headless, with the flags a closed network and root need."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A phone-sized screen (390 x 844), touch, as most people will use sitecare."""
    return {
        **browser_context_args,
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 1,
        "has_touch": True,
        "is_mobile": True,
    }
