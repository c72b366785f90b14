"""The planning service on real databases (a SQLite file and PostgreSQL).

The SQL summary (GROUP BY aggregates) must agree with the pure reference built from the lists.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from sitecare.domain.errors import InvalidInput
from sitecare.domain.rotation import Usage, default_policy
from sitecare.domain.suggestion import plan_next_site
from sitecare.services.who import Who
from sitecare.storage.repositories import Observations, People

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def add_check(sc: Any, region: str, at: datetime, **fields: Any) -> None:
    values: dict[str, Any] = {
        "spot": None,
        "level": "self_care",
        "rest_days": None,
        "blocked": False,
        "case": {},
        "assessment": {},
        "note": None,
    }
    values.update(fields)
    with sc.db.transaction() as s:
        pid = People(s).person_id(sc.who.program, sc.who.person, now=NOW, create=True)
        Observations(s, pid).add(at=at, region=region, now=NOW, **values)


def log(sc: Any, region: str, spot: str | None, at: datetime, route: str = "intravenous") -> Any:
    return sc.records.log_injection(region=region, spot=spot, route=route, at=at, now=NOW)


def test_sql_summary_and_suggestion_agree_with_the_pure_reference(db_url, open_services) -> None:  # type: ignore[no-untyped-def]
    sc = open_services(db_url)
    rnd = random.Random(4)
    regions = [r for r in sc.atlas.for_route("intravenous") if r.tier("intravenous") != "avoid"]
    plus_one = timezone(timedelta(hours=1))
    for _ in range(60):
        reg = rnd.choice(regions)
        spot = rnd.choice([None, *[s.id for s in reg.spots]])
        at = (NOW - timedelta(minutes=rnd.randrange(0, 60 * 24 * 6))).astimezone(plus_one)
        log(sc, reg.id, spot, at)
    log(sc, "forearm_left", "2", NOW + timedelta(days=1))  # later than "now": not counted
    log(sc, "forearm_right", "5", NOW - timedelta(days=500))  # beyond the horizon: not counted
    add_check(sc, "forearm_right", NOW - timedelta(days=1), case={"findings": ["bruise"]})
    add_check(sc, "antecubital_fossa_left", NOW - timedelta(days=2), blocked=True, level="urgent")

    sql = sc.planning.usage(now=NOW)
    history = sc.records.history(now=NOW)
    with sc.db.reading() as s:
        pid = People(s).person_id(sc.who.program, sc.who.person, now=NOW, create=False)
        checks = Observations(s, pid).list()
    pure = Usage.from_records(history, checks, until=NOW)
    assert sql.spot_last == pure.spot_last and sql.region_last == pure.region_last
    assert ("forearm_right", "5") not in sql.spot_last or sql.spot_last[
        ("forearm_right", "5")
    ] > NOW - timedelta(days=400)
    assert [b.region for b in sql.blocks] == [b.region for b in pure.blocks]
    assert [(r.region, r.until) for r in sql.rests] == [(r.region, r.until) for r in pure.rests]

    service = sc.planning.suggest(now=NOW, route="intravenous")
    reference = plan_next_site(sc.atlas, pure, default_policy("intravenous"), NOW)
    assert (service.region, service.spot) == (reference.region, reference.spot)
    assert [a.region for a in service.alternatives] == [a.region for a in reference.alternatives]
    assert service.region != "antecubital_fossa_left"


def test_logging_at_a_resting_or_blocked_site_warns_but_stores(db_url, open_services) -> None:  # type: ignore[no-untyped-def]
    sc = open_services(db_url)
    assert log(sc, "forearm_left", "1", NOW - timedelta(hours=3)).warnings == []
    again = log(sc, "forearm_left", "1", NOW)
    assert any("still resting" in w and "2 days" in w for w in again.warnings)
    add_check(
        sc,
        "forearm_right",
        NOW - timedelta(days=1),
        blocked=True,
        level="urgent",
        case={"findings": ["pus", "redness"]},
        assessment={"conditions": [{"id": "abscess"}]},
    )
    blocked = log(sc, "forearm_right", "2", NOW)
    text = " ".join(blocked.warnings)
    assert "Right forearm is blocked" in text and "abscess" in text and "clinician" in text
    assert len(sc.records.history(now=NOW)) == 3


def test_route_comes_from_the_option_the_settings_or_the_last_injection(
    db_url, open_services
) -> None:  # type: ignore[no-untyped-def]
    sc = open_services(db_url)
    with pytest.raises(InvalidInput) as info:
        sc.planning.suggest(now=NOW)
    assert info.value.field == "route"
    log(sc, "abdomen_lower_left", "1", NOW - timedelta(days=1), route="subcutaneous")
    assert sc.planning.suggest(now=NOW).route == "subcutaneous"
    sc.planning.set_setting("route", "intramuscular", now=NOW)
    assert sc.planning.suggest(now=NOW).route == "intramuscular"
    sc.planning.set_setting("medicine.Basal insulin.route", "subcutaneous", now=NOW)
    sc.planning.set_setting("medicine.basal insulin.regions", "thigh_front", now=NOW)
    s = sc.planning.suggest(now=NOW, medicine="basal  INSULIN")
    assert s.route == "subcutaneous" and s.region == "thigh_front_left"
    assert sc.planning.suggest(now=NOW, route="intravenous").route == "intravenous"


def test_settings_are_stored_per_person_and_can_be_removed(db_url, open_services) -> None:  # type: ignore[no-untyped-def]
    me = open_services(db_url)
    alice = open_services(db_url, who=Who(person="alice"))
    me.planning.set_setting("rest.subcutaneous", "21", now=NOW)
    me.planning.set_setting("exclude.intravenous", "hand_dorsum", now=NOW)
    shown = me.planning.settings(now=NOW).to_dict()
    assert shown["rest_days"]["subcutaneous"] == 21.0
    assert shown["exclude"]["intravenous"] == ["hand_dorsum_left", "hand_dorsum_right"]
    assert alice.planning.settings(now=NOW).to_dict()["rest_days"]["subcutaneous"] == 28
    me.planning.unset_setting("rest.subcutaneous", now=NOW)
    assert me.planning.settings(now=NOW).to_dict()["rest_days"]["subcutaneous"] == 28
    with pytest.raises(InvalidInput):
        me.planning.set_setting("rest.intravenous", "-1", now=NOW)


def test_site_status_ready_resting_and_blocked(db_url, open_services) -> None:  # type: ignore[no-untyped-def]
    sc = open_services(db_url)
    for spot in ("1", "2", "3"):
        log(sc, "antecubital_fossa_left", spot, NOW - timedelta(hours=5))
    add_check(sc, "forearm_left", NOW - timedelta(days=1), blocked=True, level="soon")
    status = {s.region: s for s in sc.planning.site_status(now=NOW, route="intravenous")}
    assert status["antecubital_fossa_right"].state == "ready"
    resting = status["antecubital_fossa_left"]
    assert resting.state == "resting" and resting.until and resting.why
    blocked = sc.planning.region_status("forearm_left", now=NOW)
    assert blocked.state == "blocked" and "clinician" in (blocked.what_to_do or "")
    assert {
        "region",
        "label",
        "route",
        "tier",
        "state",
        "until",
        "why",
        "spots",
    } <= blocked.to_dict().keys()
    with pytest.raises(InvalidInput):
        sc.planning.region_status("forarm_left", now=NOW)


def test_following_the_suggestion_four_times_a_day_for_60_days_never_warns(
    sqlite_url, open_services
) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: an insulin user logs every suggested spot, 4 a day, through the service."""
    sc = open_services(sqlite_url)
    sc.planning.set_setting("medicine.bolus insulin.regions", "abdomen", now=NOW)
    sc.planning.set_setting("medicine.bolus insulin.route", "subcutaneous", now=NOW)
    start = NOW - timedelta(days=60)
    warned: list[str] = []
    seen: set[tuple[str, str]] = set()
    for i in range(60 * 4):
        at = start + i * timedelta(hours=6)
        s = sc.planning.suggest(now=at, medicine="bolus insulin")
        assert s.region is not None and s.region.startswith("abdomen_") and s.choice.ready
        result = sc.records.log_injection(
            region=s.region, spot=s.spot, at=at, now=at, medicine="bolus insulin"
        )
        warned += result.warnings
        seen.add((s.region, s.spot))
    assert warned == []
    assert len(seen) >= 80  # every spot a finger-width apart gets its turn


