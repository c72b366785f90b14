"""Where the spots of a region lie: a grid, an area (with a circle kept free, the navel for
the belly quarters) or a line along a vein, as offsets in cm from the region's centre with
their row, column and the words for where each is. :mod:`sitecare.domain.atlas` draws them
into the region's ellipse."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sitecare.domain.messages import Msg, word

#: a spot's offset from the region's centre (cm, right/down positive), row, column and words
Cell = tuple[float, float, int, int, str]


def _grid_cells(spec: Mapping[str, Any]) -> list[Cell]:
    rows, cols = int(spec["rows"]), int(spec["cols"])
    spacing = float(spec["spacing_cm"])
    cells = []
    for r in range(rows):
        for c in range(cols):
            dx = (c - (cols - 1) / 2) * spacing
            dy = (r - (rows - 1) / 2) * spacing
            where: str = ""
            if rows * cols > 1:
                where = Msg(
                    "row %(row)s of %(rows)s, column %(col)s of %(cols)s",
                    row=r + 1,
                    rows=rows,
                    col=c + 1,
                    cols=cols,
                )
            cells.append((dx, dy, r + 1, c + 1, where))
    return cells


def keep_away(spec: Mapping[str, Any], inner_is_right: bool) -> tuple[float, float, float] | None:
    """The circle an area keeps free of spots: centre (from the area's centre) and radius."""
    away = spec.get("keep_away")
    if not away:
        return None
    width, height = float(spec["width_cm"]), float(spec["height_cm"])
    horiz, vert = away["at"]
    inner_x = width / 2 if inner_is_right else -width / 2
    x = {"inner": inner_x, "outer": -inner_x, "middle": 0.0}[horiz]
    y = {"top": -height / 2, "bottom": height / 2, "middle": 0.0}[vert]
    return (x, y, float(away["radius_cm"]))


def _area_cells(spec: Mapping[str, Any], inner_is_right: bool) -> list[Cell]:
    """Spots ``spacing_cm`` apart over a ``width_cm`` x ``height_cm`` area.

    ``keep_away`` leaves out every spot closer than ``radius_cm`` to one corner or edge of the
    area (the navel for the belly quarters): ``at: [inner|outer|middle, top|bottom|middle]``,
    where inner is toward the middle of the body. Numbered row by row from the top, left to
    right as drawn on the body map, like the grid.
    """
    spacing = float(spec["spacing_cm"])
    width, height = float(spec["width_cm"]), float(spec["height_cm"])
    cols, rows = int(width // spacing), int(height // spacing)
    # centre the grid in the area
    x0 = (width - (cols - 1) * spacing) / 2 - width / 2
    y0 = (height - (rows - 1) * spacing) / 2 - height / 2
    away = keep_away(spec, inner_is_right)
    cells = []
    for r in range(rows):
        for c in range(cols):
            x, y = x0 + c * spacing, y0 + r * spacing
            if away is not None and math.hypot(x - away[0], y - away[1]) < away[2]:
                continue
            where: str = Msg("row %(row)s, column %(col)s", row=r + 1, col=c + 1)
            cells.append((x, y, r + 1, c + 1, where))
    return cells


def _line_cells(spec: Mapping[str, Any]) -> list[Cell]:
    count = int(spec["count"])
    spacing = float(spec["spacing_cm"])
    from_bottom = spec.get("from", "bottom") == "bottom"
    cells: list[Cell] = []
    for i in range(count):
        offset = ((count - 1) / 2 - i) * spacing
        dy = offset if from_bottom else -offset
        where: str
        if i == 0:
            where = word("farthest from the heart")
        elif i == count - 1:
            where = word("nearest the heart")
        else:
            where = word("along the vein")
        row = count - i if from_bottom else i + 1
        cells.append((0.0, dy, row, 1, where))
    return cells


def layout_cells(spec: Mapping[str, Any], inner_is_right: bool) -> list[Cell]:
    """The cells of a region's ``spots`` entry (``layout``: grid, area or line)."""
    layout = spec["layout"]
    if layout == "grid":
        return _grid_cells(spec)
    if layout == "area":
        return _area_cells(spec, inner_is_right)
    if layout == "line":
        return _line_cells(spec)
    # guarded by the atlas test over the shipped file
    raise ValueError(f"unknown spot layout {layout!r}")  # pragma: no cover
