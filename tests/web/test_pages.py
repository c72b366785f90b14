"""Pages rendered by the real app: the core flows work with plain forms (no JavaScript)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

HTML = {"accept": "text/html"}
#: what telling someone to run a command looks like
COMMAND = re.compile(r"sitecare (log|next|settings|sites|check|history|export|import|erase)|Run '")


def test_every_page_renders(client: TestClient) -> None:
    for path in (
        "/",
        "/log",
        "/log?region=forearm_left",
        "/history",
        "/history?days=90",
        "/sites/forearm_left",
        "/help",
        "/privacy",
    ):
        res = client.get(path, headers=HTML)
        assert res.status_code == 200, path
        assert "<main" in res.text and "Call 911" in res.text
    for topic in ("marks", "why", "prevent", "care", "when", "someone", "services"):
        assert client.get(f"/help/{topic}", headers=HTML).status_code == 200


def test_every_region_is_a_labelled_link_one_tap_into_a_body_part(client: TestClient) -> None:
    from sitecare.domain.atlas import load_atlas

    html = client.get("/", headers=HTML).text
    parts = re.findall(r'<a href="/\?part=(\w+)" aria-label="([^"]+)"', html)
    assert {p for p, _ in parts} >= {"arm_left", "arm_right", "belly", "thighs", "head"}
    assert all(label.endswith("open to choose a place") for _, label in parts)
    assert "Choose from a list instead" in html
    seen: set[str] = set()
    for part, _ in parts:
        zoomed = client.get(f"/?part={part}", headers=HTML)
        assert zoomed.status_code == 200 and "Whole body" in zoomed.text
        links = re.findall(
            r'<a href="/log\?region=(\w+)" aria-label="([^"]+)" class="target place"', zoomed.text
        )
        assert links and all(label for _, label in links)
        seen |= {rid for rid, _ in links}
    assert seen == set(load_atlas().ids)
    # an unknown part shows the whole body
    assert "Whole body" not in client.get("/?part=nowhere", headers=HTML).text


def test_log_without_javascript(client: TestClient) -> None:
    res = client.post(
        "/log",
        data={
            "region": "forearm_left",
            "spot": "3",
            "route": "intravenous",
            "at": "2026-11-22T08:00",
        },
        headers=HTML,
    )
    assert res.status_code == 200
    assert "Left forearm, spot 3" in res.text
    history = client.get("/history?days=3650", headers=HTML).text
    assert "Left forearm" in history
    site = client.get("/sites/forearm_left", headers=HTML).text
    assert "Spot 3" in site


def test_log_form_errors_are_shown_in_place(client: TestClient) -> None:
    res = client.post("/log", data={"region": "forearm_left", "at": "whenever"}, headers=HTML)
    assert res.status_code == 422
    assert "ISO 8601" in res.text
    res = client.post("/log", data={"region": "forarm_left"}, headers=HTML)
    assert res.status_code == 422 and "forearm_left" in res.text


def test_unknown_pages_answer_404(client: TestClient) -> None:
    assert client.get("/sites/nowhere", headers=HTML).status_code == 404
    assert client.get("/help/nothing", headers=HTML).status_code == 404
    assert client.get("/logged/999", headers=HTML).status_code == 404


def test_undo_from_the_logged_page(client: TestClient) -> None:
    client.post("/log", data={"region": "forearm_right"})
    injection_id = client.get("/api/v1/injections").json()[0]["id"]
    undo = client.post(f"/injections/{injection_id}/delete", follow_redirects=False)
    assert undo.status_code == 303
    assert client.get("/api/v1/injections").json() == []


def test_services_page_uses_a_programs_own_list(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sitecare.config import Settings
    from sitecare.web.app import create_app

    own = tmp_path / "resources.yaml"
    own.write_text(
        "- name: Riverside Outreach\n  what: Wound care on Tuesdays.\n  phone: '555 0100'\n"
    )
    app = create_app(Settings(database_url=db_url, data_dir=tmp_path, resources_file=str(own)))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        text = c.get("/help/services", headers=HTML).text
    assert "Riverside Outreach" in text and "SAMHSA" not in text


def test_guided_check_without_javascript_stops_at_a_red_flag(client: TestClient) -> None:
    start = client.get("/check?region=forearm_left", headers=HTML)
    assert start.status_code == 200 and "most urgent ones come first" in start.text
    assert "Step 1 of about" in start.text
    asked = re.search(r'name="asked" value="([^"]+)"', start.text).group(1)  # type: ignore[union-attr]
    res = client.post(
        "/check",
        data={
            "answers": "{}",
            "asked": asked,
            "region": "forearm_left",
            "danger_now": "spurting",
        },
        headers=HTML,
    )
    assert res.status_code == 200
    assert "Emergency: call now" in res.text
    assert 'href="tel:911"' in res.text
    assert client.get("/api/v1/checks").json()[0]["level"] == "emergency"


def test_guided_check_walks_every_screen(client: TestClient) -> None:
    answers, page = "{}", client.get("/check", headers=HTML).text
    for _ in range(20):
        asked = re.search(r'name="asked" value="([^"]*)"', page)
        if asked is None:
            break
        answers = re.search(r'name="answers" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]
        import html as _html

        page = client.post(
            "/check",
            data={"answers": _html.unescape(answers), "asked": asked.group(1)},
            headers=HTML,
        ).text
    assert "Do this now" in page and "When to get more help" in page
    assert "Not saved" not in page


def test_guided_check_back_button_shows_the_last_screen_again(client: TestClient) -> None:
    first = client.post(
        "/check",
        data={"answers": "{}", "asked": "what_injected,danger_now", "what_injected": "insulin"},
        headers=HTML,
    )
    assert "Beyond the site" in first.text and "Step 2 of about" in first.text
    assert 'name="back"' in first.text
    import html as _html

    answers = _html.unescape(re.search(r'name="answers" value="([^"]*)"', first.text).group(1))  # type: ignore[union-attr]
    back = client.post(
        "/check", data={"answers": answers, "asked": "danger_limb", "back": "1"}, headers=HTML
    )
    assert back.status_code == 200
    assert "Is any of this happening right now?" in back.text
    assert re.search(r'value="insulin" checked', back.text), "the answer is shown again"
    assert "Step 1 of about" in back.text


def test_the_check_result_shows_do_now_first_and_the_safety_net_box(client: TestClient) -> None:
    res = client.post(
        "/check",
        data={
            "answers": "{}",
            "asked": "what_injected,danger_now",
            "what_injected": "insulin",
            "danger_now": "confused",
        },
        headers=HTML,
    )
    page = res.text
    assert "Emergency: call now" in page and "!!!Emergency" not in page
    assert page.index("Do this now") < page.index("While you wait") < page.index("<h2>Most likely")
    assert "Take sugar now if you can swallow" in page


def test_a_temperature_in_fahrenheit_from_the_form(client: TestClient) -> None:
    from starlette.datastructures import FormData

    from sitecare.domain.triage.questionnaire import load_questions
    from sitecare.web.pages.check import _read_answer

    q = {q.id: q for q in load_questions()}["temperature_c"]
    assert (
        _read_answer(q, FormData({"temperature_c": "101.3", "temperature_c__unit": "°F"})) == 38.5
    )
    assert _read_answer(q, FormData({"temperature_c": "38.5", "temperature_c__unit": "°C"})) == 38.5
    assert _read_answer(q, FormData({"temperature_c": ""})) is None


def test_home_shows_a_suggestion_once_a_route_is_known(client: TestClient) -> None:
    page = client.get("/", headers=HTML).text
    assert "Tap where you injected to log it" in page and "start with a suggestion" in page
    page = client.get("/?route=subcutaneous", headers=HTML).text
    assert "Next:" in page and "Done: I injected there" in page


def test_download_and_erase_from_the_privacy_page(client: TestClient) -> None:
    client.post("/api/v1/injections", json={"region": "forearm_left", "note": "mine"})
    page = client.get("/privacy", headers=HTML).text
    assert "Download (JSON)" in page and "Erase everything" in page
    download = client.get("/export?format=json")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    assert download.json()["injections"][0]["note"] == "mine"
    assert client.get("/export?format=csv").text.startswith("record,")
    refused = client.post("/erase", data={}, headers=HTML)
    assert refused.status_code == 422
    assert len(client.get("/api/v1/injections").json()) == 1
    done = client.post("/erase", data={"confirm": "yes"}, headers=HTML)
    assert done.status_code == 200 and "Everything was erased" in done.text
    assert client.get("/api/v1/injections").json() == []


def test_log_form_warns_about_a_resting_spot_and_preselects_a_rested_one(
    client: TestClient,
) -> None:
    client.post("/api/v1/injections", json={"region": "forearm_left", "spot": "1"})
    warned = client.get("/log?region=forearm_left&spot=1&route=intravenous", headers=HTML).text
    assert "still resting" in warned
    page = client.get("/log?region=forearm_left", headers=HTML).text
    checked = re.search(r'name="spot" value="(\d+)" checked', page)
    # along a vein the next spot is the one just nearer the heart (F5.13)
    assert checked is not None and checked.group(1) == "2"
    blocked = client.post("/api/v1/checks", json={"findings": ["pus"], "region": "forearm_right"})
    assert blocked.status_code == 201
    assert "blocked" in client.get("/log?region=forearm_right", headers=HTML).text


def test_rotation_settings_from_the_web_with_checklists_and_numbers(client: TestClient) -> None:
    page = client.get("/settings", headers=HTML)
    assert page.status_code == 200
    assert 'name="rest"' in page.text and 'placeholder="28"' in page.text  # the default shown
    assert not COMMAND.search(page.text)  # web pages never tell anyone to run a command
    # one tap: bolus insulin in the belly; basal insulin in the thighs
    saved = client.post("/settings/presets/bolus", follow_redirects=False)
    assert saved.status_code == 303
    client.post("/settings/presets/basal")
    shown = client.get("/settings", headers=HTML).text
    assert "bolus insulin: 4 places" in shown and "basal insulin: 2 places" in shown
    bolus = client.get(
        "/api/v1/suggestion", params={"medicine": "Bolus Insulin", "route": "subcutaneous"}
    ).json()
    assert bolus["region"].startswith("abdomen_")
    basal = client.get("/api/v1/suggestion", params={"medicine": "basal insulin"}).json()
    assert basal["region"].startswith("thigh_front_") and basal["route"] == "subcutaneous"
    # places and rest for a route, from ticks and a number
    res = client.post(
        "/settings/routes/subcutaneous",
        data={"rest": "21", "regions": ["thigh_front_left", "thigh_front_right"]},
        follow_redirects=False,
    )
    assert res.status_code == 303
    settings = client.get("/settings", headers=HTML).text
    assert 'value="21"' in settings and "Under the skin: 2 places, 21 days" in settings
    # plain errors, nothing stored, no commands
    for data, words in (
        ({"rest": "-3", "regions": ["thigh_front_left"]}, "Rest days must be a number"),
        ({"rest": "", "regions": []}, "Tick at least one place"),
        ({"rest": "", "regions": ["neck_left"]}, "is not a place for"),
    ):
        bad = client.post("/settings/routes/subcutaneous", data=data, headers=HTML)
        assert bad.status_code == 422 and words in bad.text
        assert not COMMAND.search(bad.text)
    assert client.get("/settings", headers=HTML).text.count('value="21"') == 1
    # every place ticked again: back to the default (no setting kept)
    from sitecare.domain.atlas import load_atlas
    from sitecare.domain.rotation_settings import usable_regions

    every = usable_regions(load_atlas(), "subcutaneous")
    assert set(every) <= set(re.findall(r'name="regions" value="(\w+)"', settings))
    client.post("/settings/routes/subcutaneous", data={"rest": "", "regions": every})
    assert "Under the skin: every place, 28 days" in client.get("/settings", headers=HTML).text
    # a medicine of one's own, and removing it
    client.post("/settings/medicines", data={"label": "  Semaglutide ", "every": "1"})
    assert "semaglutide: every place" in client.get("/settings", headers=HTML).text
    client.post("/settings/medicines/remove", data={"label": "semaglutide"})
    assert "semaglutide:" not in client.get("/settings", headers=HTML).text
    assert client.post("/settings/medicines", data={"label": " "}, headers=HTML).status_code == 422
    client.post("/settings/route", data={"route": "intravenous"})
    assert client.get("/api/v1/suggestion").json()["route"] == "intravenous"


def test_a_resting_site_leads_to_a_site_that_is_ready(client: TestClient) -> None:
    """A resting site's page does not lead with 'log an injection here' (a new-user review):
    its first button goes to the suggestion; logging there stays possible, second."""
    fresh = client.get("/sites/forearm_left", headers=HTML).text
    assert re.search(r'<a class="button" href="/log\?region=forearm_left">', fresh)
    client.post("/api/v1/injections", json={"region": "forearm_left"})
    page = client.get("/sites/forearm_left", headers=HTML).text
    assert 'class="badge resting"' in page
    buttons = re.findall(r'<a class="button( secondary)?" href="([^"]+)">([^<]+)</a>', page)
    assert buttons[0] == ("", "/#next-h", "See a site that is ready")
    assert ("secondary", "/log?region=forearm_left", "Log an injection here") in [
        (b[0].strip(), b[1], b[2]) for b in buttons
    ]


def test_one_of_a_thing_is_said_in_the_singular(client: TestClient) -> None:
    """'1 injections' and 'rest 1 days' read as a machine's words, in English and in Spanish."""
    client.post("/api/v1/injections", json={"region": "forearm_left"})
    english = client.get("/history", headers=HTML).text
    assert "1 injection in the last" in english and "1 injections" not in english
    spanish = client.get("/history", headers=HTML | {"accept-language": "es"}).text
    assert "1 inyección en los últimos" in spanish and "1 inyecciones" not in spanish


def test_a_course_one_day_old_says_a_day() -> None:
    from tests.course_entries import course as made_course

    from sitecare.domain.messages import gettext_for
    from sitecare.web.pages.render import templates

    course = made_course(rest_days=1.0, days=1.2)
    said = {}
    for lang in ("en", "es"):
        tpl = templates.env.get_template("_course.html")
        said[lang] = tpl.render(course=course, _=gettext_for(lang), lang=lang).replace("\n", " ")
    assert "It has been about a day." in said["en"] and "rest 1 day" in said["en"]
    assert "1 days" not in said["en"]
    assert "Ha pasado más o menos un día." in said["es"] and "descanso de 1 día" in said["es"]