def test_when_every_spot_rests_following_the_suggestion_still_does_not_warn(
    db_url, open_services
) -> None:  # type: ignore[no-untyped-def]
    sc = open_services(db_url)
    sc.planning.set_setting("regions.intravenous", "forearm_left", now=NOW)
    warned: list[str] = []
    for i in range(12):  # 5 spots, 2 days' rest, 6 a day: soon every spot is resting
        at = NOW + i * timedelta(hours=4)
        s = sc.planning.suggest(now=at, route="intravenous")
        assert s.region == "forearm_left"
        warned += sc.records.log_injection(
            region=s.region, spot=s.spot, route="intravenous", at=at, now=at
        ).warnings
    assert s.all_resting and warned == []
    at = NOW + timedelta(hours=48)
    s = sc.planning.suggest(now=at, route="intravenous")
    resting = [r for r in s.reasons if "still resting" in r]
    assert len(resting) == 1 and "rested longest" in resting[0]
    # a spot used more recently than the suggestion is worse: that one warns
    worse = next(sp.id for sp in sc.atlas.region("forearm_left").spots if sp.id != s.spot)
    text = " ".join(
        sc.records.log_injection(
            region="forearm_left", spot=worse, route="intravenous", at=at, now=at
        ).warnings
    )
    assert "still resting" in text and f"spot {s.spot} is ready sooner" in text


