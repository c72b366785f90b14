"""A client's lookup writes the same audit row on every database: one statement on PostgreSQL
(a data-modifying CTE), the lookup and an added row on SQLite (``Clients.get_audited``)."""

from __future__ import annotations

from datetime import UTC, datetime

from sitecare.config import Settings
from sitecare.services.app import Sitecare
from sitecare.storage.repositories import Audit, AuditNote, Clients, Programs

NOW = datetime(2026, 11, 30, 12, 0, 0, 123456, tzinfo=UTC)


def test_found_and_missing_clients_are_audited_alike(db_url: str) -> None:
    sc = Sitecare(Settings.from_env(database_url=db_url), language="en")
    try:
        with sc.db.transaction() as s:
            program = Programs(s).ensure("Street team", now=NOW)
            assert program is not None
            clients = Clients(s, program)
            rec = clients.add("RX-1", now=NOW)
            other = Clients(s, Programs(s).ensure("Other", now=NOW) or 0).add("RX-2", now=NOW)

            def get(client_id: int, found: AuditNote) -> object:
                missing = AuditNote("client.not_found", "client", str(client_id))
                return clients.get_audited(
                    client_id, user_id=None, now=NOW, found=found, missing=missing
                )

            assert get(rec.id, AuditNote("client.read", "client", str(rec.id))) == rec
            assert get(rec.id, AuditNote("check.list", "check", None)) == rec
            assert get(other.id, AuditNote("client.read", "client", "x")) is None  # not ours
            assert get(10**6, AuditNote("client.read", "client", "x")) is None
        with sc.db.reading() as s:
            rows = Audit(s, program).list()
        got = sorted((e.id, e.action, e.object_type, e.object_id, e.client_id) for e in rows)
        assert [g[1:] for g in got] == [
            ("client.read", "client", str(rec.id), rec.id),
            ("check.list", "check", None, rec.id),
            ("client.not_found", "client", str(other.id), None),
            ("client.not_found", "client", str(10**6), None),
        ]
        assert {e.at for e in rows} == {NOW} and {e.username for e in rows} == {None}
    finally:
        sc.close()
