"""A chart of a mark's measured area over time: one point per measured check, joined by a line.

Drawn on the server as plain SVG (no script needed), like ``views.chart``: a scale in mm² on
the left, dates underneath, and a summary for screen readers. Pure Python over plain values.
Its words (the dates, each point's title, the summary) are ``Msg`` values: the page's render
says them in its language (``localise``), as it does ``views.chart``'s.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sitecare.domain.messages import Msg, date_name, number
from sitecare.views.chart import Tick

#: the chart's size in CSS pixels (the page is 362 px wide on a 390 px phone)
WIDTH, HEIGHT = 360.0, 170.0
LEFT, RIGHT, TOP, BOTTOM = 40.0, 12.0, 10.0, 26.0


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    area_mm2: float
    title: Msg


@dataclass(frozen=True)
class AreaChart:
    points: list[Point]
    ticks: list[Tick]
    dates: list[tuple[float, Msg, str]]  # x, text (said in the page's language), anchor
    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    bottom_y: float = HEIGHT - BOTTOM
    summary: Msg | str = ""

    @property
    def line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def _step(top: float) -> int:
    """A round step for about four grid lines up to ``top``."""
    raw = max(top / 4, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _label(at: datetime) -> Msg:
    """A point's day as the chart says it: ``1 Dec`` (``1 dic`` in Spanish), as ``views.chart``."""
    return Msg("%(day)s %(month)s", day=at.day, month=date_name(at, "%b"))


def area_chart(series: Sequence[tuple[datetime, float]]) -> AreaChart | None:
    """The chart of ``series`` ((local time, area in mm²), oldest first); None for fewer than
    two measurements (one point is no trend: the page says its size in words)."""
    if len(series) < 2:
        return None
    step = _step(max(a for _, a in series))
    top = step * math.ceil(max(a for _, a in series) / step)
    first, last = series[0][0], series[-1][0]
    span = max((last - first).total_seconds(), 1.0)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(at: datetime) -> float:
        return round(LEFT + inner_w * (at - first).total_seconds() / span, 1)

    def y(area: float) -> float:
        return round(TOP + inner_h * (1 - area / top), 1)

    points = [
        Point(x(at), y(a), a, Msg("%(when)s: %(area)s mm²", when=_label(at), area=number(a, ".0f")))
        for at, a in series
    ]
    ticks = [Tick(v, y(v)) for v in range(0, int(top) + 1, step)]
    dates = [(LEFT, _label(first), "start"), (WIDTH - RIGHT, _label(last), "end")]
    titles: Msg | str = points[0].title
    for p in points[1:]:
        titles = Msg("%(first)s, %(next)s", first=titles, next=p.title)
    summary = Msg("Measured area over time: %(points)s.", points=titles)
    return AreaChart(points, ticks, dates, summary=summary)