def test_a_caution_place_warns_only_while_a_preferred_spot_is_rested(db_url, open_services) -> None:  # type: ignore[no-untyped-def]
    sc = open_services(db_url)
    first = log(sc, "hand_dorsum_left", "1", NOW - timedelta(days=5))
    assert any("Take care with Left back of the hand" in w for w in first.warnings)
    preferred = [
        r for r in sc.atlas.for_route("intravenous") if r.tier("intravenous") == "preferred"
    ]
    for reg in preferred:
        for sp in reg.spots:
            log(sc, reg.id, sp.id, NOW - timedelta(hours=1))
    s = sc.planning.suggest(now=NOW, route="intravenous")
    assert s.choice is not None and s.choice.tier == "caution"
    followed = sc.records.log_injection(
        region=s.region, spot=s.spot, route="intravenous", at=NOW, now=NOW
    )
    assert followed.warnings == []


def test_words_read_cleanly_no_until_on_and_no_double_brackets(db_url, open_services) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: "resting until on 15 Dec" and "(cellulitis))" are gone."""
    sc = open_services(db_url)
    cellulitis = {"conditions": [{"id": "cellulitis"}, {"id": "abscess"}]}
    add_check(
        sc,
        "forearm_left",
        NOW - timedelta(days=1),
        rest_days=20,
        case={"findings": ["redness", "warmth"]},
        assessment=cellulitis,
    )
    add_check(
        sc,
        "forearm_right",
        NOW - timedelta(days=1),
        blocked=True,
        level="urgent",
        case={"findings": ["pus"]},
        assessment={"conditions": [{"id": "abscess"}]},
    )
    sc.planning.set_setting("regions.intravenous", "forearm", now=NOW)
    texts = list(sc.planning.suggest(now=NOW, route="intravenous").reasons)
    texts += [s.why for s in sc.planning.site_status(now=NOW, route="intravenous")]
    texts += log(sc, "forearm_left", "2", NOW).warnings
    texts += log(sc, "forearm_right", "2", NOW).warnings
    joined = " | ".join(texts)
    assert "likely" in joined and "cellulitis" in joined
    assert "until on " not in joined and "))" not in joined, joined
