"""sitecare check: a case file or the guided questions, stored against the site when given."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sitecare.cli.app import app

ABSCESS = {
    "route": "skin_popping",
    "days_present": 3,
    "findings": ["fluctuant_lump", "redness", "warmth"],
    "lump_diameter_cm": 7,
    "context": ["injects_drugs"],
}


def run(url: str, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), input=input, env={"SITECARE_DATABASE_URL": url})


def test_check_a_case_file_as_json_and_store_it(sqlite_url: str, tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps({**ABSCESS, "region": "forearm_left"}))
    res = run(sqlite_url, "check", "--input", str(case), "--json")
    assert res.exit_code == 0, res.output
    a = json.loads(res.stdout)
    assert a["level"] == "urgent"
    assert a["conditions"][0]["id"] == "abscess"
    assert a["rest_site_days"] is None and a["stored"] is True
    export = json.loads(run(sqlite_url, "export").stdout)
    (check,) = export["observations"]
    assert check["region"] == "forearm_left" and check["blocked"] is True


def test_check_from_stdin_human_output(sqlite_url: str) -> None:
    res = run(sqlite_url, "check", "--input", "-", input=json.dumps(ABSCESS))
    assert res.exit_code == 0
    assert "See a clinician today" in res.stdout
    assert "Not saved" in res.stdout


def test_emergency_headline_names_the_number(sqlite_url: str) -> None:
    case = {
        "findings": ["burning_pain_on_injection", "blue_or_mottled_limb"],
        "route": "intravenous",
    }
    res = run(sqlite_url, "check", "--input", "-", "--json", input=json.dumps(case))
    a = json.loads(res.stdout)
    assert a["level"] == "emergency"
    assert a["advice"][0].startswith("Call 911")


def test_the_emergency_number_is_configurable(sqlite_url: str) -> None:
    res = CliRunner().invoke(
        app,
        ["check", "--input", "-", "--json"],
        input=json.dumps({"findings": ["spurting_blood"]}),
        env={"SITECARE_DATABASE_URL": sqlite_url, "SITECARE_EMERGENCY_NUMBER": "112"},
    )
    assert json.loads(res.stdout)["advice"][0].startswith("Call 112")


def test_unknown_ids_and_ranges_are_refused_with_suggestions(sqlite_url: str) -> None:
    res = run(sqlite_url, "check", "--input", "-", input='{"findings": ["pulsing_lump"]}')
    assert res.exit_code == 2 and "pulsating_lump" in res.stderr
    res = run(
        sqlite_url, "check", "--input", "-", input='{"findings": [], "context": ["diabetic"]}'
    )
    assert res.exit_code == 2 and "diabetes" in res.stderr
    res = run(
        sqlite_url, "check", "--input", "-", input='{"findings": [], "vitals": {"heart_rate": 400}}'
    )
    assert res.exit_code == 2 and "vitals.heart_rate" in res.stderr
    res = run(sqlite_url, "check", "--input", "-", input="{broken")
    assert res.exit_code == 2 and "not valid JSON" in res.stderr
    res = run(
        sqlite_url, "check", "--input", "-", "--region", "forarm_left", input='{"findings": []}'
    )
    assert res.exit_code == 2 and "forearm_left" in res.stderr
    assert json.loads(run(sqlite_url, "export").stdout)["observations"] == []


def test_guided_check_stops_at_the_first_red_flag(sqlite_url: str) -> None:
    # screen 1: what was injected (Enter: rather not say), happening now: none;
    # screen 2 (the limb beyond the site): 2 = blue or blotchy
    res = run(sqlite_url, "check", "--region", "forearm_left", input="\n0\n2\n")
    assert res.exit_code == 0, res.output
    assert res.stdout.count("Tick all that fit") == 2, "no more questions after a red flag"
    assert res.stdout.count("CALL NOW") == 1, "the CALL NOW box prints once"
    box = res.stdout.index("CALL NOW")
    (line,) = [x for x in res.stdout.splitlines() if "CALL NOW" in x]
    assert line.startswith("╭"), "the box starts on its own line, not after a prompt"
    assert box < res.stdout.index("While you wait"), "before anything else"
    assert "Saved as check" in res.stdout


def _prompts_when_nothing_is_wrong() -> int:
    """How many questions the guided check asks when every answer is 'none' or skipped."""
    from sitecare.domain.triage.questionnaire import next_step

    answers: dict[str, object] = {}
    while (step := next_step(answers)).kind == "ask":
        for q in step.screen:
            unsure = next((o.id for o in q.options if o.id in ("not_sure", "not_say")), None)
            answers[q.id] = {"checklist": [], "number": None, "yes_no": False}.get(q.kind, unsure)
    return len(answers)


def test_guided_check_asks_for_the_site_at_the_end(sqlite_url: str) -> None:
    answers = "\n" * _prompts_when_nothing_is_wrong()
    # the last answers: a typo first (refused with a suggestion), then the site
    res = run(sqlite_url, "check", "--json", input=answers + "forarm_left\nforearm_left\n")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["stored"] is True
    assert "Did you mean forearm_left" in res.stderr


def test_guided_check_to_the_end(sqlite_url: str) -> None:
    answers = "\n".join(["0"] * 4 + [""] * 60) + "\n"
    res = run(sqlite_url, "check", "--json", input=answers)
    assert res.exit_code == 0, res.output
    a = json.loads(res.stdout)
    assert a["level"] in ("routine", "self_care")


def test_guided_check_goes_back_with_b(sqlite_url: str) -> None:
    # what was injected: 6 (a drug); happening now: b (back); what was injected again: 1
    # (insulin); happening now: 4 (new confusion) -> stops, tailored to insulin
    res = run(sqlite_url, "check", "--json", input="6\nb\n1\n4\n")
    assert res.exit_code == 0, res.output
    assert res.stderr.count("What was injected at this site?") == 2
    a = json.loads(res.stdout)
    assert a["conditions"][0]["id"] == "hypoglycemia"
    assert any("sugar" in line for line in a["do_now"])
    assert "Step 1 of about" in res.stderr


def test_guided_check_reads_a_temperature_in_fahrenheit(sqlite_url: str) -> None:
    from sitecare.domain.triage.questionnaire import next_step

    answers: dict[str, object] = {}
    lines: list[str] = []
    while (step := next_step(answers)).kind == "ask":
        q = step.screen[0]
        if q.id == "temperature_c":
            answers[q.id], typed = 38.5, "101.3F"
        else:
            unsure = next((o.id for o in q.options if o.id in ("not_sure", "not_say")), None)
            answers[q.id] = {"checklist": [], "number": None}.get(q.kind, unsure)
            typed = ""
        lines.append(typed)
    res = run(sqlite_url, "check", "--json", input="\n".join(lines) + "\n\n")
    assert res.exit_code == 0, res.output
    assert "°C or °F" in res.stderr and "(number" not in res.stderr
    # 101.3 °F is 38.5 °C: one NEWS2 point (38.1-39.0)
    assert json.loads(res.stdout)["scores"]["news2"]["points"]["temperature_c"] == 1


def test_a_bad_region_is_refused_before_the_first_question(sqlite_url: str) -> None:
    res = run(sqlite_url, "check", "--region", "elbow", input="")
    assert res.exit_code == 2
    assert "antecubital_fossa_left" in res.stderr and "antecubital_fossa_right" in res.stderr
    assert "What was injected" not in res.stdout + res.stderr
    res = run(sqlite_url, "check", "--region", "forearm_left", "--spot", "99", input="")
    assert res.exit_code == 2 and "spot" in res.stderr


def test_region_words_work_for_check(sqlite_url: str) -> None:
    res = run(
        sqlite_url,
        "check",
        "--input",
        "-",
        "--region",
        "left inner elbow",
        "--json",
        input='{"findings": ["puncture_mark"]}',
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["region"] == "antecubital_fossa_left"


def test_the_site_asked_at_the_end_is_asked_again_until_it_is_valid(sqlite_url: str) -> None:
    answers = "\n" * _prompts_when_nothing_is_wrong()
    res = run(sqlite_url, "check", "--json", input=answers + "belly\nlower left belly\n")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["region"] == "abdomen_lower_left"
    assert "abdomen_upper_right" in res.stderr, "every quarter is suggested for 'belly'"


def test_the_result_shows_do_now_first_and_the_whole_safety_net(sqlite_url: str) -> None:
    case = {"findings": ["fluctuant_lump", "redness", "warmth"], "lump_diameter_cm": 3}
    res = run(sqlite_url, "check", "--input", "-", input=json.dumps(case))
    assert res.exit_code == 0, res.output
    text = res.stdout
    assert text.index("Do this now") < text.index("When to get more help")
    assert "Call 911 now if:" in text and "Get care today if:" in text
    a = json.loads(
        run(sqlite_url, "check", "--input", "-", "--json", input=json.dumps(case)).stdout
    )
    flat = " ".join(text.replace("│", " ").split())
    for g in a["safety_net_groups"]:
        for item in g["items"]:
            assert " ".join(item.split()) in flat, item


def test_guided_check_with_no_answers_stops_plainly(sqlite_url: str) -> None:
    res = run(sqlite_url, "check", input="")
    assert res.exit_code == 2
    assert "No answer was given" in res.stderr
