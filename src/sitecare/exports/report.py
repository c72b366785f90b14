"""The report for a clinic: one to three A4 pages as PDF (WeasyPrint, from a Jinja2 template).

What goes in is plain data (:class:`ReportData`, gathered by ``services.report``); what comes out
is PDF bytes. Black and white printing keeps every meaning: greys, hatching, words and numbers,
never colour alone. When photos are chosen, each check's photos are printed small under it
(``exports.report_photos``: at one scale when they are measured).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import jinja2

from sitecare.domain.atlas import Atlas
from sitecare.domain.records import Injection, Observation
from sitecare.domain.triage.vocab import load_vocabulary
from sitecare.domain.usage import SiteBlock
from sitecare.exports.charts import chart_key, day_range, heat_map, per_day_chart
from sitecare.exports.report_photos import ReportPhoto, photo_row
from sitecare.exports.summary import check_rows, status_rows, summary_sentences, unused_ready

__all__ = ["ReportData", "ReportPhoto", "render_pdf", "report_html"]

GUIDANCE = (
    "sitecare gives guidance, not a diagnosis. The levels are what sitecare's checks suggested "
    "from what was reported; a clinician's own look decides."
)


@dataclass(frozen=True)
class ReportData:
    """Everything one report shows, for one person and one period [since, until)."""

    person: str
    since: datetime
    until: datetime
    now: datetime
    atlas: Atlas
    injections: Sequence[Injection]
    checks: Sequence[Observation]
    statuses: Sequence[Mapping[str, Any]]
    blocks: Sequence[SiteBlock] = ()
    #: the body outline's SVG paths (the web app's body map), drawn under the heat map
    outline: Sequence[str] = field(default_factory=tuple)
    #: the checks' photos by check id (empty unless photos were chosen)
    photos: Mapping[int, Sequence[ReportPhoto]] = field(default_factory=dict)


@functools.cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sitecare.exports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def report_html(data: ReportData) -> str:
    """The report as one HTML page (what WeasyPrint lays out; tests read it too)."""
    vocab = load_vocabulary()
    last = data.until - timedelta(microseconds=1)
    context = {
        "d": data,
        "period": f"{_day(data.since)} to {_day(last)}",
        "made": f"{_day(data.now)} {data.now:%H:%M}",
        "summary": summary_sentences(
            data.atlas, data.injections, data.checks, data.statuses, data.blocks, vocab
        ),
        "statuses": status_rows(data.statuses),
        "unused": unused_ready(data.statuses),
        "checks": check_rows(data.atlas, data.checks, vocab),
        "check_photos": [photo_row(data.photos.get(c.id, ())) for c in data.checks],
        "guidance": GUIDANCE,
        **_pictures(data, last),
    }
    return _templates().get_template("report.html").render(**context)


def _pictures(data: ReportData, last: datetime) -> dict[str, Any]:
    counts = Counter(inj.region for inj in data.injections)
    blocked = {b.region for b in data.blocks}
    days = day_range(data.since.date(), max(last.date(), data.since.date()))
    labels = {r.id: r.label for r in data.atlas}
    uses = [(i.at.date(), i.region) for i in data.injections]
    return {
        "heat_svg": heat_map(data.atlas, counts, blocked, data.outline),
        "chart_png": per_day_chart(days, uses, labels) if uses else None,
        "chart_key": chart_key(uses, labels),
    }


def render_pdf(data: ReportData) -> bytes:
    """The report as PDF bytes."""
    import logging

    from PIL import ImageFile
    from weasyprint import HTML  # a large import: only when a report is made

    # WeasyPrint turns on Pillow's "load truncated images" for the whole process; the report's
    # own images are whole, and photos that arrive must be refused when cut short
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = HTML(string=report_html(data)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def _day(at: datetime) -> str:
    return f"{at.day} {at:%b %Y}"
