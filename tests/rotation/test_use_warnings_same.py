"""Hypothesis: the quicker rest warning words exactly what the first one did.

``use_warnings`` now works out the suggestion only when a warning may need it, and
``first_ranked`` finds the suggested spot without assessing the regions nothing touches. The
reference below is the earlier code, kept as it was: on random histories, checks, policies and
picks, both give the same warnings, and ``first_ranked`` the first spot of ``rank(assess())``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitecare.domain.atlas import ROUTES, TIER_RANK, Atlas, load_atlas
from sitecare.domain.first_ranked import first_ranked
from sitecare.domain.records import Injection, Observation
from sitecare.domain.rotation import (
    Candidate,
    Policy,
    Usage,
    assess,
    assess_region,
    default_policy,
    rank,
    rank_key,
)
from sitecare.domain.site_status import BLOCKED_TODO
from sitecare.domain.use_warnings import _resting_warning, _where, tier_warning, use_warnings
from sitecare.domain.wording import when_words

from .helpers import NOW, check, inj, places_of, spots_or_none
from .test_properties import checks, policies

ATLAS = load_atlas()


def reference_warnings(
    atlas: Atlas,
    usage: Usage,
    policy: Policy,
    *,
    region: str,
    spot: str | None,
    at: datetime,
) -> list[str]:
    """``use_warnings`` as it was before it was made quicker (the suggestion always ranked)."""
    reg = atlas.region(region)
    route = policy.route
    out: list[str] = []
    tier_text = tier_warning(reg, route)
    if tier_text:
        out.append(tier_text)
    block = next((b for b in usage.blocks if b.region == reg.id), None)
    if block is not None:
        out.append(
            f"{reg.label} is blocked: a check {when_words(block.since, at)} found {block.why}. "
            + BLOCKED_TODO
        )
    cands_all, _ = assess(atlas, usage, policy, at)
    best: Candidate | None = min(cands_all, key=lambda c: rank_key(c, at)) if cands_all else None
    tier = reg.tier(route)
    if (
        tier == "caution"
        and best is not None
        and best.rested(at)
        and TIER_RANK[best.tier] < TIER_RANK["caution"]
    ):
        out.append(
            f"Take care with {reg.label}: {reg.routes[route].reason} "
            f"A safer place is rested: {_where(best)}."
        )
    if block is not None:
        return out
    cands = assess_region(reg, usage, policy, at)
    if spot is not None:
        picked = [c for c in cands if c.spot.id == spot]
    else:
        picked = cands if all(not c.rested(at) for c in cands) else []
    resting = [c for c in picked if not c.rested(at)]
    if not resting:
        return out
    c = min(resting, key=lambda c: (c.ready_at or at, c.spot.order))
    assert c.ready_at is not None
    if (
        best is not None
        and best.ready_at is not None
        and not best.rested(at)
        and c.ready_at <= best.ready_at
    ):
        return out
    out.append(_resting_warning(c, policy, at, best, spot is not None))
    return out


@st.composite
def dense_history(draw: st.DrawFn, route: str) -> list[Injection]:
    """Many recent uses of the route's own places, so that most spots are still resting."""
    out = []
    for _ in range(draw(st.integers(0, 60))):
        reg = draw(places_of(route))
        spot = draw(spots_or_none(reg.id))
        ago = draw(st.floats(0, 10, allow_nan=False))
        out.append(inj(reg.id, spot, ago_days=ago, route=route))
    return out


@st.composite
def spot_checks(draw: st.DrawFn) -> list[Observation]:
    """Checks of one spot (or a whole region) that ask for a rest."""
    out = []
    for _ in range(draw(st.integers(0, 4))):
        reg = ATLAS.region(draw(st.sampled_from(ATLAS.ids)))
        out.append(
            check(
                reg.id,
                spot=draw(spots_or_none(reg.id)),
                ago_days=draw(st.floats(0, 10, allow_nan=False)),
                rest_days=draw(st.floats(0.5, 20, allow_nan=False)),
                findings=draw(st.sampled_from([(), ("bruise",), ("small_sore",)])),
            )
        )
    return out


@st.composite
def cases(draw: st.DrawFn) -> tuple[Usage, Policy, str, str | None, datetime]:
    policy = draw(
        st.one_of(
            policies(),
            st.sampled_from(ROUTES).map(default_policy),
        )
    )
    history = draw(dense_history(policy.route))
    obs = draw(checks()) + draw(spot_checks())
    usage = Usage.from_records(history, obs)
    own = [r.id for r in ATLAS.for_route(policy.route)]
    # mostly a place of the route (resting and caution warnings), sometimes any place
    region = ATLAS.region(
        draw(st.sampled_from(own) if draw(st.integers(0, 4)) else st.sampled_from(ATLAS.ids))
    )
    spot = draw(spots_or_none(region.id))
    at = NOW + timedelta(hours=draw(st.floats(-48, 48, allow_nan=False)))
    return usage, policy, region.id, spot, at


SAME = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SAME
@given(cases())
def test_the_warnings_are_the_ones_the_earlier_code_gave(case) -> None:  # type: ignore[no-untyped-def]
    usage, policy, region, spot, at = case
    expected = reference_warnings(ATLAS, usage, policy, region=region, spot=spot, at=at)
    assert use_warnings(ATLAS, usage, policy, region=region, spot=spot, at=at) == expected


@SAME
@given(cases())
def test_first_ranked_is_the_first_of_the_ranking(case) -> None:  # type: ignore[no-untyped-def]
    usage, policy, _, _, at = case
    cands, _ = assess(ATLAS, usage, policy, at)
    ranked = rank(cands, at)
    assert first_ranked(ATLAS, usage, policy, at) == (ranked[0] if ranked else None)


def test_a_resting_pick_names_the_rested_place_the_suggestion_gives() -> None:
    # every spot of both forearms used an hour ago: the warning names the first rested place
    history = [
        inj(r, s.id, ago_days=1 / 24)
        for r in ("forearm_left", "forearm_right")
        for s in ATLAS.region(r).spots
    ]
    usage = Usage.from_records(history)
    policy = default_policy("intravenous")
    got = use_warnings(ATLAS, usage, policy, region="forearm_left", spot="1", at=NOW)
    assert got == reference_warnings(ATLAS, usage, policy, region="forearm_left", spot="1", at=NOW)
    assert len(got) == 1 and "Rested instead:" in got[0]
