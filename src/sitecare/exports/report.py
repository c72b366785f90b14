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
from sitecare.domain.language import normalise_language
from sitecare.domain.messages import N_, Msg, date_name, gettext_for, localise, ngettext_for, word
from sitecare.domain.records import Injection, Observation
from sitecare.domain.triage.vocab import load_vocabulary
from sitecare.domain.usage import SiteBlock
from sitecare.exports.charts import chart_key, day_range, heat_map, per_day_chart
from sitecare.exports.report_photos import ReportPhoto, photo_row
from sitecare.exports.summary import check_rows, status_rows, summary_sentences, unused_ready

__all__ = ["ReportData", "ReportPhoto", "render_pdf", "report_html"]

GUIDANCE = N_(
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
def _templates(language: str) -> jinja2.Environment:
    """The report's template, speaking ``language`` (``{% trans %}``, ``_()``)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sitecare.exports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined] # added by the extension
        gettext_for(language), ngettext_for(language), newstyle=False
    )
    return env


def report_html(data: ReportData, language: str = "en") -> str:
    """The report as one HTML page (what WeasyPrint lays out; tests read it too), every word
    in ``language`` (English, the default, as it always was)."""
    lang = normalise_language(language)
    vocab = load_vocabulary()
    last = data.until - timedelta(microseconds=1)
    period = Msg("%(first)s to %(last)s", first=_day(data.since), last=_day(last))
    words = {
        "period": period,
        "made": Msg("%(day)s %(time)s", day=_day(data.now), time=data.now.strftime("%H:%M")),
        "summary": summary_sentences(
            data.atlas, data.injections, data.checks, data.statuses, data.blocks, vocab
        ),
        "statuses": status_rows(data.statuses),
        "checks": check_rows(data.atlas, data.checks, vocab),
        "check_photos": [photo_row(data.photos.get(c.id, ())) for c in data.checks],
        "guidance": word(GUIDANCE),
    }
    said = localise(words, lang)
    _ = gettext_for(lang)
    footer = _("sitecare report for %(person)s, %(period)s") % {
        "person": data.person,
        "period": said["period"],
    }
    order = {"blocked": 0, "resting": 1, "ready": 2}
    said["statuses"].sort(key=lambda row: (order.get(row["kind"], 3), _abc(str(row["label"]))))
    context = {
        **said,
        "d": data,
        "lang": lang,
        "unused": sorted((str(w) for w in localise(unused_ready(data.statuses), lang)), key=_abc),
        "footer_left": css_string(footer),
        "footer_right": css_pages(_("page %(page)s of %(pages)s")),
        **_pictures(data, last, lang),
    }
    return _templates(lang).get_template("report.html").render(**context)


def _abc(text: str) -> str:
    """The order of a word list: as in a dictionary (an accent does not move a word to the end)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def css_string(text: str) -> str:
    """``text`` as a CSS string, quotes and all (for ``content:`` in the page's margins)."""
    inner = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    inner = inner.replace("<", "\\3c ")
    return f'"{inner}"'


def css_pages(text: str) -> str:
    """``page %(page)s of %(pages)s`` in the language, as a CSS ``content:`` with counters."""
    out = []
    marked = text.replace("%(pages)s", "\0pages\0").replace("%(page)s", "\0page\0")
    for n, piece in enumerate(marked.split("\0")):
        if n % 2:
            out.append(f"counter({piece})")
        elif piece:
            out.append(css_string(piece))
    return " ".join(out)


def _pictures(data: ReportData, last: datetime, language: str) -> dict[str, Any]:
    say = gettext_for(language)
    counts = Counter(inj.region for inj in data.injections)
    blocked = {b.region for b in data.blocks}
    days = day_range(data.since.date(), max(last.date(), data.since.date()))
    labels = {r.id: say(r.label) for r in data.atlas}
    uses = [(i.at.date(), i.region) for i in data.injections]
    return {
        "heat_svg": heat_map(data.atlas, counts, blocked, data.outline, language),
        "chart_png": per_day_chart(days, uses, labels, language) if uses else None,
        "chart_key": chart_key(uses, labels, language),
    }


def render_pdf(data: ReportData, language: str = "en") -> bytes:
    """The report as PDF bytes, in ``language``."""
    import logging

    from PIL import ImageFile
    from weasyprint import HTML  # a large import: only when a report is made

    # WeasyPrint turns on Pillow's "load truncated images" for the whole process; the report's
    # own images are whole, and photos that arrive must be refused when cut short
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = HTML(string=report_html(data, language)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def _day(at: datetime) -> Msg:
    """``13 Nov 2026``; ``13 nov 2026``."""
    return Msg("%(day)s %(month)s %(year)s", day=at.day, month=date_name(at, "%b"), year=at.year)
