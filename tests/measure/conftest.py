"""Small synthetic photos (the suite stays quick): 1200 x 900 pixels, the scene 150 mm wide."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from sitecare.measure.synthetic import Photo, Scene, make_photo

SMALL = Scene(width=1200, height=900, span_mm=150.0, blur_px=0.8, noise=2.0, jpeg=88)


@cache
def photo(**changes: object) -> Photo:
    """A synthetic photo of SMALL with ``changes`` (cached: several tests share one)."""
    return make_photo(replace(SMALL, **changes))  # type: ignore[arg-type]
