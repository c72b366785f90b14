"""A chart of injections over time: bars per day (per week over a year), stacked by place.

Drawn on the server as plain SVG (no script needed), with a scale on the left and dates
underneath. Colour is not the only cue: the legend names every place with its count, and the
history page lists the counts per place in a table. Pure Python over plain values.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo

from sitecare.domain.messages import Msg, counted, day_month
from sitecare.domain.records import Injection

#: Okabe-Ito colours (told apart with the common colour-vision differences), then grey
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
OTHER_COLOUR = "#8a8a8a"
#: the chart's size in CSS pixels (the page is 362 px wide on a 390 px phone)
WIDTH, HEIGHT = 360.0, 190.0
LEFT, RIGHT, TOP, BOTTOM = 30.0, 6.0, 8.0, 26.0


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class DateMark:
    x: float
    text: str
    anchor: str


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class Chart:
    days: int
    per: str
    total: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    dates: tuple[DateMark, ...]
    series: tuple[Series, ...]
    busiest: int
    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    bottom_y: float = HEIGHT - BOTTOM
    #: the page's ``gettext`` (English when none is given)
    _: Callable[[str], str] = field(default=str, repr=False, compare=False)

    @property
    def summary(self) -> str:
        """The chart in one sentence (the SVG's text alternative)."""
        _ = self._
        if not self.total:
            return _("No injections in the last %(days)s days.") % {"days": self.days}
        parts = ", ".join(f"{s.label} {s.count}" for s in self.series)
        words = {"total": self.total, "days": self.days, "busiest": self.busiest, "parts": parts}
        if self.total == 1:
            said = counted(
                "%(total)s injection in the last %(days)s days: %(parts)s.",
                "%(total)s injections in the last %(days)s days: %(parts)s.",
                self.total,
                **words,
            )
        elif self.per == "week":
            said = counted(
                "%(total)s injection in the last %(days)s days, "
                "at most %(busiest)s a week: %(parts)s.",
                "%(total)s injections in the last %(days)s days, "
                "at most %(busiest)s a week: %(parts)s.",
                self.total,
                **words,
            )
        else:
            said = counted(
                "%(total)s injection in the last %(days)s days, "
                "at most %(busiest)s a day: %(parts)s.",
                "%(total)s injections in the last %(days)s days, "
                "at most %(busiest)s a day: %(parts)s.",
                self.total,
                **words,
            )
        return _(said)


def _nice_top(peak: int) -> int:
    """A round top for the scale: 1, 2, 4, 5, 10, 20, 40, 50, ..."""
    if peak <= 1:
        return 1
    magnitude = int(10 ** math.floor(math.log10(peak)))
    for step in (1, 2, 4, 5, 10):
        if peak <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _date_marks(first: date, step: int, slot: float, buckets: int) -> list[DateMark]:
    """The dates under the chart: its first bar, the middle one and the last."""
    marks = []
    for b, anchor in ((0, "start"), (buckets // 2, "middle"), (buckets - 1, "end")):
        d = first + timedelta(days=b * step)
        x = LEFT + b * slot + (0 if anchor == "start" else slot / 2 if anchor == "middle" else slot)
        marks.append(DateMark(round(x, 2), day_month(d), anchor))
    return marks


def _counts(
    injections: Iterable[Injection], *, first: date, today: date, step: int, tz: tzinfo
) -> tuple[Counter[tuple[int, str]], Counter[str]]:
    """The injections of the days shown: how many per (bar, place), and how many per place."""
    counts: Counter[tuple[int, str]] = Counter()
    by_region: Counter[str] = Counter()
    for inj in injections:
        day = inj.at.astimezone(tz).date()
        if day < first or day > today:
            continue
        counts[((day - first).days // step, inj.region)] += 1
        by_region[inj.region] += 1
    return counts, by_region


def _pieces(
    counts: Mapping[tuple[int, str], int],
    b: int,
    *,
    ranked: list[str],
    colour: Mapping[str, str],
    labels: Mapping[str, str],
    _: Callable[[str], str],
) -> list[tuple[str, str, int]]:
    """One bar's pieces from the bottom up, (label, colour, count): the most used places first,
    then the places without a colour of their own together as "other places"."""
    stack = sorted(
        ((r, n) for (bb, r), n in counts.items() if bb == b),
        key=lambda rn: (ranked.index(rn[0]), rn[0]),
    )
    other = sum(n for r, n in stack if r not in colour)
    pieces = [(labels.get(r, r), colour[r], n) for r, n in stack if r in colour]
    if other:
        pieces.append((_("other places"), OTHER_COLOUR, other))
    return pieces


def _bars(
    counts: Mapping[tuple[int, str], int],
    *,
    first: date,
    step: int,
    per_week: bool,
    buckets: int,
    slot: float,
    scale_top: int,
    ranked: list[str],
    colour: Mapping[str, str],
    labels: Mapping[str, str],
    _: Callable[[str], str],
) -> list[Bar]:
    """Every bar's pieces, stacked, each titled with its day (or week), place and count."""
    plot_h = HEIGHT - TOP - BOTTOM
    bar_w = max(slot * 0.8, 1.0) if slot >= 3 else slot
    bars = []
    for b in range(buckets):
        y = HEIGHT - BOTTOM
        start = first + timedelta(days=b * step)
        shown_day = day_month(start)
        when = Msg("week of %(day)s", day=shown_day) if per_week else shown_day
        for label, col, n in _pieces(counts, b, ranked=ranked, colour=colour, labels=labels, _=_):
            h = plot_h * n / scale_top
            y -= h
            bars.append(
                Bar(
                    x=round(LEFT + b * slot + (slot - bar_w) / 2, 2),
                    y=round(y, 2),
                    width=round(bar_w, 2),
                    height=round(h, 2),
                    colour=col,
                    title=Msg("%(when)s: %(place)s, %(count)s", when=when, place=label, count=n),
                )
            )
    return bars


def _ticks(scale_top: int) -> tuple[Tick, ...]:
    """The scale on the left: 0, the middle (when it is a whole number of its own) and the top."""
    plot_h = HEIGHT - TOP - BOTTOM
    return tuple(
        Tick(v, round(HEIGHT - BOTTOM - plot_h * v / scale_top, 2))
        for v in sorted({0, scale_top // 2 if scale_top >= 2 else 0, scale_top})
    )


def injection_chart(
    injections: Iterable[Injection],
    *,
    days: int,
    today: date,
    tz: tzinfo,
    labels: Mapping[str, str],
    top: int = 6,
    _: Callable[[str], str] = str,
) -> Chart:
    """Injections per day over the last ``days`` days (per week beyond 120 days), by place;
    ``_`` is the page's ``gettext`` (the labels come already in its language)."""
    per_week = days > 120
    step = 7 if per_week else 1
    first = today - timedelta(days=days - 1)
    if per_week:  # weeks start on Monday, so every bar is a whole week
        first -= timedelta(days=first.weekday())
    buckets = (today - first).days // step + 1
    counts, by_region = _counts(injections, first=first, today=today, step=step, tz=tz)
    ranked = [r for r, _n in by_region.most_common()]
    shown = ranked if len(ranked) <= top else ranked[: top - 1]
    colour = {r: COLOURS[i % len(COLOURS)] for i, r in enumerate(shown)}
    totals = Counter[int]()
    for (b, _r), n in counts.items():
        totals[b] += n
    busiest = max(totals.values(), default=0)
    scale_top = _nice_top(busiest)
    slot = (WIDTH - LEFT - RIGHT) / buckets
    bars = _bars(
        counts,
        first=first,
        step=step,
        per_week=per_week,
        buckets=buckets,
        slot=slot,
        scale_top=scale_top,
        ranked=ranked,
        colour=colour,
        labels=labels,
        _=_,
    )
    series = [Series(labels.get(r, r), colour[r], by_region[r]) for r in shown]
    rest = sum(n for r, n in by_region.items() if r not in colour)
    if rest:
        series.append(Series(_("other places"), OTHER_COLOUR, rest))
    return Chart(
        days=days,
        per="week" if per_week else "day",
        total=sum(by_region.values()),
        bars=tuple(bars),
        ticks=_ticks(scale_top),
        dates=tuple(_date_marks(first, step, slot, buckets)),
        series=tuple(series),
        busiest=busiest,
        _=_,
    )
