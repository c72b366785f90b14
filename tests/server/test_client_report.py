"""A worker's client page offers the client's clinic report, and only to the client's program."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .conftest import ProgramServer


def test_a_worker_downloads_a_clients_report(server: ProgramServer, tmp_path: Path) -> None:
    h = server.as_("bob")
    cid = server.client.post("/api/v1/clients", json={"code": "RV-0042"}, headers=h).json()["id"]
    server.client.post(
        f"/api/v1/clients/{cid}/injections", json={"region": "forearm_left"}, headers=h
    )
    bob = server.browser("bob")
    page = bob.get(f"/clients/{cid}")
    assert f'action="/clients/{cid}/report.pdf"' in page.text
    answer = bob.get(f"/clients/{cid}/report.pdf")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert server.browser("dave").get(f"/clients/{cid}/report.pdf").status_code == 404
    if shutil.which("pdftotext"):
        (tmp_path / "c.pdf").write_bytes(answer.content)
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "sitecare report for RV-0042" in text and "Left forearm" in text
