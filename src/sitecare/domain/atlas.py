"""The body-site atlas: regions, their spots, risk tiers per route and codes.

The data lives in ``sitecare/data/atlas.yaml``; this module turns it into frozen objects.
Region ids are a public contract (see shared/design/atlas.md).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast

from sitecare.domain.atlas_spots import keep_away, layout_cells
from sitecare.domain.errors import InvalidInput, close_matches
from sitecare.domain.messages import Msg
from sitecare.domain.routes import ROUTE_MEANINGS
from sitecare.domain.routes import ROUTES as ROUTES  # re-exported: the route ids
from sitecare.domain.yamlload import load_data

T = TypeVar("T")

Tier = Literal["preferred", "caution", "avoid"]
Side = Literal["left", "right", "none"]
View = Literal["front", "back"]

TIERS: tuple[Tier, ...] = ("preferred", "caution", "avoid")
#: a lower rank is safer
TIER_RANK: Mapping[str, int] = {"preferred": 0, "caution": 1, "avoid": 2}


@dataclass(frozen=True, slots=True)
class RouteTier:
    """How safe a region is for one route, and why, in plain words."""

    tier: Tier
    reason: str


@dataclass(frozen=True, slots=True)
class Spot:
    """An exact place inside a region that rotation moves between."""

    id: str
    label: str
    order: int
    x: float
    y: float
    #: offset from the region centre in centimetres (right/down positive on the drawing)
    dx_cm: float
    dy_cm: float
    #: row and column in the region's spot picture (1-based; a line is one column)
    row: int = 1
    col: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "order": self.order,
            "x": self.x,
            "y": self.y,
            "dx_cm": self.dx_cm,
            "dy_cm": self.dy_cm,
            "row": self.row,
            "col": self.col,
        }


#: a spot within this many spot-spacings of another is "right next to it"
NEIGHBOUR_SPACINGS = 1.05

#: the words for each end of a region's spot picture, by the side of the drawing
ENDS: tuple[str, ...] = ("top", "bottom", "inner", "outer")


@dataclass(frozen=True, slots=True)
class Shape:
    """An ellipse on one view of the body map."""

    view: View
    cx: float
    cy: float
    rx: float
    ry: float


@dataclass(frozen=True, slots=True)
class Region:
    """A named area of the body, with a side."""

    id: str
    base: str
    label: str
    side: Side
    routes: Mapping[str, RouteTier]
    codes: Mapping[str, Any]
    shape: Shape
    spots: tuple[Spot, ...]
    spot_spacing_cm: float
    spot_layout: str
    #: plain words for the ends of the spot picture: top, bottom, inner (toward the middle of
    #: the body), outer ("toward the wrist"); see :meth:`end_words`
    ends: Mapping[str, str] = field(default_factory=dict)
    #: whether the middle of the body is to the right of this region on its drawing
    inner_is_right: bool = False
    #: area layouts: the usable area (width, height in cm) and the circle kept free of spots
    #: (its centre from the area's centre, right/down positive on the drawing, and its radius)
    area_cm: tuple[float, float] | None = None
    keep_away_cm: tuple[float, float, float] | None = None
    _spot_index: Mapping[str, Spot] = field(repr=False, compare=False, default_factory=dict)
    #: spot id -> ids of the spots right next to it (within NEIGHBOUR_SPACINGS spacings)
    _neighbours: Mapping[str, tuple[str, ...]] = field(
        repr=False, compare=False, default_factory=dict
    )

    def tier(self, route: str) -> Tier | None:
        """The region's tier for ``route``, or None when the region is not used for it."""
        rt = self.routes.get(route)
        return rt.tier if rt else None

    def spot(self, spot_id: str) -> Spot:
        """Return a spot of this region, or raise InvalidInput naming the valid ones."""
        try:
            return self._spot_index[spot_id]
        except KeyError:
            valid = [s.id for s in self.spots]
            which = ", ".join(valid) if len(valid) <= 6 else Msg("1 to %(n)s", n=len(valid))
            said = Msg("%(region)s has no spot %(spot)s. Its spots are %(which)s.", which=which,
                       region=self.id, spot=repr(spot_id))  # fmt: skip
            near = close_matches(spot_id, valid, n=1)
            raise InvalidInput(said, field="spot", suggestions=near) from None

    def neighbours(self, spot_id: str) -> tuple[str, ...]:
        """Ids of the spots right next to ``spot_id`` (about one spacing away)."""
        return self._neighbours.get(spot_id, ())

    def end_words(self) -> dict[str, str]:
        """The words for each edge of the spot picture as drawn: top, bottom, left, right."""
        out = {k: self.ends[k] for k in ("top", "bottom") if k in self.ends}
        inner, outer = self.ends.get("inner"), self.ends.get("outer")
        left, right = (outer, inner) if self.inner_is_right else (inner, outer)
        if left:
            out["left"] = left
        if right:
            out["right"] = right
        return out

    def to_dict(self) -> dict[str, Any]:
        """The region in the shape ``sitecare sites --json`` and the API give (api.md)."""
        return {
            "id": self.id,
            "base": self.base,
            "label": self.label,
            "side": self.side,
            "routes": {route: rt.tier for route, rt in self.routes.items()},
            "route_reasons": {route: rt.reason for route, rt in self.routes.items()},
            "codes": dict(self.codes),
            "map": {
                "view": self.shape.view,
                "cx": self.shape.cx,
                "cy": self.shape.cy,
                "rx": self.shape.rx,
                "ry": self.shape.ry,
            },
            "spot_layout": self.spot_layout,
            "spot_spacing_cm": self.spot_spacing_cm,
            "ends": self.end_words(),
            "spots": [s.to_dict() for s in self.spots],
        }


