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
from sitecare.domain.messages import N_, counted, gettext_for, number

CELL = 5
#: the words before each edge's words ("top: toward the elbow")
_EDGES = {
    "top": N_("top: %(words)s"),
    "bottom": N_("bottom: %(words)s"),
    "left": N_("left: %(words)s"),
    "right": N_("right: %(words)s"),
}


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
    language: str = "en",
) -> list[str]:
    """Lines of text that draw ``region``'s spots with their states (``ready``/``resting``),
    in ``language`` (the words are laid out, so they are said here, not at the edge)."""
    _ = gettext_for(language)
    states = states or {}
    rows = max(s.row for s in region.spots)
    cols = max(s.col for s in region.spots)
    grid: dict[tuple[int, int], str] = {}
    for s in region.spots:
        grid[(s.row, s.col)] = _cell(s.id, states.get(s.id), s.id == suggested)
    count = len(region.spots)
    spacing = _("%(cm)s cm apart") % {"cm": _(number(region.spot_spacing_cm))}
    kind = _("along the vein") if region.spot_layout == "line" else spacing
    said = counted(
        "%(region)s: %(count)s spot, %(kind)s",
        "%(region)s: %(count)s spots, %(kind)s",
        count,
        region=_(region.label),
        count=count,
        kind=kind,
    )
    lines = [_(said)]
    if blocked:
        lines.append("  " + _("Blocked: do not use any spot here until it has been checked again."))
    ends = {k: _(v) for k, v in region.end_words().items()}
    edges = {k: _(v) for k, v in _EDGES.items()}
    width = 2 + cols * CELL
    if "top" in ends:
        lines.append((edges["top"] % {"words": ends["top"]}).center(max(width, 20)).rstrip())
    sides = [edges[k] % {"words": ends[k]} for k in ("left", "right") if k in ends]
    if sides:
        lines.append("    ".join(sides))
    by_row = {s.row: s for s in region.spots} if cols == 1 else {}
    for r in range(1, rows + 1):
        text = "  " + "".join(grid.get((r, c), " " * CELL) for c in range(1, cols + 1))
        spot = by_row.get(r)
        if spot is not None and "(" in spot.label:
            where = spot.label.partition("(")[2].rstrip(")")
            if where != "along the vein":
                text += "  " + _(where)
        lines.append(text.rstrip())
    if "bottom" in ends:
        lines.append((edges["bottom"] % {"words": ends["bottom"]}).center(max(width, 20)).rstrip())
    key = []
    if suggested is not None:
        key.append(_("[%(spot)s] suggested") % {"spot": suggested})
    resting = [s.id for s in region.spots if states.get(s.id) == "resting"]
    if resting:
        key.append(_("(%(spot)s) still resting") % {"spot": resting[0]})
    if key:
        lines.append("  " + "   ".join(key))
    return lines
