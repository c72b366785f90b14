"""The shipped atlas: every contract id, sane tiers, verified codes only, drawable shapes, spots."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from sitecare.domain.atlas import ROUTES, load_atlas
from sitecare.domain.errors import InvalidInput

ATLAS = load_atlas()
SHARED_ATLAS_MD = Path(__file__).resolve().parents[3] / "shared" / "design" / "atlas.md"

# Codes marked verified ([V]) in shared/design/ecosystem.md sections 1.3 and 1.4.
VERIFIED_SNOMED = set(
    [
        "818983003",
        "27033000",
        "86367003",
        "50519007",
        "68505006",
        "48544008",
        "68367000",
        "40983000",
        "35259002",
        "14975008",
        "85562004",
        "56459004",
        "26893007",
        "85119005",
        "37117007",
        "45048000",
        "46862004",
        "53120007",
        "61685007",
        "32153003",
        "62175007",
        "30021000",
        "71966008",
        "1186642001",
        "75093004",
        "371305003",
        "371309009",
        "5742000",
        "17957002",
        "33712006",
        "281642007",
        "60496002",
        "39687006",
        "43081002",
        "22180002",
        "74757004",
        "24785000",
        "76552005",
        "74160004",
        "75144006",
        "67269001",
        "45981001",
        "72939005",
        "61248009",
        "73958006",
        "4578000",
        "70559009",
        "41550009",
        "128553008",
        "49852007",
        "20699002",
        "19715009",
        "83419000",
        "71585003",
        "12123001",
        "63190004",
        "60734001",
        "7771000",
        "24028007",
    ]
)
VERIFIED_ACTSITE = set(
    [
        "LA",
        "RA",
        "LUA",
        "RUA",
        "LD",
        "RD",
        "LACF",
        "RACF",
        "LUFA",
        "LMFA",
        "LLFA",
        "RUFA",
        "RMFA",
        "RLFA",
        "LH",
        "RH",
        "LT",
        "RT",
        "LVL",
        "RVL",
        "LG",
        "RG",
        "LVG",
        "RVG",
        "LUAQ",
        "LLAQ",
        "RUAQ",
        "RLAQ",
        "LF",
        "RF",
        "LEJ",
        "LIJ",
        "REJ",
        "RIJ",
        "LSC",
        "RSC",
        "LAC",
        "LPC",
        "RAC",
        "RPC",
        "BU",
    ]
)


def test_every_contract_region_is_in_the_atlas(contract_region_ids: set[str]) -> None:
    assert set(ATLAS.ids) >= contract_region_ids


@pytest.mark.skipif(not SHARED_ATLAS_MD.exists(), reason="shared/ is not beside the checkout")
def test_every_region_named_in_the_shared_atlas_document_exists(
    contract_region_ids: set[str],
) -> None:
    text = SHARED_ATLAS_MD.read_text()
    bases = re.findall(r"^\| `(\w+)` \|", text, flags=re.M)
    assert set(bases) == {
        i.removesuffix("_left") for i in contract_region_ids if i.endswith("_left")
    } - {"abdomen_upper", "abdomen_lower"}
    for full in re.findall(r"`(abdomen_\w+|face)`", text):
        assert full in ATLAS


@pytest.mark.parametrize("region", ATLAS.regions, ids=lambda r: r.id)
def test_each_region_is_complete(region) -> None:  # type: ignore[no-untyped-def]
    assert region.label and region.label[0].isupper()
    assert region.side in ("left", "right", "none")
    assert region.routes and set(region.routes) <= set(ROUTES)
    for rt in region.routes.values():
        assert rt.tier in ("preferred", "caution", "avoid")
        assert len(rt.reason) > 20 and rt.reason.endswith(".")
    assert region.spots, "every region has spots"
    assert [s.id for s in region.spots] == [str(i) for i in range(1, len(region.spots) + 1)]
    shape = region.shape
    assert shape.view in ("front", "back")
    assert 0 < shape.cx < ATLAS.width and 0 < shape.cy < ATLAS.height
    for spot in region.spots:
        # spots lie inside (or on the edge of) the region's ellipse on the map
        inside = ((spot.x - shape.cx) / shape.rx) ** 2 + ((spot.y - shape.cy) / shape.ry) ** 2
        assert inside <= 1.05, (region.id, spot.id)


@pytest.mark.parametrize("region", ATLAS.regions, ids=lambda r: r.id)
def test_codes_are_only_verified_ones(region) -> None:  # type: ignore[no-untyped-def]
    for code in region.codes.get("snomed", {}).values():
        assert code in VERIFIED_SNOMED, (region.id, code)
    if "actsite" in region.codes:
        assert region.codes["actsite"] in VERIFIED_ACTSITE
        if region.side != "none":
            assert region.codes["actsite"][0] == region.side[0].upper()
    if region.side in ("left", "right"):
        assert region.codes["laterality"] == {"left": "7771000", "right": "24028007"}[region.side]


def test_subcutaneous_spots_are_about_a_finger_width_apart() -> None:
    for region in ATLAS.for_route("subcutaneous"):
        if region.id == "face":
            continue
        assert 1.0 <= region.spot_spacing_cm <= 2.5, region.id
        spots = region.spots
        nearest = min(
            math.dist((a.dx_cm, a.dy_cm), (b.dx_cm, b.dy_cm))
            for a in spots
            for b in spots
            if a is not b
        )
        assert nearest >= 1.0


def test_intravenous_spots_run_along_the_vein_from_far_to_near_the_heart() -> None:
    for region in ATLAS.for_route("intravenous"):
        if region.spot_layout != "line":
            continue
        first, last = region.spots[0], region.spots[-1]
        assert "farthest" in first.label and "nearest" in last.label
        assert all(s.dx_cm == 0 for s in region.spots)


def test_left_and_right_are_mirror_images() -> None:
    for region in ATLAS.regions:
        if region.side != "left" or not region.id.endswith("_left"):
            continue
        right = ATLAS.region(region.id[: -len("_left")] + "_right")
        assert region.shape.cx == ATLAS.width - right.shape.cx
        assert region.shape.view == right.shape.view
        assert region.routes == right.routes


def test_risk_tiers_follow_the_atlas_document() -> None:
    tier = lambda rid, route: ATLAS.region(rid).tier(route)  # noqa: E731
    for base in ("neck", "wrist", "fingers", "groin", "toes"):
        assert tier(f"{base}_left", "intravenous") == "avoid"
    for base in ("upper_arm_inner", "hand_dorsum", "lower_leg", "foot_dorsum"):
        assert tier(f"{base}_right", "intravenous") == "caution"
    for base in ("antecubital_fossa", "forearm"):
        assert tier(f"{base}_left", "intravenous") == "preferred"
    assert tier("ventrogluteal_left", "intramuscular") == "preferred"
    assert tier("buttock_upper_outer_left", "intramuscular") == "caution"
    assert tier("abdomen_lower_left", "subcutaneous") == "preferred"
    assert all(rt.tier == "avoid" for rt in ATLAS.region("face").routes.values())
    assert set(ATLAS.region("face").routes) == set(ROUTES)


def test_unknown_regions_get_close_matches() -> None:
    with pytest.raises(InvalidInput) as exc:
        ATLAS.region("antecubital_fosa_left")
    assert exc.value.suggestions[0] == "antecubital_fossa_left"
    assert ATLAS.region("Forearm-Left").id == "forearm_left"
    with pytest.raises(InvalidInput) as far:
        ATLAS.region("kneecap")
    # the command line says what to run; web pages show only the message and the hint
    assert "sitecare sites" in (far.value.command_hint or "")
    assert "sitecare" not in str(far.value)


def test_unknown_spot_names_the_valid_ones() -> None:
    with pytest.raises(InvalidInput, match="Its spots are 1, 2, 3"):
        ATLAS.region("antecubital_fossa_left").spot("9")


def test_the_belly_holds_at_least_80_spots_a_finger_width_apart_away_from_the_navel() -> None:
    quarters = [r for r in ATLAS if r.base.startswith("abdomen_")]
    assert len(quarters) == 4
    for region in quarters:
        assert region.spot_layout == "area" and region.spot_spacing_cm == 2
        # the navel is the corner of each quarter toward the middle of the body
        inner = 1 if region.inner_is_right else -1
        vertical = 1 if "upper" in region.id else -1
        navel = (inner * 7, vertical * 5)
        for spot in region.spots:
            assert math.dist((spot.dx_cm, spot.dy_cm), navel) >= 5, (region.id, spot.id)
        ends = region.end_words()
        assert ends["right" if region.inner_is_right else "left"] == "toward the navel"
    assert sum(len(r.spots) for r in quarters) >= 80


def test_neighbours_are_the_spots_one_spacing_away() -> None:
    region = ATLAS.region("thigh_front_left")
    for spot in region.spots:
        for other in region.spots:
            near = math.dist((spot.dx_cm, spot.dy_cm), (other.dx_cm, other.dy_cm))
            assert (other.id in region.neighbours(spot.id)) == (
                other is not spot and near <= region.spot_spacing_cm * 1.05
            )