@dataclass(frozen=True, slots=True)
class Atlas:
    """Every region of the body map, in a stable order."""

    regions: tuple[Region, ...]
    width: float
    height: float
    route_labels: Mapping[str, str]
    _index: Mapping[str, Region] = field(repr=False, compare=False, default_factory=dict)
    #: what is worked out once per route and kept (``for_route``, ``domain.rotation``): the
    #: atlas never changes once loaded
    _per_route: dict[tuple[str, str], Any] = field(repr=False, compare=False, default_factory=dict)

    def __iter__(self) -> Iterator[Region]:
        return iter(self.regions)

    def __len__(self) -> int:
        return len(self.regions)

    def __contains__(self, region_id: object) -> bool:
        return region_id in self._index

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.regions)

    def region(self, region_id: str) -> Region:
        """Return a region by id or by the words people use ("left inner elbow", "belly").

        Raises InvalidInput with every region the words could be, or the closest ids
        (``sitecare.domain.placewords``, words in ``data/region_words.yaml``).
        """
        try:
            return self._index[region_id]
        except KeyError:
            pass
        from sitecare.domain.placewords import resolve_region_id

        labels = {r.id: r.label for r in self.regions}
        return self._index[resolve_region_id(str(region_id), self.ids, labels)]

    def for_route(self, route: str) -> tuple[Region, ...]:
        """Regions that list ``route`` (any tier, including avoid)."""
        return self.per_route(
            "for_route", route, lambda: tuple(r for r in self.regions if route in r.routes)
        )

    def per_route(self, what: str, route: str, make: Callable[[], T]) -> T:
        """``make()`` for this route, worked out once and kept (the atlas never changes)."""
        key = (what, route)
        try:
            return cast(T, self._per_route[key])
        except KeyError:
            value = self._per_route[key] = make()
            return value


def check_route(route: str, *, allow_unknown: bool = False) -> str:
    """A route id from an id or the words people use ("iv", "subq", "im", "into a vein").

    Raises InvalidInput with the closest ids.
    """
    valid = ROUTES + (("unknown",) if allow_unknown else ())
    if route in valid:
        return route
    from sitecare.domain.placewords import resolve_route_id

    return resolve_route_id(str(route), valid)


# --- loading -------------------------------------------------------------------------------

_SIDE_WORD = {"left": "Left", "right": "Right"}


