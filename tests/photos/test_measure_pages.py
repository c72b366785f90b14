"""The measure page without JavaScript: after a photo is added it shows the outline sitecare
found (SVG over the photo) with a plain form to keep it, or says plainly that no card was found
(with the card page's link) and takes the size by hand; the site page and a worker's client
page then plot the measured area and say how it changed in words."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient
from tests.measure.conftest import photo as synthetic
from tests.photos.conftest import add_check
from tests.photos.test_pages import HTML, _form_upload, _server_records
from tests.server.conftest import ProgramServer, csrf_of, make_server  # noqa: F401

from sitecare.domain.localdates import MONTHS_SHORT

ENGLISH_MONTHS = [date(2026, m, 1).strftime("%b") for m in range(1, 13)]


def _add(c: TestClient, action: str, data: bytes, **fields: str) -> str:
    r = _form_upload(c, action, data, **fields)
    assert r.status_code == 303, r.text
    return str(r.headers["location"])


def test_the_outline_is_drawn_on_the_photo_and_kept_with_a_plain_form(client: TestClient) -> None:
    made = synthetic()
    where = _add(client, f"/checks/{add_check(client)}/photos", made.jpeg)
    page = client.get(where, headers=HTML).text
    assert "Photo added" in page and "sitecare found the card" in page
    polygon = re.search(r'<polygon class="outline" id="outline-line" points="([^"]+)"', page)
    assert polygon is not None and len(polygon.group(1).split()) >= 3
    assert re.search(r'<image href="/photos/\d+"', page)
    assert 'name="kind" value="auto"' in page and "Keep this outline" in page
    assert 'name="longest_mm"' in page  # typing the size stays possible
    action = re.search(r'<form method="post" action="([^"]+)" id="outline-form"', page)
    assert action is not None
    r = client.post(action.group(1), data={"kind": "auto"}, headers=HTML, follow_redirects=False)
    assert (
        r.status_code == 303
        and r.headers["location"] == "/sites/forearm_left?photo=measured#photos"
    )
    site = client.get(r.headers["location"]).text
    assert "Measurement kept with the photo" in site and "mm²" in site
    assert "The mark measured" in site and "Change the measurement" in site
    assert "when to get help" in site
    es = client.get(r.headers["location"], headers={"Accept-Language": "es", **HTML}).text
    assert re.search(r"La marca medía \d+ mm² el ", es), es  # said in Spanish, not English


def test_no_card_says_so_links_to_the_card_and_takes_the_size_by_hand(client: TestClient) -> None:
    where = _add(client, f"/checks/{add_check(client)}/photos", synthetic(with_card=False).jpeg)
    page = client.get(where, headers=HTML).text
    assert "No card was found in this photo" in page and 'href="/card"' in page
    assert 'id="outline-form"' not in page
    bad = client.post(
        where.split("?")[0], data={"kind": "by_hand", "longest_mm": "ten"}, headers=HTML
    )
    assert bad.status_code == 422 and "longest size must be a number" in bad.text
    assert "Nothing was changed" in bad.text
    r = client.post(
        where.split("?")[0],
        data={"kind": "by_hand", "longest_mm": "12", "across_mm": "8"},
        headers=HTML,
        follow_redirects=False,
    )
    assert r.status_code == 303
    photo = client.get("/api/v1/export").json()["photos"][0]
    assert photo["measurement"]["source"] == "by_hand" and photo["measurement"]["longest_mm"] == 12


def test_a_traced_outline_from_the_form_and_a_bad_one(client: TestClient) -> None:
    made = synthetic()
    where = _add(client, f"/checks/{add_check(client)}/photos", made.jpeg).split("?")[0]
    bad = client.post(where, data={"kind": "outline", "outline": "1,2;oops"}, headers=HTML)
    assert bad.status_code == 422 and "Point 2 of the outline" in bad.text
    outline = ";".join(f"{x:.1f},{y:.1f}" for x, y in made.outline_px[::8])
    r = client.post(
        where, data={"kind": "outline", "outline": outline}, headers=HTML, follow_redirects=False
    )
    assert r.status_code == 303
    m = client.get("/api/v1/export").json()["photos"][0]["measurement"]
    assert m["source"] == "outline" and abs(m["area_mm2"] - made.area_mm2) / made.area_mm2 < 0.1


def test_the_site_page_plots_the_area_and_says_how_it_changed(client: TestClient) -> None:
    for longest in ("10", "14"):
        where = _add(client, f"/checks/{add_check(client)}/photos", synthetic(with_card=False).jpeg)
        client.post(
            where.split("?")[0], data={"kind": "by_hand", "longest_mm": longest}, headers=HTML
        )
    site = client.get("/sites/forearm_left").text
    assert "The redness is 96% larger than earlier today." in site
    chart = re.search(r'<figure class="area-chart".*?</figure>', site, re.S)
    assert chart is not None and chart.group(0).count('<circle class="pt"') == 2
    assert 'role="img" aria-label="Measured area over time:' in chart.group(0)


def test_a_worker_measures_a_clients_photo_and_it_is_audited(
    db_url: str,
    make_server: Callable[..., ProgramServer],  # noqa: F811
) -> None:
    s = make_server(db_url)
    mine = _server_records(s, "bob", "R-9")
    bob = s.browser("bob")
    cid = mine["cid"]
    page = bob.get(f"/clients/{cid}").text
    where = _add(
        bob,
        f"/clients/{cid}/checks/{mine['checks'][0]}/photos",
        synthetic().jpeg,
        csrf_token=csrf_of(page),
    )
    assert re.fullmatch(rf"/clients/{cid}/photos/\d+/measure\?added=1", where)
    page = bob.get(where).text
    assert "sitecare found the card" in page and "Keep this outline" in page
    r = bob.post(
        where.split("?")[0],
        data={"kind": "auto", "csrf_token": csrf_of(page)},
        headers=HTML,
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/clients/{cid}?photo=measured#photos"
    page = bob.get(f"/clients/{cid}?photo=measured").text
    assert "Measurement kept with the photo" in page and "The mark measured" in page
    audit = s.client.get("/api/v1/audit?limit=200", headers=s.as_("alice")).json()
    assert ("photo.measure", "photo") in {
        (e["action"], e["object_type"]) for e in audit if e["client_id"] == cid
    }


def _chart_dates(page: str) -> list[str]:
    chart = re.search(r'<figure class="area-chart".*?</figure>', page, re.S)
    assert chart is not None
    # the dates under the axis (the scale's numbers on the left have no month)
    return re.findall(r'text-anchor="(?:start|end)">(\d+ [^<\d]+)</text>', chart.group(0))


def test_the_area_charts_dates_follow_the_pages_language(client: TestClient) -> None:
    for longest in ("10", "14"):
        where = _add(client, f"/checks/{add_check(client)}/photos", synthetic(with_card=False).jpeg)
        client.post(
            where.split("?")[0], data={"kind": "by_hand", "longest_mm": longest}, headers=HTML
        )
    english = _chart_dates(client.get("/sites/forearm_left").text)
    spanish_page = client.get("/sites/forearm_left", headers={"Accept-Language": "es"}).text
    spanish = _chart_dates(spanish_page)
    assert len(english) == len(spanish) == 2
    months = dict(zip(ENGLISH_MONTHS, MONTHS_SHORT["es"], strict=True))
    for en, es in zip(english, spanish, strict=True):
        day, month = en.split(" ")
        assert es == f"{day} {months[month]}", (en, es)  # "2 Dec" is "2 dic"
    # each point's title and the chart's label say the day in Spanish too
    assert f"<title>{spanish[0]}: " in spanish_page
    assert f'aria-label="Área medida a lo largo del tiempo: {spanish[0]}: ' in spanish_page
