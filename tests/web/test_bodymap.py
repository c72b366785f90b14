"""The body map's layout: every place reachable, every target big enough, none overlapping."""

from __future__ import annotations

from itertools import combinations

import pytest

from sitecare.domain.atlas import load_atlas
from sitecare.web.bodymap import (
    HIT_PX,
    PARTS,
    BodyMap,
    Box,
    body_map,
    map_regions,
)

ATLAS = load_atlas()
STATES = {r.id: "ready" for r in ATLAS.for_route("intravenous")}
STATES.update(forearm_left="resting", antecubital_fossa_right="blocked")
REGIONS = map_regions(
    ATLAS, route="intravenous", states=STATES, suggested="forearm_right", suggested_spot="2"
)


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def test_every_region_is_in_exactly_one_part() -> None:
    ids = [rid for part in PARTS for rid in part.regions]
    assert sorted(ids) == sorted(ATLAS.ids)


def test_whole_body_targets_are_a_thumb_wide_and_apart() -> None:
    whole = body_map(REGIONS)
    assert not whole.zoomed
    for figure in whole.figures:
        for t in figure.targets:
            assert t.hit[2] * figure.scale >= 44 and t.hit[3] * figure.scale >= 44, t.aria
        for a, b in combinations(figure.targets, 2):
            assert not overlap(a.hit, b.hit), (a.aria, b.aria)


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.id)
def test_zoomed_places_are_a_thumb_wide_apart_and_labelled(part) -> None:  # type: ignore[no-untyped-def]
    zoomed: BodyMap = body_map(REGIONS, part=part.id)
    assert zoomed.part is part
    shown = set()
    for figure in zoomed.figures:
        bx, by, bw, bh = figure.box
        for t in figure.targets:
            assert t.region is not None and t.lines and t.aria.startswith(t.region.label)
            assert (
                t.hit[2] * figure.scale >= HIT_PX - 0.01
                and t.hit[3] * figure.scale >= HIT_PX - 0.01
            )
            # the target lies on the drawing
            assert bx <= t.hit[0] and t.hit[0] + t.hit[2] <= bx + bw, t.region.id
            assert by <= t.hit[1] and t.hit[1] + t.hit[3] <= by + bh, t.region.id
            shown.add(t.region.id)
        for a, b in combinations(figure.targets, 2):
            assert not overlap(a.hit, b.hit), (a.region.id, b.region.id)  # type: ignore[union-attr]
    assert shown == set(part.regions)


def test_the_legend_names_every_look_on_the_map() -> None:
    whole = body_map(REGIONS)
    words = " ".join(item.words for item in whole.legend)
    assert "ready" in words and "riskier" in words and "avoid" in words
    assert "not used for this way of injecting" in words and "suggested" in words
    looks = {item.look for item in whole.legend}
    assert "region s-ready t-caution" in looks  # a riskier place does not look like a safer one
    drawn = {r.look.replace(" suggested", "") for r in REGIONS}
    for look in drawn:
        state = look.split()[1]
        assert any(state in item.look for item in whole.legend), look
