"""The body map moved to ``sitecare.views.bodymap`` (pocket draws it too); names kept here."""

from __future__ import annotations

from sitecare.views.bodymap import (
    HIT_PX,
    PART_OF,
    PARTS,
    BodyMap,
    Box,
    MapRegion,
    back_href,
    body_map,
    map_regions,
    part_href,
    spot_picker,
)

__all__ = [
    "HIT_PX",
    "PARTS",
    "PART_OF",
    "BodyMap",
    "Box",
    "MapRegion",
    "back_href",
    "body_map",
    "map_regions",
    "part_href",
    "spot_picker",
]
