"""This photo beside the last one: each fills its half until both are measured (the hook for
measurements: ``mm_per_px``), then they are drawn at the same scale."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sitecare.services.photos import Photo, side_by_side
from sitecare.web.pages.photos import figures

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _photo(ident: int, width: int, mm_per_px: float | None = None) -> Photo:
    return Photo(
        id=ident, uid=f"u{ident}", check_id=ident, check_uid=f"c{ident}", region="forearm_left",
        check_at=AT, address="0" * 32, media_type="image/jpeg", width=width, height=100,
        size_bytes=1000, mm_per_px=mm_per_px, added_at=AT,
    )  # fmt: skip


def test_unmeasured_photos_each_fill_their_half() -> None:
    side = side_by_side(_photo(2, 400), _photo(1, 1200))
    assert side.widths == (50.0, 50.0) and not side.same_scale
    assert [f["step"] for f in figures(side, "/photos/{id}", "Left forearm")] == [50, 50]


def test_measured_photos_keep_their_true_sizes() -> None:
    # the new photo covers 400 px x 0.1 mm = 40 mm, the last one 800 px x 0.1 mm = 80 mm
    side = side_by_side(_photo(2, 400, 0.1), _photo(1, 800, 0.1))
    assert side.same_scale and side.widths == (25.0, 50.0)
    shown = figures(side, "/photos/{id}", "Left forearm")
    assert [(f["caption"], f["step"]) for f in shown] == [("Before", 50), ("Now", 25)]
    one_measured = side_by_side(_photo(2, 400, 0.1), replace(_photo(1, 800), mm_per_px=None))
    assert not one_measured.same_scale


def test_a_first_photo_stands_alone() -> None:
    side = side_by_side(_photo(1, 400), None)
    assert side.previous is None
    [only] = figures(side, "/photos/{id}", "Left forearm")
    assert only["caption"] == "Latest photo" and only["href"] == "/photos/1"
