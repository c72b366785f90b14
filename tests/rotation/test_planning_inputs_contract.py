"""One contract for every reader of the planner's inputs (``PlanningInputs``).

The service reads them through the repositories on SQLite and PostgreSQL; the console script's
quick ``sitecare next`` reads a SQLite file with the standard library (``storage.sqlite_read``).
Every reader, on every database it supports, must give the same inputs for the same history,
as ehrql runs its query engines against one spec. On PostgreSQL the service reads them in one
statement (``PlannerInputs.one_statement``): it is held to the same spec as the four separate
statements (``PlannerInputs.separate``), value for value and type for type, on the edge cases
below too.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.orm import Session

from sitecare.domain.planning import RECENT
from sitecare.domain.usage import HORIZON, PlanningInputs
from sitecare.services.app import Sitecare
from sitecare.services.planning import read_inputs
from sitecare.storage.repositories import Injections, Observations, People, PlannerInputs, Settings
from sitecare.storage.sqlite_read import read_planning_inputs, sqlite_file_of

from .test_quick_path import NOW, _fill

Reader = Callable[[Sitecare, str], PlanningInputs]


def _repositories(sc: Sitecare, url: str) -> PlanningInputs:
    with sc.db.reading() as s:
        return read_inputs(s, People(s).find_person_id("personal", "me"), until=NOW)


def _separate(sc: Sitecare, url: str) -> PlanningInputs:
    with sc.db.reading() as s:
        pid = People(s).find_person_id("personal", "me")
        return PlannerInputs(s, pid).separate(until=NOW, after=NOW - HORIZON, recent=RECENT)


def _one_statement(sc: Sitecare, url: str) -> PlanningInputs:
    with sc.db.reading() as s:
        pid = People(s).find_person_id("personal", "me")
        return PlannerInputs(s, pid).one_statement(until=NOW, after=NOW - HORIZON, recent=RECENT)


def _standard_library(sc: Sitecare, url: str) -> PlanningInputs:
    path = sqlite_file_of(url)
    assert path is not None
    got = read_planning_inputs(
        path, program="personal", person="me", until=NOW, after=NOW - HORIZON
    )
    assert got is not None
    return got


READERS: list[tuple[str, str, Reader]] = [
    ("repositories", "sqlite_url", _repositories),
    ("repositories", "postgres_url", _repositories),
    ("separate-statements", "postgres_url", _separate),
    ("one-statement", "postgres_url", _one_statement),
    ("standard-library", "sqlite_url", _standard_library),
]


def _normal(inputs: PlanningInputs) -> tuple[object, ...]:
    return (
        inputs.settings,
        inputs.recent,
        sorted(inputs.last_uses, key=str),
        # a check's uid is made when it is stored: the same history gets new ones
        [dataclasses.replace(o, uid="") for o in inputs.observations],
    )


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, ...]:
    """What the repositories read on a SQLite file: the reference every reader must match."""
    from sitecare.config import CHEAP_HASH_COST, Settings

    folder = tmp_path_factory.mktemp("reference")
    url = f"sqlite:///{folder / 'reference.sqlite3'}"
    settings = Settings(database_url=url, data_dir=folder, hash_cost=CHEAP_HASH_COST)
    sc = Sitecare(settings)
    try:
        _fill(sc)
        return _normal(_repositories(sc, url))
    finally:
        sc.close()


@pytest.mark.parametrize(
    ("reader", "database", "read"), READERS, ids=[f"{r}-{d}" for r, d, _ in READERS]
)
def test_every_reader_gives_the_same_inputs(
    reader: str,
    database: str,
    read: Reader,
    expected: tuple[object, ...],
    open_services: Callable[..., Sitecare],
    request: pytest.FixtureRequest,
) -> None:
    url = str(request.getfixturevalue(database))
    sc = open_services(url)
    _fill(sc)
    got = _normal(read(sc, url))
    assert got == expected
    assert got[2], "the history has uses within the horizon"
    assert all(NOW - at <= HORIZON + timedelta(seconds=1) for _, _, at in got[2])


# -- edge cases: the one statement against the separate ones, value for value, type for type ---

EDGE = NOW - HORIZON  # a use at exactly this time is outside the horizon (after < at <= until)
MICRO = timedelta(microseconds=1)
ZONES = [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]


def _typed(value: object) -> object:
    """A value with the type of each part beside it (3 == 3.0 and True == 1 would hide one),
    dicts by key (a dict's order is no part of the inputs: the settings come in each
    database's own order, which on PostgreSQL depends on the plan), and each time's zone."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, [(f.name, _typed(getattr(value, f.name))) for f in fields])
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in sorted(value.items())])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_typed(v) for v in value])
    if isinstance(value, datetime):
        return ("datetime", value.isoformat(), repr(value.tzinfo))
    return (type(value).__name__, value)


