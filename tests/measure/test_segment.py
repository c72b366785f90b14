"""The automatic outline on each skin tone, for redness, a bruise and a wound."""

from __future__ import annotations

import pytest
from tests.measure.conftest import photo

from sitecare.measure import measure_photo

CASES = [
    ("light", "redness", "ellipse", 8.0),
    ("medium", "bruise", "irregular", 14.0),
    ("dark", "redness", "irregular", 20.0),
    ("dark", "wound", "ellipse", 5.0),
    ("deep", "bruise", "ellipse", 12.0),
    ("deep", "redness", "irregular", 16.0),
]


@pytest.mark.parametrize(
    ("tone", "kind", "shape", "size"), CASES, ids=[f"{t}-{k}-{s}-{z:g}mm" for t, k, s, z in CASES]
)
def test_the_mark_is_found_without_help_and_measured_within_8_percent(
    tone: str, kind: str, shape: str, size: float
) -> None:
    p = photo(
        tone=tone, kind=kind, shape=shape, size_mm=size, tilt_deg=15.0, light=0.25, seed=int(size)
    )
    result = measure_photo(p.image)
    assert result.area_mm2 is not None, result.warnings
    assert abs(result.area_mm2 / p.area_mm2 - 1) < 0.08
    assert result.longest_mm is not None and abs(result.longest_mm - size) < 0.15 * size + 0.5


def test_a_seed_on_the_mark_traces_that_mark() -> None:
    p = photo(tone="medium", kind="redness", size_mm=10.0, seed=21)
    result = measure_photo(p.image, seed=p.centre_px)
    assert result.area_mm2 is not None and abs(result.area_mm2 / p.area_mm2 - 1) < 0.08
    xs = [x for x, _ in result.outline]
    assert min(xs) < p.centre_px[0] < max(xs)


def test_plain_skin_has_no_mark_to_measure() -> None:
    result = measure_photo(photo(with_mark=False, seed=22).image)
    assert result.card_found and result.area_mm2 is None
    assert any("No mark found" in w for w in result.warnings)
