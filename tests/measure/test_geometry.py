"""Measuring a polygon on the card's plane, against exact geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest
from tests.measure.conftest import photo

from sitecare.measure import OutlineError, measure_photo
from sitecare.measure.geometry import check_outline, measure_outline, pixel_area_mm2

#: 10 px per mm, the card's corner at pixel (50, 40), seen straight on
STRAIGHT = np.array([[0.1, 0, -5.0], [0, 0.1, -4.0], [0, 0, 1]])


def test_a_rectangle_seen_straight_on_has_its_exact_area_and_diameters() -> None:
    mm = np.array([[0, 0], [20, 0], [20, 10], [0, 10]], dtype=float)
    size = measure_outline(mm * 10 + [50, 40], STRAIGHT)
    assert size.area_mm2 == pytest.approx(200.0)
    assert size.longest_mm == pytest.approx(math.hypot(20, 10))
    assert size.across_mm == pytest.approx(2 * 20 * 10 / math.hypot(20, 10))


def test_a_slanted_view_measures_the_same_shape_the_same() -> None:
    tilt = np.array([[1.0, 0.2, 5], [0.1, 0.9, 3], [0.0004, 0.0002, 1]])
    to_mm = STRAIGHT @ np.linalg.inv(tilt)
    mm = np.array([[0, 0], [20, 0], [20, 10], [0, 10]], dtype=float)
    px = mm * 10 + [50, 40]
    q = np.c_[px, np.ones(4)] @ tilt.T
    seen = q[:, :2] / q[:, 2:]
    assert measure_outline(seen, to_mm).area_mm2 == pytest.approx(200.0)


def test_pixel_areas_add_up_to_the_plane_area() -> None:
    ys, xs = np.mgrid[40:140, 50:250]
    assert pixel_area_mm2(xs.ravel(), ys.ravel(), STRAIGHT, 1.0) == pytest.approx(200.0)


def test_a_traced_outline_on_a_photo_is_within_one_percent() -> None:
    p = photo(tilt_deg=25.0, spin_deg=30.0, shape="irregular", seed=11)
    result = measure_photo(p.image, outline=p.outline_px[::4])
    assert result.card_found and result.area_mm2 is not None
    assert abs(result.area_mm2 / p.area_mm2 - 1) < 0.01


@pytest.mark.parametrize(
    ("points", "words"),
    [
        ([(0, 0), (10, 10)], "at least 3"),
        ([(0, 0), (10, 10), (10, 0), (0, 10)], "crosses itself"),
        ([(0, 0), (5000, 0), (0, 10)], "outside the photo"),
        ([(-1, 0), (10, 0), (0, 10)], "outside the photo"),
        ([(0, 0), (10, 0), (20, 0)], "no area"),
    ],
)
def test_an_outline_that_cannot_be_measured_is_refused(
    points: list[tuple[float, float]], words: str
) -> None:
    with pytest.raises(OutlineError, match=words):
        check_outline(np.array(points, dtype=float), 1200, 900)
