"""Following a site through every front end: ``sitecare due``, the JSON API, the pages (no
JavaScript: plain HTML over the real app) and the worker's client page on a program server."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.server.conftest import RIVERSIDE, ProgramServer, open_client, server_settings
from typer.testing import CliRunner

from sitecare.cli.app import app
from sitecare.services.app import Sitecare
from sitecare.services.who import Who

REDNESS = {"region": "forearm_left", "findings": ["redness"], "redness_diameter_cm": 2}


def run(url: str, *args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"SITECARE_DATABASE_URL": url})


def _now() -> datetime:
    return datetime.now().astimezone()


def backdated(sc: Any, case: dict[str, Any], hours: float) -> Any:
    """A check made ``hours`` ago (its re-check may be due by now)."""
    return sc.triage.check(case, now=_now() - timedelta(hours=hours))


# -- the command line --------------------------------------------------------------------------


def test_due_command_text_and_json(sqlite_url: str, tmp_path: Path) -> None:
    assert "No site is due" in run(sqlite_url, "due").stdout
    case = tmp_path / "case.json"
    case.write_text(json.dumps(REDNESS))
    stored = run(sqlite_url, "check", "--input", str(case), "--at", "6 hours ago")
    assert stored.exit_code == 0, stored.output
    assert "Look at it again by" in stored.stdout
    res = run(sqlite_url, "due")
    assert res.exit_code == 0, res.output
    assert "Left forearm (forearm_left): overdue since" in res.stdout
    assert "sitecare check --region forearm_left" in res.stdout
    [item] = json.loads(run(sqlite_url, "due", "--json").stdout)
    assert item["region"] == "forearm_left" and item["level"] == "self_care"
    assert item["overdue"] is True and "pen" in item["why"]
    assert json.loads(run(sqlite_url, "due", "--at", "7 hours ago", "--json").stdout) == []


def test_due_refuses_a_bad_time(sqlite_url: str) -> None:
    res = run(sqlite_url, "due", "--at", "next blursday")
    assert res.exit_code == 2 and "Cannot read the time" in res.stderr


def test_a_worse_recheck_on_the_command_line_names_the_change(
    sqlite_url: str, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(REDNESS))
    second.write_text(json.dumps(REDNESS | {"redness_diameter_cm": 3}))
    run(sqlite_url, "check", "--input", str(first), "--at", "1 day ago")
    res = run(sqlite_url, "check", "--input", str(second))
    assert res.exit_code == 0, res.output
    assert "Worse than yesterday: the redness grew from 2 cm to 3 cm" in res.stdout
    assert "more urgent now" in res.stdout
    out = json.loads(run(sqlite_url, "check", "--input", str(second), "--json").stdout)
    # the same size a day later: no better, so the raise stands
    assert out["course"]["case"] == "same" and out["level"] == "soon"
    assert out["course"]["engine_level"] == "self_care"


# -- the JSON API ------------------------------------------------------------------------------


def test_api_due_course_and_the_check_answer(client: TestClient) -> None:
    created = client.post("/api/v1/checks", json=REDNESS)
    assert created.status_code == 201
    body = created.json()
    assert body["recheck"]["rule"] == "RC-CELLULITIS" and "course" not in body
    assert client.get("/api/v1/due").json() == []
    ahead = (_now() + timedelta(hours=5)).isoformat()
    [due] = client.get("/api/v1/due", params={"at": ahead}).json()
    assert due["region"] == "forearm_left" and due["check_id"] == body["check_id"]
    again = client.post("/api/v1/checks", json=REDNESS | {"redness_diameter_cm": 6}).json()
    assert again["course"]["case"] == "much_worse" and again["level"] == "urgent"
    assert again["course"]["raised_to"] == "urgent"
    course = client.get("/api/v1/sites/forearm_left/course").json()
    assert [e["case"] for e in course["entries"]] == [None, "much_worse"]
    assert course["entries"][1]["sizes"] == {"redness_diameter_cm": 6.0}
    assert course["expected"]["condition"] == "cellulitis"


def test_api_refuses_bad_input_naming_the_field(client: TestClient) -> None:
    bad = client.get("/api/v1/due", params={"at": "soon"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "at"]
    assert client.get("/api/v1/sites/nowhere/course").status_code == 404


def test_openapi_describes_the_answers(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    due = doc["paths"]["/api/v1/due"]["get"]["responses"]["200"]["content"]["application/json"]
    assert due["schema"]["items"]["$ref"].endswith("/DueOut")
    check = doc["paths"]["/api/v1/checks"]["post"]["responses"]["201"]["content"]
    assert check["application/json"]["schema"]["$ref"].endswith("/CheckAnswer")
    schemas = doc["components"]["schemas"]
    assert {"recheck", "course"} <= set(schemas["CheckAnswer"]["properties"])
    assert set(schemas["CourseOut"]["properties"]["case"]["enum"]) == {
        "better",
        "same",
        "worse",
        "much_worse",
        "healed",
    }
    assert "/api/v1/sites/{region}/course" in doc["paths"]


# -- the pages, without JavaScript -------------------------------------------------------------


def test_home_shows_due_rechecks_first_and_check_again_preselects_the_site(
    client: TestClient, db_url: str, open_services: Any
) -> None:
    backdated(open_services(db_url), REDNESS, hours=6)
    home = client.get("/").text
    assert 'id="due"' in home and "Time to look again" in home
    assert home.index('id="due"') < home.index("Log an injection")
    assert 'href="/check?region=forearm_left"' in home and "overdue" in home
    start = client.get("/check?region=forearm_left")
    assert start.status_code == 200
    assert '<option value="forearm_left" selected>' in start.text


def test_site_page_shows_the_course_and_slower_than_expected(
    client: TestClient, db_url: str, open_services: Any
) -> None:
    sc = open_services(db_url)
    bruise = {"region": "forearm_left", "findings": ["bruise"]}
    backdated(sc, bruise, hours=24 * 12)
    backdated(sc, bruise, hours=1)
    page = client.get("/sites/forearm_left").text
    assert "Healing course" in page and 'id="course-checks"' in page
    assert "Healing is slower than expected" in page and "3 weeks" in page
    assert "About the same as" in page
    assert ">Check again<" in page or "Check it again" in page
    assert page.count("<li>") >= 2


def test_the_check_result_names_the_course_and_when_to_look_again(
    client: TestClient, db_url: str, open_services: Any
) -> None:
    from sitecare.views.context import Advance, check_result_context

    sc = open_services(db_url)
    backdated(sc, REDNESS, hours=24)
    result = sc.triage.check(REDNESS | {"redness_diameter_cm": 3}, now=_now())
    step = sc.triage.next_step({})
    got = Advance(step, {}, "forearm_left")
    context = check_result_context(sc, got, result)
    assert context["recheck_words"].startswith("tomorrow at")
    from sitecare.web.pages.render import templates

    html = templates.get_template("check_result.html").render(**context)
    assert "Worse than yesterday: the redness grew from 2 cm to 3 cm" in html
    assert "Look at it again tomorrow at" in html


# -- the program server: the worker's client page ----------------------------------------------


def test_the_workers_client_page_shows_due_rechecks_and_the_course(
    server: ProgramServer,
) -> None:
    bob = server.browser("bob")
    client_url = open_client(bob, "rx 9")
    settings = server_settings(server.url, server.tmp_path)
    with Sitecare(settings, who=Who(program=RIVERSIDE, person="RX 9")) as sc:
        backdated(sc, REDNESS, hours=60)
        backdated(sc, REDNESS | {"redness_diameter_cm": 4}, hours=30)  # looked at again in 24 h
    html = bob.get(client_url).text
    assert "Time to look again" in html
    assert f'href="{client_url}/check?region=forearm_left"' in html
    assert "Wounds being followed" in html and "Healing course" in html
    assert "the redness grew from 2 cm to 4 cm" in html
    # another program's worker sees none of it
    dave = server.browser("dave")
    assert dave.get(client_url).status_code == 404


def test_the_client_api_has_due_and_course_in_the_program_only(server: ProgramServer) -> None:
    bob = server.as_("bob")
    made = server.client.post("/api/v1/clients", json={"code": "RX 10"}, headers=bob).json()
    base = f"/api/v1/clients/{made['id']}"
    settings = server_settings(server.url, server.tmp_path)
    with Sitecare(settings, who=Who(program=RIVERSIDE, person="RX 10")) as sc:
        backdated(sc, REDNESS, hours=6)
    got = server.client.get(base + "/due", headers=bob)
    assert got.status_code == 200, got.text
    [due] = got.json()
    assert due["region"] == "forearm_left" and due["overdue"] is True
    course = server.client.get(base + "/sites/forearm_left/course", headers=bob).json()
    assert len(course["entries"]) == 1 and course["next_recheck"]["rule"] == "RC-CELLULITIS"
    assert server.client.get(base + "/due", headers=server.as_("dave")).status_code == 404
    audit = server.client.get("/api/v1/audit", headers=server.as_("alice"))
    assert audit.status_code == 200, audit.text
    assert "due.list" in audit.text and "course.read" in audit.text
