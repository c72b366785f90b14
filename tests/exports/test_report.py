"""The clinic report: a real PDF, read back with pdftotext (poppler-utils)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.exports.conftest import NOW_TEXT, load_sample
from typer.testing import CliRunner

from sitecare.cli.app import app
from sitecare.config import Settings
from sitecare.services.app import Sitecare
from sitecare.web.app import create_app

NOW = datetime.fromisoformat(NOW_TEXT)
Open = Callable[..., Sitecare]


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (scripts/test does)")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def pdf_images(pdf: bytes, tmp_path: Path) -> str:
    """pdfimages' list: one line per picture; the chart is one."""
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    lines = done.stdout.splitlines()
    assert len(lines) >= 3, done.stdout  # two header lines, then the chart
    return "images"


def pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines() if "Pages" in line))


def test_the_report_has_sites_checks_a_chart_and_the_summary(
    open_services: Open, db_url: str, tmp_path: Path
) -> None:
    sc = open_services(db_url)
    load_sample(sc)
    pdf = sc.report.pdf(now=NOW, since=NOW - timedelta(days=10))
    assert pdf.startswith(b"%PDF-")
    assert 1 <= pages(pdf, tmp_path) <= 3
    text = pdf_text(pdf, tmp_path)
    assert "sitecare report for me" in text
    assert "Period: 13 Nov 2026 to 23 Nov 2026" in text
    # the summary: blocked since, after a check that found ...
    assert (
        "The left inside of the elbow has been blocked since 22 Nov after a check that found"
        in text
    )
    assert "6 injections on 3 days" in text
    # the site table: every state, with why
    assert "Left inside of the elbow" in text and "blocked since 22 Nov" in text
    assert "resting until" in text and "Ready, not used yet:" in text and "Face" in text
    # the checks in the period, with levels and measurements
    assert "redness 4 cm" in text and "lump 2.5 cm" in text and "38.2 °C" in text
    assert "get care today" in text or "emergency" in text
    assert "ordinary mark" in text and "a bruise" in text
    # the chart (a picture) with its key as words
    assert "Injections per day, by region" in text
    assert "Key, with the injections in the period: Lower left belly: 1;" in text
    assert "images" in pdf_images(pdf, tmp_path)
    assert "guidance, not a diagnosis" in text


def test_an_empty_period_says_so(open_services: Open, sqlite_url: str, tmp_path: Path) -> None:
    text = pdf_text(open_services(sqlite_url).report.pdf(now=NOW), tmp_path)
    assert "No injections were recorded in this period." in text
    assert "No site checks were recorded in this period." in text


def test_the_cli_writes_the_report(open_services: Open, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    sc = open_services(url)
    current = datetime.now().astimezone()
    sc.records.log_injection(now=current, at=current, region="forearm_left", route="intravenous")
    out = tmp_path / "clinic.pdf"
    runner = CliRunner()
    env = {"SITECARE_DATABASE_URL": url}
    done = runner.invoke(app, ["report", "--since", "2026-01-01", "--output", str(out)], env=env)
    assert done.exit_code == 0, done.output
    assert "Left forearm" in pdf_text(out.read_bytes(), tmp_path)
    wrong = runner.invoke(app, ["report", "--output", str(tmp_path / "r.txt")], env=env)
    assert wrong.exit_code == 2 and ".pdf" in wrong.stderr
    backwards = runner.invoke(
        app,
        ["report", "--since", "2026-11-20", "--until", "2026-11-10", "--output", str(out)],
        env=env,
    )
    assert backwards.exit_code == 2 and "'since' must be before 'until'" in backwards.stderr


def test_the_history_page_offers_the_report(db_url: str, tmp_path: Path) -> None:
    with TestClient(
        create_app(Settings(database_url=db_url, data_dir=tmp_path)), base_url="http://127.0.0.1"
    ) as client:
        client.post("/api/v1/injections", json={"region": "forearm_left", "route": "intravenous"})
        page = client.get("/history?days=7")
        assert 'action="/report.pdf"' in page.text and 'name="days" value="7"' in page.text
        answer = client.get("/report.pdf?days=7")
        assert client.get("/report.pdf?days=0").status_code == 422
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert "attachment" in answer.headers["content-disposition"]
    assert "Left forearm" in pdf_text(answer.content, tmp_path)
