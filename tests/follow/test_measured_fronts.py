"""The measured sizes in the follow-up on every front: the API's course and check, the site
page and the worker's client page say how the mark changed and show the raised level."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from tests.measure.conftest import photo as synthetic
from tests.server.conftest import RIVERSIDE, ProgramServer, open_client, server_settings

from sitecare.services.app import Sitecare
from sitecare.services.who import Who

REDNESS = {"region": "forearm_left", "findings": ["redness"], "redness_diameter_cm": 2}


def _measured_checks(sc: Any, sizes: tuple[float, float]) -> tuple[int, int]:
    """Two checks a day apart, the same size typed, each with a photo measured by hand (mm):
    (the second check's id, its photo's id)."""
    now = datetime.now().astimezone()
    ids = []
    for hours, mm in zip((25, 1), sizes, strict=True):
        at = now - timedelta(hours=hours)
        cid = sc.triage.check(REDNESS, now=at).observation.id
        pid = sc.photos.add(cid, synthetic(with_card=False).jpeg, now=at).id
        sc.measurements.save_by_hand(pid, mm, mm, now=now)
        ids = [cid, pid]
    return ids[0], ids[1]


def test_the_api_and_the_site_page_use_the_measured_sizes(
    client: TestClient, db_url: str, open_services: Any
) -> None:
    sc = open_services(db_url)
    cid, pid = _measured_checks(sc, (10, 12))
    check = client.get(f"/api/v1/checks/{cid}").json()
    assert check["level"] == "soon" and check["measurement"]["photo_id"] == pid
    assert check["assessment"]["course"]["case"] == "worse"
    course = client.get("/api/v1/sites/forearm_left/course").json()
    last = course["entries"][-1]
    assert last["measured"] and last["case"] == "worse" and last["level"] == "soon"
    assert "the redness is 44% larger than yesterday" in last["summary"]
    assert round(last["measured_change"]["change_pct"]) == 44
    page = client.get("/sites/forearm_left").text
    assert "Worse than yesterday: the redness is 44% larger than yesterday" in page
    assert "See a clinician in 1 to 2 days" in page
    assert page.count("44% larger") == 2  # the timeline and the photos' chart, not twice more


def test_the_workers_client_page_says_how_the_measured_mark_changed(
    server: ProgramServer,
) -> None:
    bob = server.browser("bob")
    client_url = open_client(bob, "rx 11")
    settings = server_settings(server.url, server.tmp_path)
    with Sitecare(settings, who=Who(program=RIVERSIDE, person="RX 11")) as sc:
        _measured_checks(sc, (10, 16))
    html = bob.get(client_url).text
    assert "Much worse than yesterday: the redness is 156% larger than yesterday" in html
    assert "Get care today" in html


def _two_photos(sc: Any) -> int:
    """Two checks a day apart, the first photo measured at 10 mm, the second not yet: the
    second photo's id."""
    now = datetime.now().astimezone()
    pid = 0
    for hours in (25, 1):
        at = now - timedelta(hours=hours)
        cid = sc.triage.check(REDNESS, now=at).observation.id
        pid = sc.photos.add(cid, synthetic(with_card=False).jpeg, now=at).id
        if hours == 25:
            sc.measurements.save_by_hand(pid, 10, 10, now=now)
    return pid


def test_saving_a_measurement_that_raises_the_check_says_so_where_the_person_lands(
    client: TestClient, db_url: str, open_services: Any
) -> None:
    pid = _two_photos(open_services(db_url))
    form = {"kind": "by_hand", "longest_mm": "14", "across_mm": "14"}  # 96% larger: worse
    r = client.post(f"/photos/{pid}/measure", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("?photo=raised#photos")
    page = client.get(r.headers["location"]).text
    assert "The measured size made this check more urgent." in page
    assert "Measurement kept with the photo." in page
    es = client.get(r.headers["location"], headers={"Accept-Language": "es"}).text
    assert "El tamaño medido hizo más urgente esta revisión." in es


def test_a_measurement_that_changes_nothing_only_says_it_was_kept(
    client: TestClient, db_url: str, open_services: Any
) -> None:
    pid = _two_photos(open_services(db_url))
    form = {"kind": "by_hand", "longest_mm": "10", "across_mm": "10"}
    r = client.post(f"/photos/{pid}/measure", data=form, follow_redirects=False)
    assert r.headers["location"].endswith("?photo=measured#photos")
    page = client.get(r.headers["location"]).text
    assert "Measurement kept with the photo." in page and "more urgent" not in page
