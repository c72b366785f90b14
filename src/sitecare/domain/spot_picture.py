"""A small text picture of a region's spots, for the command line (pure).

The picture is drawn as the region sits on the body map (the front view faces you), with the
words for each edge ("toward the wrist") and each spot's state::

    Lower right belly: 31 spots, 2 cm apart
                     top: level with the navel
    left: toward your side          right: toward the navel
        1    2    3    4    5
        6    7    8    9   10
       11   12  [13]  14   15   16
    ...
    [13] suggested   (5) still resting
"""

from __future__ import annotations

from collections.abc import Mapping

from sitecare.domain.atlas import Region

CELL = 5


def _cell(spot_id: str, state: str | None, suggested: bool) -> str:
    if suggested:
        text = f"[{spot_id}]"
    elif state == "resting":
        text = f"({spot_id})"
    else:
        text = spot_id
    # numbers line up on their last digit; brackets stick out on both sides
    pad = 1 if suggested or state == "resting" else 0
    return text.rjust(CELL - 1 + pad).ljust(CELL)


def spot_picture(
    region: Region,
    states: Mapping[str, str] | None = None,
    *,
    suggested: str | None = None,
    blocked: bool = False,
) -> list[str]:
    """Lines of text that draw ``region``'s spots with their states (``ready``/``resting``)."""
    states = states or {}
    rows = max(s.row for s in region.spots)
    cols = max(s.col for s in region.spots)
    grid: dict[tuple[int, int], str] = {}
    for s in region.spots:
        grid[(s.row, s.col)] = _cell(s.id, states.get(s.id), s.id == suggested)
    count = len(region.spots)
    spacing = f"{region.spot_spacing_cm:g} cm apart"
    kind = "along the vein" if region.spot_layout == "line" else spacing
    lines = [f"{region.label}: {count} spot{'s' if count != 1 else ''}, {kind}"]
    if blocked:
        lines.append("  Blocked: do not use any spot here until it has been checked again.")
    ends = region.end_words()
    width = 2 + cols * CELL
    if "top" in ends:
        lines.append(("top: " + ends["top"]).center(max(width, 20)).rstrip())
    sides = [f"{k}: {ends[k]}" for k in ("left", "right") if k in ends]
    if sides:
        lines.append("    ".join(sides))
    by_row = {s.row: s for s in region.spots} if cols == 1 else {}
    for r in range(1, rows + 1):
        text = "  " + "".join(grid.get((r, c), " " * CELL) for c in range(1, cols + 1))
        spot = by_row.get(r)
        if spot is not None and "(" in spot.label:
            where = spot.label.partition("(")[2].rstrip(")")
            if where != "along the vein":
                text += "  " + where
        lines.append(text.rstrip())
    if "bottom" in ends:
        lines.append(("bottom: " + ends["bottom"]).center(max(width, 20)).rstrip())
    key = []
    if suggested is not None:
        key.append(f"[{suggested}] suggested")
    resting = [s.id for s in region.spots if states.get(s.id) == "resting"]
    if resting:
        key.append(f"({resting[0]}) still resting")
    if key:
        lines.append("  " + "   ".join(key))
    return lines
