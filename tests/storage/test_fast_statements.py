"""The hot path's statements give the same rows run directly on the driver as through
SQLAlchemy's Core (``storage.repositories._fast``), on SQLite and PostgreSQL, and driver errors
come out as SQLAlchemy's errors, which ``Database`` explains the same way."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from sitecare.config import Settings
from sitecare.domain.errors import Conflict
from sitecare.services.app import Sitecare
from sitecare.storage import accounts
from sitecare.storage.engine import Database
from sitecare.storage.repositories import _fast as fast
from sitecare.storage.repositories import (
    injections,
    observations,
    people,
    planner_inputs,
    settings,
)
from sitecare.storage.repositories._session import core_connection

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def filled(db_url: str, tmp_path: Any) -> Iterator[Database]:
    """A database with injections, a check with JSON answers, and a setting."""
    sc = Sitecare(Settings.from_env(database_url=db_url), language="en")
    for i, region in enumerate(
        ["forearm_left", "deltoid_right", "forearm_left", "thigh_front_left"]
    ):
        at = NOW - timedelta(hours=30 - i)
        sc.records.log_injection(region=region, spot=str(i % 3 + 1), at=at, now=at, note="ünï")
    sc.records.log_injection(region="deltoid_left", at=NOW, now=NOW, medicine="insulin")
    case = {
        "route": "intravenous",
        "days_present": 2,
        "findings": ["redness", "warmth", "tenderness"],
        "redness_diameter_cm": 3.5,
        "region": "forearm_left",
    }
    sc.triage.check(case, now=NOW, note="a note")
    sc.planning.set_setting("rest.subcutaneous", "10", now=NOW)
    yield sc.db
    sc.close()


def _statements(person_id: int) -> list[tuple[Any, dict[str, Any]]]:
    until = NOW + timedelta(days=1)
    return [
        (accounts._ANY_USER, {}),
        (people._FIND_PERSON, {"program": "personal", "code": "me"}),
        (people._FIND_PERSON, {"program": "nobody", "code": "none"}),
        (injections._RECENT_ROUTES, {"p": person_id, "n": 50}),
        (injections._RECENT_ROUTES, {"p": person_id, "n": 1}),
        (settings._SETTINGS, {"p": person_id}),
        (observations._OBSERVATIONS, {"p": person_id}),
        (
            injections._last_use_statement(True, True),
            {"p": person_id, "after": NOW - timedelta(days=90), "until": until},
        ),
        (injections._last_use_statement(False, True), {"p": person_id, "until": until}),
        (injections._last_use_statement(False, False), {"p": person_id}),
        (
            injections._last_use_grouped_statement(True, True),
            {"p": person_id, "after": NOW - timedelta(days=90), "until": until},
        ),
        (injections._last_use_grouped_statement(False, False), {"p": person_id}),
        (people._CLIENT, {"client_id": person_id, "program_id": 1}),
        (accounts._USER_BY_ID, {"user_id": 1}),
    ]


def _postgres_statements(person_id: int) -> list[tuple[Any, dict[str, Any]]]:
    """PostgreSQL's own statements (JSON aggregates, a data-modifying CTE)."""
    window = {"p": person_id, "after": NOW - timedelta(days=400), "until": NOW + timedelta(days=1)}
    audit = {
        "client_id": person_id,
        "program_id": 1,
        "user_id": None,
        "at_utc": NOW.replace(tzinfo=None),
    }
    notes = {"action": "client.read", "object_type": "client", "object_id": str(person_id)}
    missing = {"missing_action": "client.not_found", "missing_type": "client"}
    return [
        (planner_inputs._inputs_statement(True), {**window, "n": 50}),
        (planner_inputs._inputs_statement(False), window),
        (people._CLIENT_AUDITED, {**audit, **notes, **missing, "missing_id": "1"}),
        (
            people._CLIENT_AUDITED,
            {**audit, "client_id": 10**6, **notes, **missing, "missing_id": str(10**6)},
        ),
    ]


def test_every_hot_statement_gives_the_same_rows_as_core(filled: Database) -> None:
    with filled.reading() as s:
        person_id = core_connection(s).scalar(
            people._FIND_PERSON, {"program": "personal", "code": "me"}
        )
        assert person_id is not None
        more = _postgres_statements(person_id) if filled.url.startswith("postgresql") else []
        for stmt, params in _statements(person_id) + more:
            core = [tuple(r) for r in core_connection(s).execute(stmt, params)]
            direct = [tuple(r) for r in fast.rows(s, stmt, params)]
            assert direct == core, str(stmt)
            assert [type(v) for r in direct for v in r] == [type(v) for r in core for v in r]
            assert fast.scalar(s, stmt, params) == core_connection(s).scalar(stmt, params)


def test_rows_have_their_columns_as_attributes(filled: Database) -> None:
    with filled.reading() as s:
        pid = fast.scalar(s, people._FIND_PERSON, {"program": "personal", "code": "me"})
        first = fast.rows(s, injections._RECENT_ROUTES, {"p": pid, "n": 1})[0]
        assert first.medicine == "insulin"
        assert first.route == first[0]


def _injection_row(uid: str, person_id: int | None) -> dict[str, Any]:
    """One injection's columns, as ``Injections.add`` gives them to the insert."""
    at = datetime(2026, 12, 1, 9)
    return {
        "uid": uid,
        "person_id": person_id,
        "at_utc": at,
        "utc_offset_min": 0,
        "region": "forearm_left",
        "spot": "1",
        "route": "intravenous",
        "medicine": None,
        "note": None,
        "created_at": at,
    }


def test_the_insert_returns_its_id_and_is_rolled_back_with_the_session(filled: Database) -> None:
    with filled.reading() as s:
        pid = fast.scalar(s, people._FIND_PERSON, {"program": "personal", "code": "me"})
        before = len(fast.rows(s, injections._RECENT_ROUTES, {"p": pid, "n": 1000}))
        new_id = fast.scalar(
            s,
            injections._ADD_INJECTION,
            _injection_row("fast-test-uid", pid),
        )
        assert isinstance(new_id, int)
        assert len(fast.rows(s, injections._RECENT_ROUTES, {"p": pid, "n": 1000})) == before + 1
    with filled.reading() as s:  # reading() rolls back: the row is gone
        assert len(fast.rows(s, injections._RECENT_ROUTES, {"p": pid, "n": 1000})) == before


def test_a_driver_error_is_sqlalchemys_and_explained_as_a_conflict(filled: Database) -> None:
    row = _injection_row("same-uid-twice", None)
    with pytest.raises(Conflict), filled.transaction() as s:
        row["person_id"] = fast.scalar(
            s, people._FIND_PERSON, {"program": "personal", "code": "me"}
        )
        fast.scalar(s, injections._ADD_INJECTION, row)
        with pytest.raises(IntegrityError):  # SQLAlchemy's, as from Connection.execute
            fast.scalar(s, injections._ADD_INJECTION, row)
        raise IntegrityError("again", {}, Exception("same uid"))
    with filled.reading() as s:  # the whole unit was rolled back: no row has that uid
        uids = core_connection(s).execute(injections._injection.select()).all()
        assert "same-uid-twice" not in {r.uid for r in uids}