def _no_injections(s: Session, pid: int) -> None:
    """A person with nothing recorded (no settings, no checks either)."""


def _edges(s: Session, pid: int) -> None:
    injections = Injections(s, pid)
    uses = [
        (EDGE, "forearm_left", "1"),  # on the boundary: not counted
        (EDGE + MICRO, "forearm_left", "2"),  # just inside
        (EDGE - MICRO, "forearm_right", None),  # just outside
        (EDGE + timedelta(milliseconds=100), "forearm_right", None),  # a short fraction
        (NOW, "deltoid_left", None),  # at ``until``: counted
        (NOW + MICRO, "deltoid_right", "1"),  # after it: not counted
        (NOW - timedelta(days=3), "abdomen_lower_left", "a1"),
    ]
    for n, (at, region, spot) in enumerate(uses):
        injections.add(
            at=at.astimezone(ZONES[n % 3]),
            region=region,
            route="subcutaneous" if region.startswith("abdomen") else "intravenous",
            spot=spot,
            medicine=[None, "", 'insulin ünï "x" \\ \''][n % 3],
            note=None,
            now=NOW,
        )
    checks = Observations(s, pid)
    checks.add(  # every optional field None
        at=NOW - timedelta(days=2),
        region=None,
        spot=None,
        level=None,
        rest_days=None,
        blocked=False,
        case={},
        assessment={},
        note=None,
        now=NOW,
    )
    checks.add(  # every field filled
        at=(NOW - timedelta(days=1, microseconds=7)).astimezone(ZONES[2]),
        region="forearm_left",
        spot="2",
        level="soon",
        rest_days=3.0,
        blocked=True,
        case={"findings": ["bruise"], "size": 2.5, "n": 3, "ok": True, "none": None},
        assessment={"conditions": [{"id": "bruise"}], "nested": {"a": [1, 2.0, "é"]}},
        note="",
        now=NOW,
    )
    checks.add(  # the same time as the one before: ordered by id
        at=NOW - timedelta(days=1, microseconds=7),
        region="forearm_left",
        spot=None,
        level="routine",
        rest_days=2.5,
        blocked=False,
        case={"findings": []},
        assessment={},
        note="ünï\nzwei",
        now=NOW,
    )
    settings = Settings(s, pid)
    for key, value in [
        ("rest.intravenous", 3),
        ("rest.subcutaneous", 2.5),
        ("regions.intravenous", ["forearm_left", "forearm_right"]),
        ("empty", ""),
        ("nothing", None),
        ("nested", {"a": {"b": [True, None, 1.0]}}),
    ]:
        settings.put(key, value)


def _many(s: Session, pid: int) -> None:
    """Many rows: more injections than RECENT, many spots and checks."""
    rng = random.Random(11)
    regions = ["forearm_left", "forearm_right", "deltoid_left", "thigh_front_left"]
    injections = Injections(s, pid)
    for i in range(1500):
        at = NOW - timedelta(hours=6.5 * i, microseconds=rng.randrange(10**6))
        injections.add(
            at=at.astimezone(rng.choice(ZONES)),
            region=rng.choice(regions),
            route=rng.choice(["intravenous", "intramuscular"]),
            spot=rng.choice([None, *(str(n) for n in range(1, 9))]),
            medicine=rng.choice([None, "insulin", "b12"]),
            note=None,
            now=NOW,
        )
    checks = Observations(s, pid)
    for i in range(120):
        checks.add(
            at=NOW - timedelta(days=rng.randrange(600), seconds=i),
            region=rng.choice([None, *regions]),
            spot=rng.choice([None, "1", "2"]),
            level=rng.choice([None, "routine", "soon", "urgent"]),
            rest_days=rng.choice([None, 1.0, 7, 0.5]),
            blocked=rng.random() < 0.2,
            case={"findings": rng.sample(["bruise", "pain", "redness"], 2)},
            assessment={"i": i},
            note=rng.choice([None, "", "a note"]),
            now=NOW,
        )
    settings = Settings(s, pid)
    for i in range(40):
        settings.put(f"key.{i}", rng.choice([i, i + 0.5, str(i), None, [i]]))


