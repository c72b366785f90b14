"""The report's pictures, as SVG text: the body heat map and injections per day by region.

Readable in black and white: the heat map shades in greys and writes every count; the bar chart
tells its regions apart by hatching as well as by grey. matplotlib runs headless (Agg) and draws
the chart as a PNG at 150 dpi (as SVG, its hatching made WeasyPrint take over a minute for a
month); the report writes the chart's key and totals as text beside it.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from xml.sax.saxutils import escape

from sitecare.domain.atlas import Atlas
from sitecare.domain.localdates import date_part
from sitecare.domain.messages import N_, gettext_for, keyed, localise

#: the heat map's words: the two views, whose right and left (keyed: "back" is not a button)
_VIEWS = {"front": N_("report map: front view"), "back": N_("report map: back view")}
_SIDES = {
    "R": N_("report map: R (the person's right)"),
    "L": N_("report map: L (the person's left)"),
}


def _map_word(key: str, english: str, language: str) -> str:
    return str(localise(keyed(key, english), language))


#: the chart shows this many regions by name; the rest are added up as "other places"
CHART_REGIONS = 6
_HATCHES = ("", "///", "...", "xxx", "\\\\\\", "---", "++")
_GREYS = ("#222222", "#ffffff", "#bbbbbb", "#ffffff", "#888888", "#ffffff", "#dddddd")


def _grey(count: int, top: int) -> str:
    if count == 0:
        return "#ffffff"
    level = int(225 - 165 * (count / max(top, 1)))  # 225 (few) .. 60 (most)
    return f"#{level:02x}{level:02x}{level:02x}"


def heat_map(
    atlas: Atlas,
    counts: Mapping[str, int],
    blocked: set[str],
    outline: Sequence[str] = (),
    language: str = "en",
) -> str:
    """Both views side by side; each region shaded by its count, the count written on it (the
    views' names, R and L, and each region's name in ``language``)."""
    top = max(counts.values(), default=0)
    width, height = atlas.width, atlas.height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {2 * width + 20} {height + 30}" '
        'font-family="DejaVu Sans, sans-serif">'
    ]
    for n, view in enumerate(("front", "back")):
        dx = n * (width + 20)
        parts.append(f'<g transform="translate({dx} 26)">')
        name = escape(_map_word(_VIEWS[view], view, language))
        parts.append(
            f'<text x="{width / 2}" y="-6" text-anchor="middle" font-size="18">{name}</text>'
        )
        # whose left and right: the front view faces the reader, the back view faces away
        left_x, right_x = (width - 8, 8) if view == "front" else (8, width - 8)
        right, left = (escape(_map_word(_SIDES[s], s, language)) for s in ("R", "L"))
        parts.append(
            f'<text x="{right_x}" y="14" text-anchor="middle" font-size="16">{right}</text>'
        )
        parts.append(f'<text x="{left_x}" y="14" text-anchor="middle" font-size="16">{left}</text>')
        parts.extend(f'<path d="{d}" fill="none" stroke="#777" stroke-width="1"/>' for d in outline)
        parts.extend(_region_marks(atlas, view, counts, blocked, top, gettext_for(language)))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _region_marks(
    atlas: Atlas,
    view: str,
    counts: Mapping[str, int],
    blocked: set[str],
    top: int,
    say: Callable[[str], str],
) -> list[str]:
    marks = []
    for region in atlas:
        s = region.shape
        if s.view != view:
            continue
        count = counts.get(region.id, 0)
        dash = ' stroke-dasharray="3 1.5" stroke-width="3"' if region.id in blocked else ""
        marks.append(
            f'<ellipse cx="{s.cx}" cy="{s.cy}" rx="{s.rx}" ry="{s.ry}" '
            f'fill="{_grey(count, top)}" stroke="#000" stroke-width="0.8"{dash}>'
            f"<title>{escape(say(region.label))}: {count}</title></ellipse>"
        )
        if count:
            ink = "#fff" if count > top / 2 else "#000"
            marks.append(
                f'<text x="{s.cx}" y="{s.cy + 5}" text-anchor="middle" font-size="14" '
                f'font-weight="bold" fill="{ink}">{count}</text>'
            )
    return marks


def per_day_chart(
    days: Sequence[date],
    injections: Sequence[tuple[date, str]],
    labels: Mapping[str, str],
    language: str = "en",
) -> str:
    """Stacked bars: injections per day, by region (the most used by name), as a PNG data URL.
    ``labels`` are the regions' names already in ``language``; the axes speak it too."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    _ = gettext_for(language)
    series = _series(days, injections)
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        fig, ax = plt.subplots(figsize=(7.0, 2.5))
        bottoms = [0] * len(days)
        for n, (region, heights) in enumerate(series.items()):
            ax.bar(
                range(len(days)),
                heights,
                bottom=bottoms,
                color=_GREYS[n % len(_GREYS)],
                hatch=_HATCHES[n % len(_HATCHES)],
                edgecolor="black",
                linewidth=0.6,
                label=labels.get(region, _("Other places")),
            )
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        _axes(ax, days, max(bottoms, default=0), language)
        if series:
            ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=150)
        plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _series(days: Sequence[date], injections: Sequence[tuple[date, str]]) -> dict[str, list[int]]:
    """Injections per day for each named region (the most used), then "other"."""
    by_region = Counter(region for _day, region in injections)
    named = [r for r, _n in by_region.most_common(CHART_REGIONS)]
    index = {d: i for i, d in enumerate(days)}
    series = {r: [0] * len(days) for r in named}
    for day, region in injections:
        key = region if region in series else "other"
        if day in index:
            series.setdefault(key, [0] * len(days))[index[day]] += 1
    return series


def chart_key(
    injections: Sequence[tuple[date, str]], labels: Mapping[str, str], language: str = "en"
) -> list[str]:
    """The chart's key as words: the regions it names, with their totals, most used first."""
    _ = gettext_for(language)
    by_region = Counter(region for _day, region in injections)
    named = by_region.most_common(CHART_REGIONS)
    key = [f"{labels.get(r, r)}: {n}" for r, n in named]
    rest = sum(by_region.values()) - sum(n for _r, n in named)
    other = _("Other places")
    return [*key, f"{other}: {rest}"] if rest else key


def _axes(ax: object, days: Sequence[date], top: int, language: str) -> None:
    from matplotlib.axes import Axes
    from matplotlib.ticker import MaxNLocator

    assert isinstance(ax, Axes)
    step = max(1, len(days) // 10)
    ticks = list(range(0, len(days), step))
    names = [f"{days[i].day} {date_part(days[i], '%b', language)}" for i in ticks]
    ax.set_xticks(ticks, names, fontsize=7)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(top, 1) + 0.5)
    ax.tick_params(axis="y", labelsize=7)
    _ = gettext_for(language)
    ax.set_ylabel(_("injections"), fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)


def day_range(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
