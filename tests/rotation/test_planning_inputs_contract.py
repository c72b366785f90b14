"""One contract for every reader of the planner's inputs (``PlanningInputs``).

The service reads them through the repositories on SQLite and PostgreSQL; the console script's
quick ``sitecare next`` reads a SQLite file with the standard library (``storage.sqlite_read``).
Every reader, on every database it supports, must give the same inputs for the same history,
as ehrql runs its query engines against one spec.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta

import pytest

from sitecare.domain.usage import HORIZON, PlanningInputs
from sitecare.services.app import Sitecare
from sitecare.services.planning import read_inputs
from sitecare.storage.repositories import People
from sitecare.storage.sqlite_read import read_planning_inputs, sqlite_file_of

from .test_quick_path import NOW, _fill

Reader = Callable[[Sitecare, str], PlanningInputs]


def _repositories(sc: Sitecare, url: str) -> PlanningInputs:
    with sc.db.reading() as s:
        return read_inputs(s, People(s).find_person_id("personal", "me"), until=NOW)


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
