"""The spot picker: a region's spots as the log form shows them (state, words, the suggested
and the chosen one), from the region's status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sitecare.domain.atlas import Region
from sitecare.domain.messages import N_, Msg, date_name, word
from sitecare.domain.site_status import RegionStatus
from sitecare.domain.wording import until_words

# --- the spot picker ------------------------------------------------------------------------


@dataclass(frozen=True)
class PickerSpot:
    id: str
    row: int
    col: int
    state: str
    suggested: bool
    chosen: bool
    #: "ready", "resting until Friday", "blocked"
    words: str
    #: "row 2, column 5" or "nearest the heart"
    where: str


@dataclass(frozen=True)
class SpotPicker:
    """A region drawn with its spots as tappable dots (radio buttons: works without scripts)."""

    region: Region
    layout: str
    rows: int
    cols: int
    cell: int
    spots: tuple[PickerSpot, ...]
    ends: Mapping[str, str]
    blocked: bool
    #: the area's outline and the circle kept free (the navel), in cell units
    outline: str = ""
    keep_away: tuple[float, float, float] | None = None
    summary: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        return self.cols * self.cell

    @property
    def height(self) -> int:
        return self.rows * self.cell


#: the size of a spot's cell in CSS pixels by the number of columns (the page is 362 px wide)
_CELL = {1: 56, 2: 56, 3: 56, 4: 56, 5: 56, 6: 56, 7: 48}


#: a spot's state as the picker says it
_STATE_WORDS = {"ready": N_("ready"), "resting": N_("resting"), "blocked": N_("blocked")}


def _picker_spots(
    region: Region,
    status: RegionStatus,
    *,
    suggested: str | None,
    chosen: str | None,
    now: datetime | None,
) -> list[PickerSpot]:
    """Each spot of the region as the picker shows it: its state and the words for it."""
    by_id = {s.id: s for s in status.spots}
    blocked = status.state == "blocked"
    spots = []
    for s in region.spots:
        row = by_id.get(s.id)
        state = "blocked" if blocked else (row.state if row else "ready")
        words: str = word(_STATE_WORDS.get(state, state))
        until = row.until if row else None
        if state == "resting" and until:
            ready_at = datetime.fromisoformat(until)
            if now is not None:
                words = Msg("resting %(until)s", until=until_words(ready_at, now))
            else:
                day, month = date_name(ready_at, "%d"), date_name(ready_at, "%b")
                words = Msg("resting until %(day)s %(month)s", day=day, month=month)
        spots.append(
            PickerSpot(
                id=s.id,
                row=s.row,
                col=s.col,
                state=state,
                suggested=s.id == suggested,
                chosen=s.id == chosen,
                words=words,
                where=word(s.label.partition("(")[2].rstrip(")")),
            )
        )
    return spots


def spot_picker(
    region: Region,
    status: RegionStatus,
    *,
    suggested: str | None,
    chosen: str | None = None,
    now: datetime | None = None,
) -> SpotPicker:
    """The spot picker for ``region`` from its status (``Planning.region_status``) at ``now``."""
    blocked = status.state == "blocked"
    spots = _picker_spots(region, status, suggested=suggested, chosen=chosen, now=now)
    rows = max(s.row for s in region.spots)
    cols = max(s.col for s in region.spots)
    ordered = sorted(spots, key=lambda p: (p.row, p.col))
    keep = None
    if region.keep_away_cm and region.area_cm:
        kx, ky, kr = region.keep_away_cm
        w, h = region.area_cm
        sp = region.spot_spacing_cm
        keep = ((kx + w / 2) / sp, (ky + h / 2) / sp, kr / sp)
    resting = [p for p in spots if p.state == "resting"]
    summary: list[str] = []
    if blocked:
        summary.append(Msg("Blocked: do not use any spot here until it has been checked again."))
    elif resting and len(resting) == len(spots):
        summary.append(Msg("Every spot here is still resting."))
    elif resting:
        summary.append(
            Msg(
                "%(resting)s of %(spots)s spots are still resting; %(ready)s are ready.",
                resting=len(resting),
                spots=len(spots),
                ready=len(spots) - len(resting),
            )
        )
    return SpotPicker(
        region=region,
        layout=region.spot_layout,
        rows=rows,
        cols=cols,
        cell=_CELL.get(cols, 44),
        spots=tuple(ordered),
        ends={k: word(v) for k, v in region.end_words().items()},
        blocked=blocked,
        outline=f"M0.08 0.08 H{cols - 0.08} V{rows - 0.08} H0.08 Z",
        keep_away=keep,
        summary=tuple(summary),
    )
