"""Hypothesis: planner invariants over random histories, checks and settings.

The oracle below re-derives "blocked" and "rested" from the raw records on its own, so the
properties do not trust the planner's own bookkeeping.
"""

from __future__ import annotations

import random
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitecare.domain.atlas import ROUTES, load_atlas
from sitecare.domain.records import Injection, Observation
from sitecare.domain.rotation import Policy, Usage, default_policy
from sitecare.domain.suggestion import plan_next_site

from .helpers import NOW, check, inj, spots_or_none

ATLAS = load_atlas()
REGIONS = ATLAS.ids


@st.composite
def injections(draw: st.DrawFn) -> list[Injection]:
    out = []
    for _ in range(draw(st.integers(0, 40))):
        region = ATLAS.region(draw(st.sampled_from(REGIONS)))
        spot = draw(spots_or_none(region.id))
        ago = draw(st.floats(0, 40, allow_nan=False))
        out.append(inj(region.id, spot, ago_days=ago, route=draw(st.sampled_from(ROUTES))))
    return out


@st.composite
def checks(draw: st.DrawFn) -> list[Observation]:
    out = []
    for _ in range(draw(st.integers(0, 6))):
        blocked = draw(st.booleans())
        out.append(
            check(
                draw(st.sampled_from(REGIONS)),
                ago_days=draw(st.floats(0, 30, allow_nan=False)),
                level=draw(st.sampled_from(["routine", "self_care", "soon", "urgent"])),
                rest_days=None if blocked else draw(st.one_of(st.none(), st.floats(0, 20))),
                blocked=blocked,
                findings=draw(st.sampled_from([(), ("bruise",), ("small_sore",)])),
            )
        )
    return out


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    route = draw(st.sampled_from(ROUTES))
    ids = [r.id for r in ATLAS.for_route(route)]
    allowed = draw(st.one_of(st.none(), st.lists(st.sampled_from(ids), unique=True)))
    excluded = draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))
    rest = draw(st.one_of(st.none(), st.floats(0.1, 30)))
    return default_policy(route, rest_days=rest, allowed=allowed, excluded=excluded)


def blocked_regions(observations: list[Observation]) -> set[str]:
    """A region is blocked when its latest block is later than its latest clearing check."""
    out = set()
    for region in {o.region for o in observations if o.blocked and o.region}:
        mine = [o for o in observations if o.region == region]
        last_block = max(o.at for o in mine if o.blocked)
        clears = [
            o.at
            for o in mine
            if not o.blocked and o.level in ("routine", "self_care") and o.at >= last_block
        ]
        if not clears:
            out.add(region)
    return out


def usable(policy: Policy, observations: list[Observation]) -> list[tuple[str, str, str]]:
    """(region, spot, tier) the planner may choose from."""
    blocked = blocked_regions(observations)
    return [
        (r.id, s.id, r.tier(policy.route) or "")
        for r in ATLAS.for_route(policy.route)
        if r.tier(policy.route) != "avoid"
        and r.id not in blocked
        and r.id not in policy.excluded
        and (policy.allowed is None or r.id in policy.allowed)
        for s in r.spots
    ]


def own_rest_over(
    region: str, spot: str, policy: Policy, history: list[Injection], obs: list[Observation]
) -> bool:
    for i in history:
        if i.region != region or i.at > NOW:
            continue
        if i.spot in (spot, None) and NOW - i.at < policy.spot_rest:
            return False
        if policy.region_rest and NOW - i.at < policy.region_rest:
            return False
    for o in obs:
        if o.region == region and not o.blocked and o.spot in (spot, None):
            days = o.rest_days
            if days is None and o.case.get("findings"):
                days = 14 if "bruise" in o.case["findings"] else 7
            if days and o.at + timedelta(days=days) > NOW:
                return False
    return True


COMMON = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(injections(), checks(), policies())
def test_never_a_blocked_avoid_or_ruled_out_spot(history, obs, policy) -> None:  # type: ignore[no-untyped-def]
    s = plan_next_site(ATLAS, Usage.from_records(history, obs), policy, NOW)
    options = usable(policy, obs)
    if not options:
        assert s.choice is None
        return
    assert s.choice is not None
    assert (s.region, s.spot, s.choice.tier) in options
    assert s.choice.tier != "avoid"


@COMMON
@given(injections(), checks(), policies(), st.randoms(use_true_random=False))
def test_deterministic_for_the_same_history_in_any_order(history, obs, policy, rnd) -> None:  # type: ignore[no-untyped-def]
    a = plan_next_site(ATLAS, Usage.from_records(history, obs), policy, NOW).to_dict()
    shuffled, shuffled_obs = list(history), list(obs)
    rnd.shuffle(shuffled)
    rnd.shuffle(shuffled_obs)
    b = plan_next_site(ATLAS, Usage.from_records(shuffled, shuffled_obs), policy, NOW).to_dict()
    assert a == b


@COMMON
@given(injections(), checks(), policies())
def test_rest_is_respected_whenever_some_spot_is_rested(history, obs, policy) -> None:  # type: ignore[no-untyped-def]
    s = plan_next_site(ATLAS, Usage.from_records(history, obs), policy, NOW)
    rested = [o for o in usable(policy, obs) if own_rest_over(o[0], o[1], policy, history, obs)]
    if rested:
        assert s.region is not None and s.spot is not None
        assert own_rest_over(s.region, s.spot, policy, history, obs)
        assert s.choice is not None and s.choice.ready
        if any(tier == "preferred" for *_, tier in rested):
            assert s.choice.tier == "preferred"
    elif s.choice is not None:
        assert s.all_resting and not s.choice.ready


@settings(max_examples=40, deadline=None)
@given(injections())
def test_the_summary_from_grouped_rows_equals_the_summary_from_the_list(history) -> None:  # type: ignore[no-untyped-def]
    last: dict[tuple[str, str | None], object] = {}
    for i in history:
        key = (i.region, i.spot)
        last[key] = max(i.at, last.get(key, i.at))  # type: ignore[type-var]
    rows = [(r, s, at) for (r, s), at in random.Random(1).sample(list(last.items()), len(last))]
    grouped = Usage.from_last_uses(rows)  # type: ignore[arg-type]
    reference = Usage.from_records(history)
    assert grouped.spot_last == reference.spot_last
    assert grouped.region_last == reference.region_last
