"""The pure planner: what it suggests, what it never suggests, and the reasons it gives."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sitecare.domain.atlas import load_atlas
from sitecare.domain.errors import InvalidInput
from sitecare.domain.rotation import Usage, assess, default_policy
from sitecare.domain.rotation_settings import PlannerSettings, parse_setting
from sitecare.domain.simulation import simulate
from sitecare.domain.site_status import region_status
from sitecare.domain.suggestion import plan_next_site

from .helpers import NOW, check, inj

ATLAS = load_atlas()
IV_PREFERRED = [
    r.id for r in ATLAS.for_route("intravenous") if r.tier("intravenous") == "preferred"
]


def plan(route: str, injections=(), observations=(), now=NOW, **policy):  # type: ignore[no-untyped-def]
    usage = Usage.from_records(injections, observations, until=now)
    return plan_next_site(ATLAS, usage, default_policy(route, **policy), now)


def all_spots(regions: list[str], ago_days: float, route: str = "intravenous"):  # type: ignore[no-untyped-def]
    return [
        inj(r, s.id, ago_days=ago_days, route=route) for r in regions for s in ATLAS.region(r).spots
    ]


def test_a_fresh_history_starts_at_the_first_spot_of_the_first_preferred_vein_site() -> None:
    s = plan("intravenous")
    assert (s.region, s.spot) == ("antecubital_fossa_left", "1")
    assert s.choice is not None and s.choice.ready and s.choice.tier == "preferred"
    assert "not used before" in s.reasons[0]
    assert s.to_dict()["route"] == "intravenous"


def test_the_spot_rested_longest_comes_first_and_rested_days_are_reported() -> None:
    history = [
        i for i in all_spots(IV_PREFERRED, 5) if (i.region, i.spot) != ("forearm_right", "3")
    ]
    history.append(inj("forearm_right", "3", ago_days=6))
    s = plan("intravenous", history)
    assert (s.region, s.spot) == ("forearm_right", "3")
    assert s.choice is not None and s.choice.rested_days == 6.0
    assert "rested 6 days" in s.reasons[0]


def test_caution_only_when_no_preferred_spot_is_rested_and_the_reason_says_so() -> None:
    s = plan("intravenous", all_spots(IV_PREFERRED, 1))
    assert s.choice is not None and s.choice.tier == "caution" and s.choice.ready
    assert any("No preferred site is rested" in r for r in s.reasons)
    assert not s.preferred_rested


def test_when_every_site_rests_it_says_so_and_when_the_first_is_ready_never_avoid() -> None:
    usable = [r.id for r in ATLAS.for_route("intravenous") if r.tier("intravenous") != "avoid"]
    s = plan("intravenous", all_spots(usable, 1))
    assert s.all_resting and s.choice is not None and not s.choice.ready
    assert s.choice.tier == "preferred"
    # said once, plainly: this is the spot that rested longest, and how long
    resting = [r for r in s.reasons if "still resting" in r]
    assert len(resting) == 1, s.reasons
    assert "Every spot you can use for intravenous injections is still resting" in resting[0]
    assert "rested longest" in resting[0] and "1 day" in resting[0]
    assert not any(r.startswith(f"{s.choice.label}, spot") for r in s.reasons)
    assert s.first_ready is not None and s.first_ready.ready_at == NOW + timedelta(days=1)


def test_never_an_avoid_region_even_when_only_avoid_regions_are_allowed() -> None:
    s = plan("intravenous", allowed=["neck_left", "groin_right"])
    assert s.choice is None and s.region is None
    assert "no site sitecare can suggest" in s.reasons[0]


def test_a_blocked_region_is_never_used_until_a_later_check_clears_it() -> None:
    blocked = check(
        "antecubital_fossa_left", ago_days=2, level="urgent", blocked=True, conditions=("abscess",)
    )
    s = plan("intravenous", observations=[blocked])
    assert s.region != "antecubital_fossa_left"
    assert any("Left inside of the elbow is blocked" in r and "clinician" in r for r in s.reasons)
    cleared = check("antecubital_fossa_left", ago_days=1, level="routine")
    assert plan("intravenous", observations=[blocked, cleared]).region == "antecubital_fossa_left"
    still = check("antecubital_fossa_left", ago_days=1, level="soon", rest_days=3)
    assert plan("intravenous", observations=[blocked, still]).region != "antecubital_fossa_left"


def test_an_ordinary_mark_does_not_rest_the_whole_region_but_a_routine_bruise_does() -> None:
    # found by a new-user review: a check that found an ordinary mark on the belly rested the
    # whole lower left belly for 28 days ("still healing from a needle mark")
    ordinary = check(
        "abdomen_lower_left",
        ago_days=0.1,
        level="routine",
        rest_days=28,
        findings=("puncture_mark",),
        conditions=("normal_puncture",),
    )
    usage = Usage.from_records([], [ordinary])
    policy = default_policy("subcutaneous")
    status = region_status(ATLAS.region("abdomen_lower_left"), usage, policy, NOW)
    assert status.state != "resting", status.why
    s = plan("subcutaneous", [], [ordinary])
    assert not any("still healing" in r for r in s.reasons), s.reasons
    bruise = check("abdomen_lower_left", ago_days=1, level="routine", findings=("bruise",))
    usage = Usage.from_records([], [bruise])
    status = region_status(ATLAS.region("abdomen_lower_left"), usage, policy, NOW)
    assert status.state == "resting" and "bruise" in status.why


def test_a_bruise_rests_longer_and_the_reason_names_it() -> None:
    history = all_spots(IV_PREFERRED, 5)
    bruise = check("forearm_right", ago_days=4, findings=("bruise",))  # no rest given: 14 days
    s = plan("intravenous", history, [bruise])
    assert s.region != "forearm_right"
    assert any("Right forearm is still healing from a bruise" in r for r in s.reasons)
    usage = Usage.from_records(history, [bruise])
    status = region_status(ATLAS.region("forearm_right"), usage, default_policy("intravenous"), NOW)
    assert status.state == "resting" and "bruise" in status.why
    assert status.until == (NOW + timedelta(days=10)).isoformat()


def test_subcutaneous_spots_next_to_a_resting_spot_are_not_suggested_while_others_rest() -> None:
    region = ATLAS.region("abdomen_lower_left")
    at = {(sp.row, sp.col): sp.id for sp in region.spots}
    used = at[(3, 4)]
    beside = {at[(2, 4)], at[(4, 4)], at[(3, 3)], at[(3, 5)]}  # one finger-width away
    history = [inj("abdomen_lower_left", used, ago_days=1, route="subcutaneous")]
    s = plan("subcutaneous", history, allowed=["abdomen_lower_left"])
    assert s.spot not in beside | {used}
    cands, _ = assess(ATLAS, Usage.from_records(history), default_policy("subcutaneous"), NOW)
    crowded = {c.spot.id for c in cands if c.region.id == "abdomen_lower_left" and c.crowded_by}
    assert crowded == beside


def test_on_a_vein_spots_below_a_fresh_puncture_wait_and_the_next_spot_up_is_fine() -> None:
    history = [inj("forearm_left", "3", ago_days=0.5)]
    s = plan("intravenous", history, allowed=["forearm_left"])
    assert s.spot == "4"
    cands, _ = assess(ATLAS, Usage.from_records(history), default_policy("intravenous"), NOW)
    crowded = {c.spot.id for c in cands if c.region.id == "forearm_left" and c.crowded_by}
    assert crowded == {"1", "2"}


def test_intramuscular_rests_the_whole_muscle_for_seven_days() -> None:
    s = plan(
        "intramuscular",
        [inj("ventrogluteal_left", "1", ago_days=6, route="intramuscular")],
        allowed=["ventrogluteal_left", "ventrogluteal_right"],
    )
    assert s.region == "ventrogluteal_right"


def test_a_use_without_a_spot_counts_for_every_spot_of_its_region() -> None:
    s = plan(
        "intravenous",
        [inj("antecubital_fossa_left", None, ago_days=1)],
        allowed=["antecubital_fossa_left", "antecubital_fossa_right"],
    )
    assert s.region == "antecubital_fossa_right"


def test_the_same_history_gives_the_same_suggestion_in_any_order() -> None:
    history = all_spots(IV_PREFERRED, 3)[::2] + [inj("forearm_left", "2", ago_days=0.2)]
    a = plan("intravenous", history).to_dict()
    b = plan("intravenous", list(reversed(history))).to_dict()
    assert a == b


def test_medicine_settings_choose_the_regions() -> None:
    stored = dict(
        [
            parse_setting(ATLAS, "medicine.Bolus  Insulin.regions", "abdomen"),
            parse_setting(ATLAS, "medicine.basal insulin.regions", "thigh_front"),
            parse_setting(ATLAS, "exclude.subcutaneous", "abdomen_upper_right"),
            parse_setting(ATLAS, "rest.subcutaneous", "21"),
        ]
    )
    settings = PlannerSettings.from_stored(stored)
    bolus = settings.policy("subcutaneous", "bolus insulin")
    assert bolus.allowed == {
        f"abdomen_{p}" for p in ("upper_left", "lower_right", "lower_left", "upper_right")
    }
    s = plan_next_site(ATLAS, Usage(), bolus, NOW)
    assert s.region == "abdomen_upper_left"  # upper right is ruled out
    assert any("bolus insulin" in r for r in s.reasons)
    basal = settings.policy("subcutaneous", "Basal insulin")
    assert plan_next_site(ATLAS, Usage(), basal, NOW).region == "thigh_front_left"
    assert bolus.spot_rest == timedelta(days=21)


@pytest.mark.parametrize(
    ("key", "value", "field", "words"),
    [
        ("rest.subcutaneous", "lots", "rest.subcutaneous", "number of days"),
        ("rest.subcutaneous", "0", "rest.subcutaneous", "more than 0"),
        ("rest.subcutanous", "3", "rest.subcutanous", "Unknown route"),
        ("regions.intravenous", "forarm_left", "regions.intravenous", "Unknown region"),
        ("regions.intravenous", "neck_left", "regions.intravenous", "place to avoid"),
        ("regions.subcutaneous", "forearm_left", "regions.subcutaneous", "not used for"),
        ("colour", "blue", "key", "Unknown setting"),
        ("medicine.x.route", "oral", "medicine.x.route", "Unknown route"),
    ],
)
def test_bad_settings_name_the_field(key: str, value: str, field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_setting(ATLAS, key, value)
    assert info.value.field == field and words in info.value.message


def test_bad_region_suggests_the_closest_matches() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_setting(ATLAS, "regions.intravenous", "forarm_left")
    assert "forearm_left" in info.value.suggestions


def test_simulation_rest_ratio_over_abdomen_and_thighs_reaches_the_target() -> None:
    regions = [r.id for r in ATLAS if r.base.startswith("abdomen") or r.base == "thigh_front"]
    sim = simulate(
        ATLAS, default_policy("subcutaneous", allowed=regions), start=NOW, per_day=4, days=100
    )
    stats = sim.stats()
    assert stats["eligible_spots"] == 4 * 31 + 2 * 32 and stats["avoid_picks"] == 0
    assert stats["rest_ratio"] >= 0.95
    assert stats["picks_while_all_resting"] == 0


def test_four_a_day_over_the_belly_never_runs_out_of_rested_spots() -> None:
    """Issue 11: an insulin user injecting 4 times a day in the belly alone."""
    belly = [r.id for r in ATLAS if r.base.startswith("abdomen")]
    sim = simulate(
        ATLAS, default_policy("subcutaneous", allowed=belly), start=NOW, per_day=4, days=60
    )
    stats = sim.stats()
    assert stats["eligible_spots"] >= 80  # a finger-width apart, 5 cm from the navel
    assert stats["picks_while_all_resting"] == 0 and stats["rest_ratio"] >= 0.95


def test_simulation_of_veins_has_no_avoid_and_no_needless_caution_picks() -> None:
    sim = simulate(ATLAS, default_policy("intravenous"), start=NOW, per_day=3, days=20)
    stats = sim.stats()
    assert stats["avoid_picks"] == 0 and stats["caution_picks_while_preferred_rested"] == 0
    assert sim.to_dict()["choices"][0].keys() >= {"at", "region", "spot"}


def test_simulation_refuses_impossible_numbers() -> None:
    with pytest.raises(InvalidInput) as info:
        simulate(ATLAS, default_policy("intravenous"), start=NOW, per_day=0, days=3)
    assert info.value.field == "per_day"
