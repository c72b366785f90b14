"""A program user's access to one client (``storage.client_access``): the user check, the
client lookup within the user's program, its audit row and the planner's inputs.

On PostgreSQL it is one statement (``ClientAccess.one_statement``); it is held to the same
answers as the statements one after the other (``ClientAccess.separate``, what SQLite runs),
value for value, and to the same audit rows: one for a valid user (the access, or the attempt
on a client the program does not have), none for a user who may no longer act.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from sitecare.domain.usage import HORIZON
from sitecare.services import passwords
from sitecare.services.accounts import Accounts
from sitecare.services.app import Sitecare
from sitecare.services.who import Who
from sitecare.storage.accounts import Users
from sitecare.storage.client_access import Access, ClientAccess, InputsWanted, Opened
from sitecare.storage.repositories import Audit, AuditNote, People, PlannerInputs, Programs

NOW = datetime(2026, 11, 30, 12, 0, 0, 123456, tzinfo=UTC)
FOUND = AuditNote("injection.add", "injection", "7")


@dataclass
class World:
    sc: Sitecare
    client: int
    other_client: int
    worker: int
    other: int
    program: int
    other_program: int


def _world(open_services: Callable[..., Sitecare], url: str) -> World:
    """Two programs with a worker and a client each; the first client has a history."""
    sc = open_services(url)
    accounts = Accounts(sc.db, passwords=passwords.for_settings(sc.settings))
    for program, user in (("Street team", "worker"), ("Other team", "other")):
        accounts.create_program(program, now=NOW)
        accounts.add_user(
            user, program=program, role="worker", password="a long passphrase", now=NOW
        )
    client = Sitecare(sc.settings, who=Who("Street team", "RX-1"), db=sc.db)
    for i in range(30):
        client.records.log_injection(
            region=["forearm_left", "deltoid_right"][i % 2],
            spot=["1", "2", None][i % 3],
            route="intravenous" if i % 2 == 0 else "intramuscular",
            at=NOW - timedelta(hours=9 * i + 1),
            medicine="insulin" if i % 5 == 0 else None,
            now=NOW,
        )
    client.triage.check({"findings": ["bruise"], "region": "forearm_left"}, now=NOW)
    client.planning.set_setting("rest.intravenous", "3", now=NOW)
    Sitecare(sc.settings, who=Who("Other team", "RX-9"), db=sc.db).records.log_injection(
        region="forearm_left", at=NOW - timedelta(days=1), now=NOW
    )
    with sc.db.reading() as s:
        people, users, programs = People(s), Users(s), Programs(s)
        ids = [
            people.find_person_id("Street team", "RX-1"),
            people.find_person_id("Other team", "RX-9"),
            *(getattr(users.by_username(u), "id", None) for u in ("worker", "other")),
            programs.find("Street team"),
            programs.find("Other team"),
        ]
    assert all(isinstance(i, int) for i in ids)
    return World(sc, *ids)  # type: ignore[arg-type]


def _open(w: World, way: str, user: int, version: int, client: int, **kw: object) -> Opened:
    missing = AuditNote("client.not_found", "client", str(client))
    with w.sc.db.transaction() as s:
        access = ClientAccess(s)
        run = access.one_statement if way == "one statement" else access.separate
        return run(Access(user, version, client, NOW, FOUND, missing, **kw))  # type: ignore[arg-type]


def _ways(url: str) -> list[str]:
    return ["separate", "one statement"] if url.startswith("postgresql") else ["separate"]


def _audit(w: World) -> list[tuple[str, str | None, str | None, int | None, str | None]]:
    with w.sc.db.reading() as s:
        rows = Audit(s, w.program).list() + Audit(s, w.other_program).list()
    return sorted(
        (e.action, e.object_type, e.object_id, e.client_id, e.username)
        for e in rows
        if e.action in ("injection.add", "client.not_found")
    )


@pytest.mark.parametrize("recent", [0, 1, 5])
def test_both_ways_give_the_user_the_client_and_the_inputs_alike(
    open_services: Callable[..., Sitecare], db_url: str, recent: int
) -> None:
    w = _world(open_services, db_url)
    wanted = InputsWanted(NOW - timedelta(hours=20), recent)
    got = [_open(w, way, w.worker, 1, w.client, inputs=wanted) for way in _ways(db_url)]
    assert all(g == got[0] for g in got)  # value for value, type for type (dataclasses)
    first = got[0]
    assert first.valid and first.user is not None and first.user.username == "worker"
    assert first.client is not None and (first.client.id, first.client.code) == (w.client, "RX-1")
    with w.sc.db.reading() as s:
        expected = PlannerInputs(s, w.client, "RX-1").separate(
            until=wanted.until, after=wanted.until - HORIZON, recent=recent
        )
    assert first.inputs == expected
    assert len(first.inputs.recent) == recent and first.inputs.last_uses
    assert first.inputs.observations and first.inputs.settings
    # without inputs: the same user and client, no inputs read
    plain = [_open(w, way, w.worker, 1, w.client) for way in _ways(db_url)]
    assert all(p == Opened(first.user, True, first.client, None) for p in plain)
    n = len(_ways(db_url))
    assert _audit(w) == [("injection.add", "injection", "7", w.client, "worker")] * (2 * n)


def test_a_client_of_another_program_or_none_is_not_found_and_the_attempt_audited(
    open_services: Callable[..., Sitecare], db_url: str
) -> None:
    w = _world(open_services, db_url)
    wanted = InputsWanted(NOW, 1)
    for way in _ways(db_url):
        for client in (w.other_client, 10**6):
            got = _open(w, way, w.worker, 1, client, inputs=wanted)
            assert got.valid and got.user is not None and got.user.id == w.worker
            assert got.client is None and got.inputs is None
    n = len(_ways(db_url))
    assert _audit(w) == sorted(
        [("client.not_found", "client", str(c), None, "worker") for c in (w.other_client, 10**6)]
        * n
    )


def test_a_user_who_may_no_longer_act_gets_nothing_and_nothing_is_written(
    open_services: Callable[..., Sitecare], db_url: str
) -> None:
    w = _world(open_services, db_url)
    wanted = InputsWanted(NOW, 1)
    for way in _ways(db_url):
        old_token = _open(w, way, w.worker, 0, w.client, inputs=wanted)  # signed out since
        assert old_token.user is not None and not old_token.valid
        assert old_token.client is None and old_token.inputs is None
        assert _open(w, way, 10**6, 1, w.client, inputs=wanted) == Opened(None, False, None, None)
    Accounts(w.sc.db).disable_user("worker", now=NOW)
    for way in _ways(db_url):
        disabled = _open(w, way, w.worker, 1, w.client, inputs=wanted)
        assert disabled.user is not None and disabled.user.disabled and not disabled.valid
        assert disabled.client is None
    assert _audit(w) == []