def _spots(spec: Mapping[str, Any], shape: Shape, inner_is_right: bool) -> tuple[Spot, ...]:
    cells = layout_cells(spec, inner_is_right)
    # Drawn inside the region's ellipse on the body map: the spots' box fits in the ellipse.
    half_w = max((abs(dx) for dx, *_ in cells), default=0.0)
    half_h = max((abs(dy) for _, dy, *_ in cells), default=0.0)
    fit = math.sqrt(2) if half_w and half_h else 1.0
    sx = shape.rx * 0.85 / fit / half_w if half_w else 0.0
    sy = shape.ry * 0.85 / fit / half_h if half_h else 0.0
    spots = []
    for n, (dx, dy, row, col, where) in enumerate(cells, start=1):
        label = (
            Msg("spot %(spot)s (%(where)s)", spot=n, where=where)
            if where
            else Msg("spot %(spot)s", spot=n)
        )
        spots.append(
            Spot(
                id=str(n),
                label=label,
                order=n,
                x=round(shape.cx + dx * sx, 1),
                y=round(shape.cy + dy * sy, 1),
                dx_cm=round(dx, 2),
                dy_cm=round(dy, 2),
                row=row,
                col=col,
            )
        )
    return tuple(spots)


def _neighbour_index(spots: tuple[Spot, ...], spacing: float) -> dict[str, tuple[str, ...]]:
    limit = spacing * NEIGHBOUR_SPACINGS
    return {
        a.id: tuple(
            b.id
            for b in spots
            if b is not a and math.hypot(a.dx_cm - b.dx_cm, a.dy_cm - b.dy_cm) <= limit
        )
        for a in spots
    }


def _region(entry: Mapping[str, Any], side: Side, mirrored: bool, width: float) -> Region:
    base = entry["base"]
    rid = f"{base}_{side}" if entry.get("sides") else base
    s = entry["shape"]
    cx = float(s["cx"])
    if mirrored:
        cx = width - cx
    shape = Shape(
        view=entry["view"], cx=cx, cy=float(s["cy"]), rx=float(s["rx"]), ry=float(s["ry"])
    )
    label = entry["label"]
    if entry.get("sides"):
        label = f"{_SIDE_WORD[side]} {label}"
    else:
        label = label[0].upper() + label[1:]
    codes: dict[str, Any] = {}
    raw_codes = entry.get("codes") or {}
    if "snomed" in raw_codes:
        codes["snomed"] = dict(raw_codes["snomed"])
    if "snomed_side" in raw_codes:
        codes.setdefault("snomed", {})["body_structure"] = raw_codes["snomed_side"][side]
    actsite = raw_codes.get("actsite")
    if isinstance(actsite, Mapping):
        codes["actsite"] = actsite[side]
    elif actsite:
        codes["actsite"] = actsite
    if side in ("left", "right"):
        codes["laterality"] = {"left": "7771000", "right": "24028007"}[side]
    routes = {
        route: RouteTier(tier=spec["tier"], reason=" ".join(spec["reason"].split()))
        for route, spec in entry["routes"].items()
    }
    spots = _spots(entry["spots"], shape, inner_is_right=shape.cx < width / 2)
    spacing = float(entry["spots"]["spacing_cm"])
    return Region(
        id=rid,
        base=base,
        label=label,
        side=side,
        routes=routes,
        codes=codes,
        shape=shape,
        spots=spots,
        spot_spacing_cm=spacing,
        spot_layout=entry["spots"]["layout"],
        ends={k: str(v) for k, v in (entry.get("ends") or {}).items() if k in ENDS},
        inner_is_right=shape.cx < width / 2,
        area_cm=(float(entry["spots"]["width_cm"]), float(entry["spots"]["height_cm"]))
        if entry["spots"]["layout"] == "area"
        else None,
        keep_away_cm=keep_away(entry["spots"], shape.cx < width / 2),
        _spot_index={sp.id: sp for sp in spots},
        _neighbours=_neighbour_index(spots, spacing),
    )


def parse_atlas(data: Mapping[str, Any]) -> Atlas:
    """Build an Atlas from the parsed YAML document."""
    width = float(data["map"]["width"])
    regions: list[Region] = []
    for entry in data["regions"]:
        if entry.get("sides"):
            for side in entry["sides"]:
                regions.append(_region(entry, side, side == "left", width))
        else:
            regions.append(_region(entry, entry.get("side", "none"), False, width))
    index = {r.id: r for r in regions}
    if len(index) != len(regions):
        raise ValueError("duplicate region ids in the atlas")
    return Atlas(
        regions=tuple(regions),
        width=width,
        height=float(data["map"]["height"]),
        route_labels=dict(data.get("routes") or ROUTE_MEANINGS),
        _index=index,
    )


@functools.cache
def load_atlas() -> Atlas:
    """The atlas shipped with sitecare (parsed once per process)."""
    return parse_atlas(load_data("atlas.yaml"))