HISTORIES: dict[str, Callable[[Session, int], None]] = {
    "no-injections": _no_injections,
    "edges": _edges,
    "many": _many,
}
#: (name, reader); recent: how many (route, medicine) pairs (0: none)
READERS_OF: dict[str, Callable[[Session, int | None, int], PlanningInputs]] = {
    "separate": lambda s, pid, n: PlannerInputs(s, pid).separate(
        until=NOW, after=NOW - HORIZON, recent=n
    ),
    "one-statement": lambda s, pid, n: PlannerInputs(s, pid).one_statement(
        until=NOW, after=NOW - HORIZON, recent=n
    ),
    "read_inputs": lambda s, pid, n: read_inputs(s, pid, until=NOW, recent=n),
}


def _fill_history(sc: Sitecare, history: str) -> int:
    with sc.db.transaction() as s:
        pid = People(s).person_id("personal", "me", now=NOW, create=True)
        assert pid is not None
        HISTORIES[history](s, pid)
    return pid


def _read_typed(sc: Sitecare, pid: int | None, reader: str, recent: int) -> object:
    with sc.db.reading() as s:
        got = READERS_OF[reader](s, pid, recent)
    return _typed(dataclasses.replace(got, last_uses=sorted(got.last_uses, key=str)))


@pytest.mark.parametrize("history", sorted(HISTORIES))
def test_the_one_statement_reads_what_the_separate_ones_read(
    history: str, open_services: Callable[..., Sitecare], sqlite_url: str, postgres_url: str
) -> None:
    reference = open_services(sqlite_url)
    ref_pid = _fill_history(reference, history)
    sc = open_services(postgres_url)
    pid = _fill_history(sc, history)
    for recent in (RECENT, 1, 0):
        expected = _read_typed(reference, ref_pid, "separate", recent)
        for reader in READERS_OF:
            got = _read_typed(sc, pid, reader, recent)
            # the check ids and uids are made when they are stored
            assert _scrub(got) == _scrub(expected), (history, reader, recent)
        assert _read_typed(reference, ref_pid, "read_inputs", recent) == expected


def _scrub(typed: object) -> object:
    text = repr(typed)
    return re.sub(r"\('(id|uid)', \('(int|str)', [^)]*\)\)", r"('\1', '')", text)


def test_the_edges_are_read_as_the_spec_says(
    open_services: Callable[..., Sitecare], postgres_url: str
) -> None:
    sc = open_services(postgres_url)
    pid = _fill_history(sc, "edges")
    with sc.db.reading() as s:
        got = PlannerInputs(s, pid).one_statement(until=NOW, after=NOW - HORIZON, recent=RECENT)
    assert sorted((r, sp, at) for r, sp, at in got.last_uses) == sorted(
        [
            ("abdomen_lower_left", "a1", NOW - timedelta(days=3)),
            ("deltoid_left", None, NOW),
            ("forearm_left", "2", EDGE + MICRO),
            ("forearm_right", None, EDGE + timedelta(milliseconds=100)),
        ]
    )
    assert all(at.tzinfo is UTC for _, _, at in got.last_uses)
    odd = 'insulin ünï "x" \\ \''
    assert [m for _, m in got.recent] == [odd, "", None, None, "", None, odd]  # newest first
    assert got.settings["nothing"] is None and got.settings["empty"] == ""
    assert isinstance(got.settings["rest.intravenous"], int)
    none, filled, same_time = got.observations
    assert (none.region, none.spot, none.level, none.rest_days, none.note) == (None,) * 5
    assert isinstance(filled.rest_days, float) and filled.rest_days == 3.0 and filled.blocked
    assert filled.at.utcoffset() == timedelta(hours=5, minutes=30) and filled.note == ""
    assert filled.id < same_time.id and filled.at == same_time.at
    with sc.db.reading() as s:  # nobody: no statement, nothing read
        assert PlannerInputs(s, None).one_statement(until=NOW, after=EDGE, recent=1) == (
            PlanningInputs(settings={}, recent=[], last_uses=[], observations=[])
        )
