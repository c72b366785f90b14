"""Following a site through the services on real databases (a SQLite file and PostgreSQL):
stored re-check times, a re-check compared with the check before, escalation, healing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sitecare.domain.errors import InvalidInput

T0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
REDNESS = {"region": "forearm_left", "findings": ["redness"], "redness_diameter_cm": 2}


@pytest.fixture
def sc(db_url: str, open_services: Any) -> Any:
    return open_services(db_url)


def test_a_stored_check_carries_its_recheck(sc: Any) -> None:
    result = sc.triage.check(REDNESS, now=T0)
    a = result.to_dict()
    assert a["stored"] and a["level"] == "self_care"
    assert a["recheck"]["at"] == (T0 + timedelta(hours=4)).isoformat()
    assert "pen" in a["recheck"]["why"] and a["recheck"]["sources"]
    stored = sc.triage.get_check(a["check_id"], now=T0)
    assert stored.assessment["recheck"] == a["recheck"]
    assert "course" not in a  # nothing to compare the first check with


def test_due_lists_it_when_the_time_comes(sc: Any) -> None:
    sc.triage.check(REDNESS, now=T0)
    assert sc.triage.due(now=T0 + timedelta(hours=3)) == []
    [due] = sc.triage.due(now=T0 + timedelta(hours=5))
    assert (due.region, due.label, due.level, due.overdue) == (
        "forearm_left",
        "Left forearm",
        "self_care",
        False,
    )
    assert sc.triage.due(now=T0, at=T0 + timedelta(hours=8))[0].overdue
    with pytest.raises(InvalidInput) as exc:
        sc.triage.due(now=T0, at=T0 + timedelta(days=800))
    assert exc.value.field == "at"


def test_a_self_care_redness_that_grows_over_a_day_is_at_least_soon(sc: Any) -> None:
    sc.triage.check(REDNESS, now=T0)
    later = T0 + timedelta(days=1)
    case = REDNESS | {"redness_diameter_cm": 3}
    assert sc.triage.assess(case)["level"] == "self_care"
    result = sc.triage.check(case, now=later)
    a = result.to_dict()
    assert a["level"] == "soon" and result.observation.level == "soon"
    assert a["course"]["case"] == "worse"
    assert a["course"]["summary"].startswith("Worse than yesterday: the redness grew from 2 cm")
    assert result.observation.blocked  # a clinician should see it: not used until then
    assert sc.planning.region_status("forearm_left", now=later).state == "blocked"
    assert a["recheck"]["at"] == (later + timedelta(hours=24)).isoformat()


def test_spreading_with_fever_is_an_emergency(sc: Any) -> None:
    sc.triage.check(REDNESS, now=T0)
    case = REDNESS | {
        "findings": ["redness", "fever"],
        "redness_diameter_cm": 4,
        "redness_trend": "spreading",
    }
    a = sc.triage.check(case, now=T0 + timedelta(hours=6)).to_dict()
    assert a["level"] == "emergency" and a["course"]["case"] == "much_worse"
    assert a["do_now"][0].startswith("Call 911 now")
    assert a["recheck"] is None


def test_a_healed_site_is_cleared_and_back_in_the_rotation(sc: Any) -> None:
    abscess = {"region": "forearm_left", "findings": ["fluctuant_lump", "warmth", "pus"]}
    first = sc.triage.check(abscess | {"lump_diameter_cm": 2}, now=T0)
    assert first.observation.blocked
    assert sc.planning.region_status("forearm_left", now=T0).state == "blocked"
    second = sc.triage.check(
        abscess | {"findings": ["hard_lump"], "lump_diameter_cm": 1}, now=T0 + timedelta(days=3)
    )
    assert second.to_dict()["course"]["case"] == "better"
    healed_at = T0 + timedelta(days=7)
    healed = sc.triage.check({"region": "forearm_left", "findings": []}, now=healed_at)
    assert healed.to_dict()["course"]["case"] == "healed"
    assert healed.to_dict()["recheck"] is None
    status = sc.planning.region_status("forearm_left", now=healed_at)
    assert status.state == "ready", status
    assert sc.triage.due(now=healed_at + timedelta(days=30)) == []
    course = sc.triage.course("forearm_left", now=healed_at)
    assert course["healed"] and [e["case"] for e in course["entries"]] == [
        None,
        "better",
        "healed",
    ]


def test_a_healed_recheck_ends_the_rest_an_earlier_check_asked_for(sc: Any) -> None:
    sc.triage.check({"region": "forearm_left", "findings": ["bruise"]}, now=T0)
    at = T0 + timedelta(days=8)
    assert sc.planning.region_status("forearm_left", now=at).state != "ready"
    sc.triage.check({"region": "forearm_left", "findings": []}, now=at)
    assert sc.planning.region_status("forearm_left", now=at).state == "ready"


def test_the_comparison_is_with_the_same_site_only(sc: Any) -> None:
    sc.triage.check(REDNESS, now=T0)
    other = REDNESS | {"region": "forearm_right", "redness_diameter_cm": 6}
    a = sc.triage.check(other, now=T0 + timedelta(hours=2)).to_dict()
    assert "course" not in a and a["level"] == sc.triage.assess(other)["level"]


def test_a_backdated_check_is_compared_with_the_one_before_it(sc: Any) -> None:
    sc.triage.check(REDNESS, now=T0)
    sc.triage.check(REDNESS | {"redness_diameter_cm": 8}, now=T0 + timedelta(days=2))
    a = sc.triage.check(
        REDNESS | {"redness_diameter_cm": 2}, now=T0 + timedelta(days=3), at=T0 + timedelta(days=1)
    ).to_dict()
    assert a["course"]["case"] == "same"
    assert a["course"]["since"] == T0.isoformat()


def test_export_and_import_keep_rechecks(sc: Any) -> None:
    sc.triage.check(REDNESS, now=T0)
    doc = sc.transfer.export_json(now=T0)
    sc.transfer.erase_everything(now=T0)
    assert sc.triage.due(now=T0 + timedelta(hours=5)) == []
    sc.transfer.import_text(doc, now=T0)
    assert [d.region for d in sc.triage.due(now=T0 + timedelta(hours=5))] == ["forearm_left"]
