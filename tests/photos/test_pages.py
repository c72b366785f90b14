"""The photo pages without JavaScript (plain multipart forms): add a photo from the site page or
the check result, see this photo beside the last one, bad files in plain words; on a program
server the worker's client page, with audit events and no other program's photos."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.photos.conftest import add_check, photo_files
from tests.photos.helpers import heic_from_camera, jpeg_from_camera
from tests.server.conftest import ProgramServer, csrf_of, make_server  # noqa: F401

HTML = {"accept": "text/html"}


def _form_upload(c: TestClient, action: str, data: bytes, **fields: str) -> Any:
    return c.post(
        action, files={"file": ("IMG.JPG", data)}, data=fields, headers=HTML, follow_redirects=False
    )


def test_the_site_page_adds_a_photo_and_shows_it_beside_the_last(client: TestClient) -> None:
    page = client.get("/sites/forearm_left")
    assert "No photos of this site yet" in page.text and "Check the site first" in page.text
    first = add_check(client)
    page = client.get("/sites/forearm_left").text
    assert 'accept="image/*" capture="environment"' in page
    assert f'action="/checks/{first}/photos"' in page and 'enctype="multipart/form-data"' in page
    r = _form_upload(client, f"/checks/{first}/photos", jpeg_from_camera())
    # next: the photo with its outline to measure (this one shows no card)
    assert r.status_code == 303 and re.fullmatch(
        r"/photos/\d+/measure\?added=1", r.headers["location"]
    )
    page = client.get(r.headers["location"]).text
    assert "Photo added" in page and "No card was found" in page and 'href="/card"' in page
    page = client.get("/sites/forearm_left").text
    assert "Latest photo" in page
    second = add_check(client)
    r = _form_upload(client, f"/checks/{second}/photos", heic_from_camera())
    assert r.status_code == 303
    page = client.get("/sites/forearm_left").text
    pair = re.search(r'<div class="photo-pair[^"]*" id="photo-pair">(.*?)</div>', page, re.S)
    assert pair is not None
    assert [m for m in re.findall(r"<strong>(Before|Now)</strong>", pair.group(1))] == [
        "Before",
        "Now",
    ]
    assert "Not to scale" in page  # neither is measured yet
    ids = re.findall(r'data-photo="(\d+)"', page)
    assert len(ids) == 2
    img = client.get(f"/photos/{ids[0]}")
    assert img.status_code == 200 and img.headers["content-type"] == "image/jpeg"
    gone = client.post(f"/photos/{ids[0]}/delete", headers=HTML, follow_redirects=False)
    assert gone.status_code == 303 and "photo=deleted" in gone.headers["location"]


def test_a_bad_file_from_the_form_says_why_on_the_site_page(
    client: TestClient, tmp_path: Path
) -> None:
    check = add_check(client)
    r = _form_upload(client, f"/checks/{check}/photos", b"GIF89a not really")
    assert r.status_code == 422
    assert "not a photo sitecare can read" in r.text and "Nothing was stored" in r.text
    assert "<h1>Left forearm</h1>" in r.text  # the site page, with its form to try again
    assert photo_files(tmp_path) == []


def _walk_the_check(client: TestClient, region: str) -> str:
    """Every screen of the guided check with nothing ticked (a routine result)."""
    page = client.get(f"/check?region={region}", headers=HTML).text
    for _ in range(20):
        asked = re.search(r'name="asked" value="([^"]*)"', page)
        if asked is None:
            break
        answers = re.search(r'name="answers" value="([^"]*)"', page)
        assert answers is not None
        data = {"answers": html.unescape(answers.group(1)), "asked": asked.group(1)}
        page = client.post("/check", data=data | {"region": region}, headers=HTML).text
    return page


def test_the_check_result_offers_the_camera_for_the_stored_check(client: TestClient) -> None:
    page = _walk_the_check(client, "forearm_left")
    assert "Saved as a check of Left forearm" in page
    check = client.get("/api/v1/checks").json()[-1]["id"]
    assert f'action="/checks/{check}/photos"' in page and 'capture="environment"' in page
    r = _form_upload(client, f"/checks/{check}/photos", jpeg_from_camera())
    assert r.status_code == 303 and r.headers["location"].startswith("/photos/")


def _server_records(s: ProgramServer, who: str, code: str) -> dict[str, Any]:
    h = s.as_(who)
    cid = s.client.post("/api/v1/clients", json={"code": code}, headers=h).json()["id"]
    checks = []
    for _ in range(2):
        r = s.client.post(
            f"/api/v1/clients/{cid}/checks",
            json={"region": "forearm_left", "findings": ["bruise"]},
            headers=h,
        )
        checks.append(r.json()["check_id"])
    return {"cid": cid, "checks": checks}


def test_a_worker_sees_this_photo_beside_the_last_on_the_client_page_and_it_is_audited(
    db_url: str,
    make_server: Callable[..., ProgramServer],  # noqa: F811
) -> None:
    s = make_server(db_url)
    mine = _server_records(s, "bob", "R-7")
    theirs = _server_records(s, "dave", "H-7")
    bob = s.browser("bob")
    page = bob.get(f"/clients/{mine['cid']}").text
    assert 'id="photos"' not in page  # no photo yet
    for check, make in zip(mine["checks"], (jpeg_from_camera, heic_from_camera), strict=True):
        r = _form_upload(
            bob,
            f"/clients/{mine['cid']}/checks/{check}/photos",
            make(),
            csrf_token=csrf_of(page),
        )
        assert r.status_code == 303, r.text
        assert re.fullmatch(
            rf"/clients/{mine['cid']}/photos/\d+/measure\?added=1", r.headers["location"]
        )
    page = bob.get(f"/clients/{mine['cid']}?photo=added").text
    assert "Photos: Left forearm" in page and "Photo added" in page
    ids = re.findall(r'data-photo="(\d+)"', page)
    assert len(ids) == 2
    assert f"/clients/{mine['cid']}/photos/{ids[1]}" in page
    assert bob.get(f"/clients/{mine['cid']}/photos/{ids[1]}").status_code == 200
    # another program's worker: neither the client nor its photos
    dave = s.browser("dave")
    assert dave.get(f"/clients/{mine['cid']}/photos/{ids[1]}", headers=HTML).status_code == 404
    assert dave.get(f"/clients/{theirs['cid']}/photos/{ids[1]}", headers=HTML).status_code == 404
    audit = s.client.get("/api/v1/audit?limit=200", headers=s.as_("alice")).json()
    actions = [(e["action"], e["object_type"]) for e in audit if e["client_id"] == mine["cid"]]
    assert ("photo.add", "check") in actions and ("photo.view", "photo") in actions
    assert all(set(e) <= {"id", "at", "user", "action", "object_type", "object_id", "client_id"}
               for e in audit)  # fmt: skip
