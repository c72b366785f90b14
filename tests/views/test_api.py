"""``sitecare.views.api.dispatch`` answers what the services answer, and its writes are enough
to rebuild the state (what the JS side does from IndexedDB)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sitecare.domain.errors import InvalidInput
from sitecare.services.triage import Triage
from sitecare.services.triage_input import validate_case
from sitecare.services.who import Who
from sitecare.views import api

from .conftest import NOW, Call

TESTS = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared/triage/examples.jsonl")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def every_case() -> list[tuple[str, dict[str, Any]]]:
    """Every triage case in the repository (examples, own and blind sets, rule cases)."""
    import yaml

    out: list[tuple[str, dict[str, Any]]] = []
    files = sorted((TESTS / "triage").glob("*.jsonl"))
    if SHARED.exists():
        files.append(SHARED)
    for path in files:
        for item in _jsonl(path):
            out.append((f"{path.name}:{item.get('id')}", item["case"]))
    for path in sorted((TESTS / "triage" / "rule_cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for item in data.get("cases", []):
            out.append((f"{path.name}:{item.get('name')}", item["case"]))
    return out


CASES = every_case()


def test_there_are_many_cases() -> None:
    assert len(CASES) > 300


def test_assess_gives_the_services_answer_for_every_case(ok: Callable[..., Any]) -> None:
    triage = Triage(db=None)  # type: ignore[arg-type]  # assessing touches no database
    for name, case in CASES:
        want = json.loads(json.dumps(triage.assess(case)))
        assert ok("assess", case) == want, name


BAD_CASES: list[Any] = [
    {},
    [],
    "redness",
    {"findings": "redness"},
    {"findings": ["redness", "warmt"]},
    {"findings": ["redness", "redness"]},
    {"findings": [], "colour": "red"},
    {"findings": [], "vitals": {"temperature_c": 50}},
    {"findings": [], "vitals": {"temperature_c": "hot"}},
    {"findings": [], "vitals": {"heart": 90}},
    {"findings": [], "vitals": {"altered_mental_status": 1}},
    {"findings": [], "route": "oral"},
    {"findings": [], "hours_since_injection": -1},
    {"findings": [], "hours_since_injection": True},
    {"findings": [], "redness_trend": "up"},
    {"findings": [], "context": ["injects_drug"], "region": 3},
    {"findings": [1, "pus", "nope"]},
    {"findings": ["pus"], "vitals": {"spo2": 20, "heart_rate": 400}, "extra": 1},
    {"findings": ["pus"], "days_present": "two"},
]


@pytest.mark.parametrize("case", BAD_CASES, ids=range(len(BAD_CASES)))
def test_a_bad_case_gets_the_services_message(call: Call, case: Any) -> None:
    with pytest.raises(InvalidInput) as want:
        if not isinstance(case, dict):
            Triage(db=None).assess(case)  # type: ignore[arg-type]
        validate_case(case)
    reply = call("assess", case)
    assert not reply["ok"] and "Traceback" not in json.dumps(reply)
    err = reply["error"]
    assert err["message"] == want.value.message
    assert err.get("field") == want.value.field
    assert err.get("suggestions", []) == list(want.value.suggestions)
    assert err["status"] == 422


def test_an_unknown_region_in_a_case_is_refused_with_a_suggestion(call: Call) -> None:
    reply = call("assess", {"findings": ["pus"], "region": "forarm_left"})
    assert not reply["ok"] and reply["error"]["field"] == "region"


# -- the same records in pocket and on a SQLite file -------------------------------------------

BASE = datetime.fromisoformat("2026-11-01T08:00:00+01:00")

#: (hours after BASE, region, spot, route, medicine)
LOGS = [
    (0, "abdomen_upper_left", "1", "subcutaneous", "bolus insulin"),
    (5, "abdomen_upper_left", None, "subcutaneous", "bolus insulin"),
    (26, "thigh_front_left", "3", "subcutaneous", "basal insulin"),
    (50, "forearm_left", "2", "intravenous", None),
    (75, "forearm_right", None, "intravenous", None),
    (100, "abdomen_lower_right", "2", "subcutaneous", "bolus insulin"),
    (130, "antecubital_fossa_left", "1", "intravenous", None),
    (200, "deltoid_left", None, "intramuscular", None),
]
CHECKS = [
    (60, {"findings": ["redness", "warmth"], "region": "forearm_left"}),
    (120, {"findings": ["pus", "swelling"], "region": "forearm_right"}),
    (150, {"findings": ["bruise"], "region": "thigh_front_left"}),
]
SETTINGS = [
    ("rest.subcutaneous", "10"),
    ("medicine.bolus insulin.regions", "abdomen"),
    ("medicine.basal insulin.regions", "thigh_front"),
    ("exclude.intravenous", "hand_dorsum"),
]


def _iso(hours: float) -> str:
    return (BASE + timedelta(hours=hours)).isoformat()


def fill_pocket(ok: Callable[..., Any]) -> list[list[str]]:
    warnings = []
    for key, value in SETTINGS:
        api.pocket().planning.set_setting(key, value, now=BASE)
    for hours, region, spot, route, medicine in LOGS:
        args = {"region": region, "spot": spot, "route": route, "medicine": medicine}
        got = ok("log", {k: v for k, v in args.items() if v is not None}, _iso(hours + 0.5))
        warnings.append(got["warnings"])
    for hours, case in CHECKS:
        api.pocket().triage.check(case, now=BASE + timedelta(hours=hours))
    return warnings


def fill_services(sc: Any) -> list[list[str]]:
    warnings = []
    for key, value in SETTINGS:
        sc.planning.set_setting(key, value, now=BASE)
    for hours, region, spot, route, medicine in LOGS:
        at = BASE + timedelta(hours=hours + 0.5)
        got = sc.records.log_injection(
            region=region, spot=spot, route=route, medicine=medicine, at=at, now=at
        )
        warnings.append(got.warnings)
    for hours, case in CHECKS:
        sc.triage.check(case, now=BASE + timedelta(hours=hours))
    return warnings


def test_suggest_status_and_warnings_are_the_services_answers(
    ok: Callable[..., Any], open_services: Callable[..., Any], sqlite_url: str
) -> None:
    sc = open_services(sqlite_url)
    assert fill_pocket(ok) == fill_services(sc)
    asked = [
        {},
        {"route": "subcutaneous"},
        {"route": "intravenous"},
        {"route": "intramuscular"},
        {"medicine": "bolus insulin"},
        {"medicine": "basal insulin"},
        {"medicine": "Bolus  Insulin"},
        {"route": "subcutaneous", "medicine": "other"},
    ]
    for hours in (131, 150, 300, 24 * 40):
        now = BASE + timedelta(hours=hours)
        for args in asked:
            want = sc.planning.suggest(now=now, **args).to_dict()
            assert ok("suggest", args, now.isoformat()) == want, (hours, args)
        want_status = [st.to_dict() for st in sc.planning.site_status(now=now)]
        assert ok("status", {}, now.isoformat()) == want_status
        for region in ("forearm_right", "thigh_front_left", "abdomen_upper_left"):
            got = ok("status", {"region": region}, now.isoformat())
            assert got == sc.planning.region_status(region, now=now).to_dict()


def test_history_lists_as_the_api_does(
    ok: Callable[..., Any], open_services: Callable[..., Any], sqlite_url: str
) -> None:
    sc = open_services(sqlite_url)
    fill_pocket(ok)
    fill_services(sc)
    got = ok("history", {}, _iso(300))
    want = [i.to_dict() for i in sc.records.history(now=BASE + timedelta(hours=300))]
    strip = ("id", "uid", "person")
    assert [{k: v for k, v in i.items() if k not in strip} for i in got["injections"]] == [
        {k: v for k, v in i.items() if k not in strip} for i in want
    ]
    checks = [c.to_dict() for c in sc.triage.list_checks(now=BASE + timedelta(hours=300))]
    assert [(c["region"], c["level"], c["at"]) for c in got["checks"]] == [
        (c["region"], c["level"], c["at"]) for c in checks
    ]
    last_two = ok("history", {"limit": 2}, _iso(300))["injections"]
    assert [i["region"] for i in last_two] == ["antecubital_fossa_left", "deltoid_left"]


def _records(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc[k] for k in ("injections", "observations", "settings")}


def test_export_from_pocket_imports_into_sitecare_and_exports_the_same(
    ok: Callable[..., Any], open_services: Callable[..., Any], sqlite_url: str
) -> None:
    fill_pocket(ok)
    ok("log", {"region": "wrist_left", "note": "line one\nline two", "at": "2026-11-20T07:15"})
    doc = ok("exportAll", None, _iso(400))
    sc = open_services(sqlite_url)
    report = sc.transfer.import_text(json.dumps(doc), now=BASE + timedelta(hours=400))
    assert report.injections_added == len(LOGS) + 1
    assert report.observations_added == len(CHECKS)
    back = sc.transfer.export_document(now=BASE + timedelta(hours=400))
    assert _records(back) == _records(doc)
    assert back == doc  # the whole document, exported_at and person included


def test_export_from_sitecare_imports_into_pocket_exactly(
    ok: Callable[..., Any], open_services: Callable[..., Any], sqlite_url: str
) -> None:
    sc = open_services(sqlite_url)
    fill_services(sc)
    text = sc.transfer.export_json(now=BASE + timedelta(hours=400))
    report = ok("importAll", text, _iso(400))
    assert report == {
        "injections_added": len(LOGS),
        "observations_added": len(CHECKS),
        "skipped_existing": 0,
        "settings_added": len(SETTINGS),
    }
    assert ok("exportAll", None, _iso(400)) == json.loads(text)
    again = ok("importAll", json.loads(text), _iso(400))
    assert again["skipped_existing"] == len(LOGS) + len(CHECKS)
    assert again["injections_added"] == again["settings_added"] == 0


def _damaged(good: dict[str, Any]) -> list[tuple[Any, str]]:
    inj, obs = good["injections"], good["observations"]
    return [
        ({**good, "injections": [*inj[:2], {**inj[2], "region": "elbow_left"}]}, "injection #3"),
        ({**good, "injections": [{**inj[0], "at": "2026-11-20T08:00"}]}, "injection #1"),
        ({**good, "injections": [{**inj[0], "route": "oral"}]}, "unknown route"),
        ({**good, "injections": [inj[0], inj[0]]}, "appears twice"),
        ({**good, "injections": [{**inj[0], "note": "bad\x1b[31m"}]}, "control character"),
        ({**good, "injections": [{**inj[0], "spot": "99"}]}, "injection #1"),
        ({**good, "injections": [{**inj[0], "at": "1800-01-01T00:00:00+00:00"}]}, "plausible"),
        ({**good, "observations": [{**obs[0], "case": {"findings": ["nope"]}}]}, "observation #1"),
        ({**good, "observations": [{**obs[0], "level": "bad"}]}, "observation #1"),
        ({**good, "settings": {"rotation.rest.subcutaneous": "forever"}}, "setting"),
        ({**good, "settings": {"colour": "red"}}, "not a setting"),
        ({**good, "extra": 1}, "field 'extra'"),
        ({**good, "format": "other"}, "not a sitecare export"),
        ({**good, "version": 2}, "field 'version'"),
        ('{"format": "sitecare-export", "version": 1, "injections": [', "damaged"),
        ("[" * 5000 + "]" * 5000, "not a sitecare export"),
        (
            '{"format": "sitecare-export", "version": 1, "person": '
            + "[" * 5000
            + "]" * 5000
            + "}",
            "deeply",
        ),
        ("", "empty"),
    ]


def test_import_of_a_damaged_document_changes_nothing_and_says_why(
    ok: Callable[..., Any], call: Call, open_services: Callable[..., Any], sqlite_url: str
) -> None:
    fill_pocket(ok)
    good = ok("exportAll", None, _iso(400))
    sc = open_services(sqlite_url)
    for damaged, words in _damaged(good):
        # a fresh uid, so the records would be new: only the damage stops them
        if isinstance(damaged, dict) and damaged.get("injections"):
            damaged = {
                **damaged,
                "injections": [{**r, "uid": "new-" + r["uid"][:30]} for r in damaged["injections"]],
            }
        before = ok("exportAll", None, _iso(400))
        reply = call("importAll", damaged, _iso(400))
        assert not reply["ok"], words
        assert words in reply["error"]["message"], (words, reply["error"]["message"])
        assert "Traceback" not in json.dumps(reply)
        assert ok("exportAll", None, _iso(400)) == before
        # sitecare import refuses the same file
        text = damaged if isinstance(damaged, str) else json.dumps(damaged)
        from sitecare.domain.errors import ImportFileError

        with pytest.raises(ImportFileError):
            sc.transfer.import_text(text, now=BASE + timedelta(hours=400))


def test_load_replaces_the_state_and_refuses_a_damaged_document(
    ok: Callable[..., Any], call: Call
) -> None:
    fill_pocket(ok)
    doc = ok("exportAll", None, _iso(400))
    api.reset()
    assert ok("load", doc) == {"injections": len(LOGS), "checks": len(CHECKS), "settings": 4}
    assert ok("exportAll", None, _iso(400)) == doc
    reply = call("load", {**doc, "injections": [{**doc["injections"][0], "region": "nope"}]})
    assert not reply["ok"] and "injection #1" in reply["error"]["message"]
    assert ok("exportAll", None, _iso(400)) == doc


def replay(writes: list[dict[str, Any]], stores: dict[str, dict[Any, Any]]) -> None:
    """What the JS side does with the writes, in IndexedDB."""
    for w in writes:
        store = stores.setdefault(w["store"], {})
        if w["op"] == "put":
            store[w["key"]] = json.loads(json.dumps(w["value"]))
        elif w["op"] == "delete":
            store.pop(w["key"], None)
        elif w["op"] == "clear":
            store.clear()
        else:
            raise AssertionError(w)


def rebuild(stores: dict[str, dict[Any, Any]]) -> dict[str, Any]:
    return {
        "format": "sitecare-export",
        "version": 1,
        "injections": list(stores.get("injections", {}).values()),
        "observations": list(stores.get("checks", {}).values()),
        "settings": dict(stores.get("settings", {})),
    }


def test_writes_replayed_into_a_fresh_state_give_the_same_export(call: Call) -> None:
    stores: dict[str, dict[Any, Any]] = {}

    def step(name: str, args: Any, now: str = NOW) -> Any:
        reply = call(name, args, now)
        assert reply["ok"], reply
        assert all(w["store"] in ("injections", "checks", "settings") for w in reply["writes"])
        replay(reply["writes"], stores)
        return reply["result"]

    step("log", {"region": "forearm_left", "spot": "2", "route": "intravenous"})
    step("log", {"region": "abdomen_upper_left", "medicine": "bolus insulin", "note": "a\tb"})
    first = step("log", {"region": "thigh_front_left", "route": "subcutaneous"})
    step("check", {"case": {"findings": ["pus"], "region": "forearm_left"}, "note": "hot"})
    step("check", {"case": {"findings": ["redness"]}})  # no region: not stored
    step("delete", {"id": first["id"]})
    form = {"rest": "9", "regions": ["abdomen_upper_left", "abdomen_lower_left"]}
    step("page", {"method": "POST", "path": "/settings/routes/subcutaneous", "form": form})
    step("page", {"method": "POST", "path": "/settings/presets/bolus"})
    step("page", {"method": "POST", "path": "/log", "form": {"region": "wrist_right"}})
    step(
        "page",
        {
            "method": "POST",
            "path": "/check",
            "form": {
                "answers": "{}",
                "asked": "what_injected,danger_now",
                "danger_now": "spurting",
                "region": "forearm_right",
            },
        },
    )
    step("page", {"method": "POST", "path": "/settings/route", "form": {"route": "intravenous"}})
    step("page", {"method": "POST", "path": "/settings/route", "form": {"route": ""}})
    want = step("exportAll", None, "2026-12-02T10:00:00+01:00")
    assert len(want["injections"]) == 3 and len(want["observations"]) == 2
    assert want["settings"]["rotation.rest.subcutaneous"] == 9.0
    assert "rotation.route" not in want["settings"]

    api.reset()
    assert call("load", rebuild(stores))["ok"]
    assert call("exportAll", None, "2026-12-02T10:00:00+01:00")["result"] == want

    step("importAll", want)  # nothing new
    step("erase", {"confirm": True})
    assert rebuild(stores) == rebuild({})
    assert call("exportAll", None)["result"]["injections"] == []


def test_bad_calls_answer_an_error_never_a_traceback(call: Call) -> None:
    for name, args, now in [
        ("nothing", {}, NOW),
        ("log", {}, NOW),
        ("log", {"region": "forearm_left", "colour": 1}, NOW),
        ("log", {"region": "nowhere"}, NOW),
        ("log", {"region": "forearm_left", "spot": "77"}, NOW),
        ("log", {"region": "forearm_left", "note": "x" * 2001}, NOW),
        ("log", {"region": "forearm_left", "medicine": "a\x00b"}, NOW),
        ("log", {"region": "forearm_left", "at": "3026-01-01T00:00:00Z"}, NOW),
        ("log", {"region": "forearm_left", "route": "oral"}, NOW),
        ("log", {"region": "forearm_left"}, "yesterday"),
        ("log", {"region": "forearm_left"}, "2026-12-01T13:00:00"),
        ("suggest", {}, NOW),  # nothing logged and no route: which route?
        ("suggest", {"route": 5}, NOW),
        ("delete", {"id": 99}, NOW),
        ("delete", {"id": "1"}, NOW),
        ("history", {"limit": 0}, NOW),
        ("status", {"region": "nowhere"}, NOW),
        ("erase", {}, NOW),
        ("assess", None, NOW),
        ("importAll", 5, NOW),
    ]:
        reply = call(name, args, now)
        assert reply["ok"] is False, (name, args)
        assert reply["error"]["message"] and "Traceback" not in json.dumps(reply)
        assert "writes" not in reply
    raw = json.loads(api.dispatch("log", "{not json", NOW))
    assert raw["ok"] is False and raw["error"]["field"] == "args"
    assert call("delete", {"id": 99}, NOW)["error"]["status"] == 404


def test_a_log_warns_as_the_services_do_and_the_time_without_a_zone_is_local(
    ok: Callable[..., Any],
) -> None:
    got = ok(
        "log", {"region": "hand_dorsum_left", "route": "intravenous", "at": "2026-12-01T09:30"}
    )
    assert got["at"] == "2026-12-01T09:30:00+01:00"
    assert got["warnings"][0].startswith("Take care with Left back of the hand")
    future = ok("log", {"region": "forearm_left", "at": "2026-12-03T09:30:00+01:00"})
    assert future["warnings"][-1].startswith("This time is in the future")


def test_init_sets_the_emergency_number(ok: Callable[..., Any]) -> None:
    assert ok("init", {"emergency_number": "112"}) == {"emergency_number": "112", "language": "en"}
    a = ok("assess", {"findings": ["spurting_blood"]})
    assert a["level"] == "emergency" and a["emergency_number"] == "112"
    page = ok("page", {"method": "GET", "path": "/"})
    assert 'href="tel:112"' in page["html"]


def test_who_is_the_personal_one() -> None:
    assert Who().person == "me"  # the export's person block is the personal install's


def test_the_time_index_reads_what_the_reference_reads() -> None:
    """``Pocket.inputs`` (bisect over the time index) equals ``inputs_from_records``."""
    import random

    from sitecare.domain.records import Injection
    from sitecare.views.state import Pocket

    rnd = random.Random(7)
    p = Pocket()
    regions = ["forearm_left", "abdomen_upper_left", "thigh_front_left", "deltoid_right"]
    start = datetime.fromisoformat("2025-01-01T00:00:00+00:00")
    for n in range(1, 700):
        zone = timedelta(hours=rnd.choice([-5, 0, 1, 5.5]))
        from datetime import timezone

        at = (start + timedelta(hours=rnd.randrange(0, 24 * 700))).astimezone(timezone(zone))
        p.injections[n] = Injection(
            id=n,
            uid=str(n),
            at=at,
            region=rnd.choice(regions),
            route=rnd.choice(["subcutaneous", "intravenous"]),
            spot=rnd.choice([None, "1", "2", "3"]),
            medicine=rnd.choice([None, "a", "b"]),
        )
    p.invalidate()
    for days in (0, 100, 400, 500, 699, 800):
        until = start + timedelta(days=days, hours=3)
        for recent in (True, False):
            fast, ref = p.inputs(until, recent=recent), p.reference_inputs(until, recent=recent)
            assert fast.recent == ref.recent
            assert sorted(fast.last_uses, key=str) == sorted(ref.last_uses, key=str)
            assert fast.settings == ref.settings and fast.observations == ref.observations


def test_the_pure_case_check_words_every_problem_as_jsonschema_does() -> None:
    """``domain.casecheck`` (no jsonschema) picks and words the same error for random cases."""
    import random

    from sitecare.domain.casecheck import validate_case as pure

    rnd = random.Random(5)
    values: list[Any] = [
        None, True, False, 0, -1, 1, 1.5, 500, "", "x", "redness", "warmth", "pus", "oral",
        "intravenous", "stable", [], {}, ["redness"], ["redness", "redness"], ["x", 1], [True],
        {"heart_rate": 500}, {"temperature_c": "x", "spo2": 10}, {"zz": 1}, 46, 24.9,
        {"altered_mental_status": "yes"},
    ]  # fmt: skip
    keys = [
        "findings", "context", "route", "region", "hours_since_injection", "days_present",
        "redness_diameter_cm", "lump_diameter_cm", "wound_diameter_cm", "redness_trend",
        "vitals", "extra", "findingz",
    ]  # fmt: skip
    refused = 0
    for _ in range(3000):
        case: Any = {} if rnd.random() < 0.2 else {"findings": ["redness"]}
        for _ in range(rnd.randint(1, 4)):
            case[rnd.choice(keys)] = rnd.choice(values)
        if rnd.random() < 0.1:
            case = rnd.choice(values)
        answers = []
        for check in (validate_case, pure):
            try:
                check(case)
                answers.append(None)
            except InvalidInput as exc:
                answers.append((exc.message, exc.field, list(exc.suggestions), exc.hint))
        assert answers[0] == answers[1], case
        refused += answers[0] is not None
    assert refused > 1000


def test_random_calls_never_hit_a_bug(call: Call) -> None:
    """Whatever the JS side sends, the answer is a result or a plain error, never a 500."""
    import random

    rnd = random.Random(3)
    values: list[Any] = [
        None, True, 0, -5, 2**70, 1.5, "", "x", "forearm_left", "intravenous",
        "2026-12-01T10:00", "2026-12-01T10:00:00+01:00", "9999-01-01T00:00:00Z", [], {}, ["a"],
        {"a": 1}, "\x00", "a" * 5000, "/", "/log", "GET", "POST", {"findings": ["pus"]},
        {"region": "forearm_left"},
    ]  # fmt: skip
    keys = [
        "region", "spot", "route", "at", "medicine", "note", "id", "since", "limit", "case",
        "confirm", "method", "path", "query", "form", "answers", "asked", "file", "days", "page",
        "x",
    ]  # fmt: skip
    paths = [
        "/", "/log", "/check", "/history", "/sites/forearm_left", "/settings", "/privacy",
        "/settings/routes/intravenous", "/settings/medicines", "/settings/presets/bolus",
        "/import", "/erase", "/injections/1/delete", "/logged/1", "/help/services",
    ]  # fmt: skip
    names = [n for n in api.NAMES if n != "init"]
    assert call("log", {"region": "forearm_left"})["ok"]
    for _ in range(3000):
        name = rnd.choice(names)
        args: Any = rnd.choice(values)
        if rnd.random() < 0.7:
            args = {rnd.choice(keys): rnd.choice(values) for _ in range(rnd.randint(0, 3))}
        if name == "page" and rnd.random() < 0.8:
            args = {
                "method": rnd.choice(["GET", "POST"]),
                "path": rnd.choice(paths),
                "query": {rnd.choice(keys): rnd.choice(values) for _ in range(2)},
                "form": {rnd.choice(keys): rnd.choice(values) for _ in range(3)},
            }
        now = rnd.choice([NOW, "2026-12-01T13:00:00.123-05:00", "x", "2026-12-01"])
        reply = call(name, args, now)
        if reply["ok"]:
            assert name != "page" or reply["result"]["status"] < 500, args
        else:
            assert reply["error"]["status"] < 500, (name, args, reply)


def test_a_csv_export_imports_into_pocket_as_into_sitecare(
    ok: Callable[..., Any], call: Call, open_services: Callable[..., Any], sqlite_url: str
) -> None:
    sc = open_services(sqlite_url)
    fill_services(sc)
    sc.records.log_injection(
        region="forearm_left", note="=HYPERLINK(x)", at=BASE + timedelta(hours=300), now=BASE
    )
    text = sc.transfer.export_csv(now=BASE + timedelta(hours=400))
    report = ok("importAll", text, _iso(400))
    assert report["injections_added"] == len(LOGS) + 1
    assert ok("exportAll", None, _iso(400)) == sc.transfer.export_document(
        now=BASE + timedelta(hours=400)
    )
    bad = call("importAll", text.replace(",intravenous,", ",intravenous,extra,", 1), _iso(400))
    assert not bad["ok"] and "wrong number of columns" in bad["error"]["message"]
