"""Finding the card in generated photos: rotated, oblique, shadowed, far, blurred, cut off."""

from __future__ import annotations

import numpy as np
import pytest
from tests.measure.conftest import photo

from sitecare.measure import NO_CARD, measure_photo
from sitecare.measure.detect import apply, find_card


def _mm_error_at_mark(changes: dict[str, object]) -> float:
    p = photo(**changes)
    view = find_card(p.image)
    assert view is not None, changes
    truth = np.linalg.inv(p.plane_to_px)
    found = apply(view.to_mm, p.outline_px)
    return float(np.abs(found - apply(truth, p.outline_px)).max())


@pytest.mark.parametrize(
    "changes",
    [
        {"spin_deg": 90.0},
        {"spin_deg": 200.0, "seed": 1},
        {"tilt_deg": 30.0, "spin_deg": 40.0, "seed": 2},
        {"shadow": True, "seed": 3},
        {"shadow": True, "tilt_deg": 20.0, "tone": "deep", "seed": 4},
    ],
    ids=["rotated-90", "rotated-200", "oblique-30", "shadowed", "shadowed-oblique-deep"],
)
def test_the_card_is_found_and_maps_the_mark_to_within_a_fifth_of_a_mm(
    changes: dict[str, object],
) -> None:
    assert _mm_error_at_mark(changes) < 0.2


def test_a_steep_slant_is_warned_about() -> None:
    view = find_card(photo(tilt_deg=55.0, seed=5).image)
    assert view is not None
    assert any("slant" in w for w in view.warnings())


def test_a_far_card_is_warned_about() -> None:
    view = find_card(photo(span_mm=320.0, seed=6).image)
    assert view is not None and view.px_per_mm < 5
    assert any("far away" in w for w in view.warnings())


def test_a_blurred_photo_is_warned_about_and_a_sharp_one_is_not() -> None:
    blurred = find_card(photo(blur_px=5.0, seed=7).image)
    sharp = find_card(photo(blur_px=0.6, seed=7).image)
    assert blurred is not None and sharp is not None
    assert any("blurred" in w for w in blurred.warnings())
    assert not any("blurred" in w for w in sharp.warnings())


def test_a_card_cut_off_at_the_edge_is_still_used_and_warned_about() -> None:
    p = photo(seed=8)
    corners = apply(p.plane_to_px, np.array([[0.0, 0.0], [85.6, 53.98]]))
    cut = int(min(corners[:, 0]) + 0.25 * abs(corners[1, 0] - corners[0, 0]))
    view = find_card(np.ascontiguousarray(p.image[:, cut:]))
    assert view is not None and view.cut_off and len(view.markers) >= 2
    assert any("cut off" in w for w in view.warnings())


def test_a_photo_without_the_card_says_no_card_found_and_measures_nothing() -> None:
    result = measure_photo(photo(with_card=False).image)
    assert not result.card_found and result.area_mm2 is None and result.outline == []
    assert result.warnings == [NO_CARD]
