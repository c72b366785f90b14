"""Pocket's pages: the web app's templates rendered from the in-memory records."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest

from sitecare.views import api

Page = Callable[..., dict[str, Any]]

#: path -> the title the page must have
JOURNEYS = {
    "/": "Home",
    "/log": "Log an injection",
    "/log?region=forearm_left": "Log an injection",
    "/check": "Check a site",
    "/history": "History",
    "/history?days=365": "History",
    "/sites/forearm_left": "Left forearm",
    "/help": "Help",
    "/help/services": "Where to find help: treatment and harm-reduction services",
    "/help/when": "When to get help",
    "/help/marks": "What marks look like, stage by stage",
    "/settings": "Rotation settings",
    "/privacy": "Privacy and your data",
}


def get(view: Page, target: str) -> dict[str, Any]:
    path, _, qs = target.partition("?")
    query = dict(p.split("=", 1) for p in qs.split("&")) if qs else None
    return view(path, query=query)


def assert_whole_page(got: dict[str, Any], title: str) -> None:
    text = got["html"]
    assert got["status"] == 200, (title, text[:2000])
    assert text.startswith("<!doctype html>") and text.rstrip().endswith("</html>")
    assert got["title"] == f"{title} · sitecare"
    assert 'class="emergency-link" href="tel:911">Emergency? Call 911</a>' in text
    # pocket pages: no htmx, pocket's own assets, the personal navigation
    assert "htmx" not in text and "hx-boost" not in text
    assert 'href="/pocket/static/app.css"' in text
    assert '<a href="/history"' in text and '<a href="/check"' in text


def populate(view: Page) -> None:
    view("/log", "POST", form={"region": "forearm_left", "spot": "2", "route": "intravenous"})
    view(
        "/log",
        "POST",
        form={
            "region": "abdomen_upper_left",
            "route": "subcutaneous",
            "medicine": "bolus insulin",
            "note": "after lunch",
            "at": "2026-11-30T12:30",
        },
    )
    view("/settings/presets/bolus", "POST")
    api.pocket().triage.check(
        {"findings": ["pus", "swelling"], "region": "forearm_right"},
        now=api.now_of("2026-11-29T10:00:00+01:00"),
    )


@pytest.mark.parametrize("filled", [False, True], ids=["empty", "populated"])
def test_every_journey_renders(view: Page, filled: bool) -> None:
    if filled:
        populate(view)
    for target, title in JOURNEYS.items():
        assert_whole_page(get(view, target), title)


def test_home_suggests_once_a_route_is_known_and_done_logs_it(view: Page) -> None:
    first = view("/")["html"]
    assert "Or start with a suggestion" in first
    home = view("/", query={"route": "subcutaneous"})["html"]
    assert "Done: I injected there" in home
    region = re.search(r'name="region" value="([^"]+)"', home).group(1)  # type: ignore[union-attr]
    spot = re.search(r'name="spot" value="([^"]+)"', home).group(1)  # type: ignore[union-attr]
    done = view("/log", "POST", form={"region": region, "spot": spot, "route": "subcutaneous"})
    assert done["title"] == "Logged · sitecare" and done["writes"][0]["op"] == "put"
    again = view("/")["html"]
    assert f"spot {spot}" in again and "Nothing logged yet" not in again


def test_a_logged_injection_shows_in_the_history(view: Page) -> None:
    logged = view(
        "/log",
        "POST",
        form={"region": "thigh_front_left", "spot": "3", "route": "subcutaneous", "note": "ok"},
    )
    assert logged["status"] == 200 and "Left front of the thigh, spot 3" in logged["html"]
    [write] = logged["writes"]
    assert write["store"] == "injections" and write["value"]["region"] == "thigh_front_left"
    history = view("/history")["html"]
    assert 'id="timeline"' in history and "Left front of the thigh</a>, spot 3" in history
    assert "1 to 1 of 1" in history
    assert "Injections per day, last 30 days" in history
    assert "Every place you used is ready (1)" in history
    site = view("/sites/thigh_front_left")["html"]
    assert "Spot 3" in site and "resting" in site


def test_a_refused_log_shows_the_form_again(view: Page) -> None:
    got = view("/log", "POST", form={"region": "forearm_left", "spot": "99", "note": "kept"})
    assert got["status"] == 422 and got["writes"] == []
    assert 'role="alert"' in got["html"] and "kept</textarea>" in got["html"]
    unknown = view("/log", query={"region": "nowhere"})
    assert unknown["status"] == 422 and "Please check what you entered" in unknown["html"]


def test_undo_deletes_and_goes_to_the_history(view: Page) -> None:
    logged = view("/log", "POST", form={"region": "forearm_left"})
    ident = logged["writes"][0]["key"]
    assert f'action="/injections/{ident}/delete"' in logged["html"]
    undo = view(f"/injections/{ident}/delete", "POST")
    assert undo["status"] == 303 and undo["location"] == "/history?deleted=1"
    assert undo["writes"] == [{"op": "delete", "store": "injections", "key": ident}]
    assert "Deleted." in view("/history", query={"deleted": "1"})["html"]
    assert view(f"/logged/{ident}")["status"] == 404


def _screen(text: str) -> tuple[str, str] | None:
    asked = re.search(r'name="asked" value="([^"]*)"', text)
    answers = re.search(r'name="answers" value="([^"]*)"', text)
    if asked is None or answers is None:
        return None
    return html.unescape(answers.group(1)), asked.group(1)


def test_the_guided_check_reaches_an_emergency_with_the_call_button(view: Page) -> None:
    start = view("/check", query={"region": "forearm_left"})
    assert "most urgent ones come first" in start["html"]
    answers, asked = _screen(start["html"])  # type: ignore[misc]
    result = view(
        "/check",
        "POST",
        form={
            "answers": answers,
            "asked": asked,
            "region": "forearm_left",
            "danger_now": "spurting",
        },
    )
    text = result["html"]
    assert result["status"] == 200 and result["title"] == "Emergency: call now · sitecare"
    assert '<a class="button call" href="tel:911">Call 911 now</a>' in text
    assert text.index("Do this now") < text.index("While you wait")
    [write] = result["writes"]
    assert write["store"] == "checks" and write["value"]["level"] == "emergency"
    assert write["value"]["blocked"] is True


def test_the_guided_check_reaches_self_care_with_its_safety_net(view: Page) -> None:
    text = view("/check", query={"region": "thigh_front_left"})["html"]
    picks = {"red", "warm"}
    for _ in range(25):
        screen = _screen(text)
        if screen is None:
            break
        answers, asked = screen
        form: dict[str, Any] = {"answers": answers, "asked": asked, "region": "thigh_front_left"}
        for qid in asked.split(","):
            options = re.findall(rf'name="{qid}" value="([^"]+)"', text)
            chosen = [o for o in options if o in picks]
            if chosen:
                form[qid] = chosen
            elif "no" in options and 'type="radio" name="' + qid in text:
                form[qid] = "no"
        got = view("/check", "POST", form=form)
        assert got["status"] == 200, got["html"][:3000]
        text = got["html"]
    assert "Care for it at home and watch it" in text, re.sub(
        r"<svg.*?</svg>", "", text, flags=re.S
    )[-3000:]
    assert "When to get more help" in text
    net = text[text.index('class="safety-net"') :]
    assert "Call 911 now if" in net and "Get care today if" in net
    assert "Saved as a check of Left front of the thigh" in text
    status = view("/sites/thigh_front_left")["html"]
    assert "Checks of this site" in status and "No checks yet" not in status


def test_the_check_back_button_and_a_bad_number(view: Page) -> None:
    first = view(
        "/check",
        "POST",
        form={"answers": "{}", "asked": "what_injected,danger_now", "what_injected": "insulin"},
    )
    assert "Step 2 of about" in first["html"] and 'name="back"' in first["html"]
    answers, _ = _screen(first["html"])  # type: ignore[misc]
    back = view("/check", "POST", form={"answers": answers, "asked": "x", "back": "1"})
    assert re.search(r'value="insulin" checked', back["html"])
    damaged = view("/check", "POST", form={"answers": "[", "asked": ""})
    assert damaged["status"] == 422 and "damaged" in damaged["html"]


def test_settings_save_and_redirect_back_open(view: Page) -> None:
    saved = view(
        "/settings/routes/subcutaneous",
        "POST",
        form={"rest": "12", "regions": ["abdomen_upper_left", "abdomen_upper_right"]},
    )
    assert saved["status"] == 303
    assert (
        saved["location"]
        == "/settings?saved=under%20the%20skin&open=route-subcutaneous#route-subcutaneous"
    )
    keys = {w["key"]: w for w in saved["writes"]}
    assert keys["rotation.rest.subcutaneous"]["value"] == 12.0
    assert set(keys["rotation.regions.subcutaneous"]["value"]) == {
        "abdomen_upper_left",
        "abdomen_upper_right",
    }
    shown = view("/settings", query={"saved": "under the skin", "open": "route-subcutaneous"})
    assert "Saved: under the skin." in shown["html"] and "2 places, 12 days" in shown["html"]
    bad = view("/settings/routes/subcutaneous", "POST", form={"rest": "1000"})
    assert bad["status"] == 422 and bad["writes"] == [] and 'role="alert"' in bad["html"]
    med = view("/settings/medicines", "POST", form={"label": "Semaglutide", "every": "1"})
    assert med["status"] == 303 and "semaglutide" in view("/settings")["html"]
    gone = view("/settings/medicines/remove", "POST", form={"label": "semaglutide"})
    assert gone["status"] == 303 and "Semaglutide" not in view("/settings")["html"]


def test_privacy_export_import_and_erase(view: Page) -> None:
    populate(view)
    privacy = view("/privacy")["html"]
    assert 'data-pocket="export"' in privacy and 'data-pocket="import"' in privacy
    assert "Download (CSV)" not in privacy and "in this browser on this phone" in privacy
    exported = view("/export")["html"]
    assert exported.startswith("{") and '"sitecare-export"' in exported
    erased = view("/erase", "POST", form={"confirm": "yes"})
    assert erased["location"] == "/privacy?erased=1"
    assert [w["op"] for w in erased["writes"]] == ["clear"] * 3
    assert "Nothing logged yet" in view("/")["html"]
    refused = view("/erase", "POST", form={})
    assert refused["status"] == 422 and "Tick the box" in refused["html"]

    imported = view("/import", "POST", form={"file": exported})
    assert imported["status"] == 303 and imported["location"].startswith("/privacy?imported=")
    assert len([w for w in imported["writes"] if w["store"] == "injections"]) == 2
    words = view("/privacy", query={"imported": "2 injections, 1 check, 1 setting"})["html"]
    assert "Imported: 2 injections, 1 check, 1 setting." in words
    again = view("/import", "POST", form={"file": exported})
    assert "already%20here" in again["location"] and again["writes"] == []
    broken = view("/import", "POST", form={"file": exported[:-30]})
    assert broken["status"] == 422 and broken["writes"] == []
    assert "The JSON file is damaged" in broken["html"] and "Nothing was changed." in broken["html"]


def test_unknown_pages_and_bad_parameters(view: Page) -> None:
    for path, method, query in [
        ("/nothing", "GET", None),
        ("/sites/nowhere", "GET", None),
        ("/help/nothing", "GET", None),
        ("/logged/abc", "GET", None),
        ("/injections/5/delete", "POST", None),
        ("/settings/routes/oral", "POST", None),
        ("/log", "DELETE", None),
    ]:
        got = view(path, method, query=query)
        assert got["status"] == 404 and "Not found" in got["html"], path
    for path, query in [
        ("/history", {"days": "0"}),
        ("/history", {"days": "many"}),
        ("/", {"route": "oral"}),
        ("/", {"medicine": "x" * 201}),
    ]:
        got = view(path, query=query)
        assert got["status"] == 422 and 'role="alert"' in got["html"], (path, query)


def test_the_web_app_renders_the_same_templates_unchanged() -> None:
    """The pocket flag only changes pocket pages: the web app's base has htmx and its paths."""
    from sitecare.views.pages import default_templates

    base = (default_templates() / "base.html").read_text("utf-8")
    assert "{% if pocket is not defined %}" in base and "hx-boost" in base
