"""The clinic report with photos: there only when chosen (read back with pdfimages)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.exports.conftest import NOW_TEXT, load_sample_with_photos
from typer.testing import CliRunner

from sitecare.cli.app import app
from sitecare.config import Settings
from sitecare.exports.report_photos import BOX_H, BOX_W, ReportPhoto, photo_row
from sitecare.services.app import Sitecare
from sitecare.web.app import create_app

NOW = datetime.fromisoformat(NOW_TEXT)
Open = Callable[..., Sitecare]
#: the sample's photos are 56x32, 64x32 and 72x32 pixels
PHOTO_SIZES = {(56, 32), (64, 32), (72, 32)}


def images(pdf: bytes, tmp_path: Path) -> list[tuple[int, int, str]]:
    """(width, height, encoding) of every picture in the PDF, by pdfimages -list."""
    if shutil.which("pdfimages") is None:
        pytest.fail("pdfimages is missing: apt-get install poppler-utils (scripts/test does)")
    path = tmp_path / "photos.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    rows = [line.split() for line in done.stdout.splitlines()[2:]]
    return [(int(r[3]), int(r[4]), r[8]) for r in rows if r[2] == "image"]


def photos_in(pdf: bytes, tmp_path: Path) -> set[tuple[int, int]]:
    return {(w, h) for w, h, enc in images(pdf, tmp_path) if enc == "jpeg"} & PHOTO_SIZES


@pytest.fixture
def sample_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'sample.sqlite3'}"


@pytest.fixture
def sample(open_services: Open, sample_url: str) -> Sitecare:
    return load_sample_with_photos(open_services(sample_url))


def test_the_photos_are_printed_only_when_chosen(sample: Sitecare, tmp_path: Path) -> None:
    since = NOW - timedelta(days=10)
    plain = sample.report.pdf(now=NOW, since=since)
    assert photos_in(plain, tmp_path) == set()
    assert len(images(plain, tmp_path)) >= 1  # the chart is still there
    chosen = sample.report.pdf(now=NOW, since=since, with_photos=True)
    assert photos_in(chosen, tmp_path) == PHOTO_SIZES
    html = sample.report.data(now=NOW, since=since, with_photos=True)
    assert sum(len(p) for p in html.photos.values()) == 3


def test_measured_photos_are_drawn_at_one_scale() -> None:
    small = ReportPhoto(b"a", "image/jpeg", 400, 300, mm_per_px=0.05)  # 20 x 15 mm of skin
    large = ReportPhoto(b"b", "image/jpeg", 400, 300, mm_per_px=0.1)  # 40 x 30 mm of skin
    row = photo_row([small, large])
    assert row is not None and "Same scale" in row.caption
    a, b = row.photos
    assert b.width_mm == pytest.approx(2 * a.width_mm)
    assert b.width_mm <= BOX_W + 1e-9 and b.height_mm <= BOX_H + 1e-9
    loose = photo_row([small, ReportPhoto(b"c", "image/jpeg", 400, 300)])
    assert loose is not None and "Not to scale" in loose.caption
    assert loose.photos[0].width_mm == loose.photos[1].width_mm
    assert photo_row([]) is None


def test_the_cli_prints_photos_with_the_flag(
    sample: Sitecare, sample_url: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    env = {"SITECARE_DATABASE_URL": sample_url}
    out = tmp_path / "with.pdf"
    args = ["report", "--since", "2026-11-15", "--until", "2026-11-23", "--output"]
    done = runner.invoke(app, [*args, str(out), "--with-photos"], env=env)
    assert done.exit_code == 0, done.output
    assert photos_in(out.read_bytes(), tmp_path) == PHOTO_SIZES
    done = runner.invoke(app, [*args, str(out)], env=env)
    assert done.exit_code == 0, done.output
    assert photos_in(out.read_bytes(), tmp_path) == set()


def test_the_history_page_has_a_with_photos_box(
    sample: Sitecare, sample_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=sample_url, data_dir=tmp_path)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        page = client.get("/history?days=30")
        plain = client.get("/report.pdf?days=30")
        chosen = client.get("/report.pdf?days=30&with_photos=true")
    assert 'action="/report.pdf"' in page.text and 'name="with_photos"' in page.text
    assert 'name="days" value="30"' in page.text
    assert photos_in(plain.content, tmp_path) == set()
    assert photos_in(chosen.content, tmp_path) == PHOTO_SIZES


@pytest.mark.browser
@pytest.mark.parametrize("phone", ["js", "nojs"], indirect=True)
def test_the_report_form_with_photos_in_a_browser(
    phone: Any, live_server: str, open_services: Open, tmp_path: Path, check_page: Any
) -> None:
    load_sample_with_photos(open_services(f"sqlite:///{tmp_path / 'web.sqlite3'}"))
    m = "js" if getattr(phone, "sitecare_js", True) else "nojs"
    phone.goto(live_server + "/history?days=30")
    assert check_page(phone, f"{m}-history-report-form") == []
    phone.get_by_label("With photos").check()
    with phone.expect_download() as got:
        phone.get_by_role("button", name="Report for a clinic (PDF)").click()
    path = got.value.path()
    assert photos_in(Path(path).read_bytes(), tmp_path) == PHOTO_SIZES
