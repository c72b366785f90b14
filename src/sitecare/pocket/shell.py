"""Pocket's emergency shell: the red-flag questions as plain HTML in ``index.html`` (usable
before Python is ready, or if it never is), what to do now for each red-flag answer
(``rf/<q>-<option>.html``, worked out at build time by the same rule engine, no JavaScript),
and the web app manifest. See :mod:`sitecare.pocket.site` for the whole build."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

from sitecare.domain.triage import assess, load_red_flags
from sitecare.domain.triage.questionnaire import Option, Question, answers_to_case, load_questions
from sitecare.pocket.runtime import PocketError

THEME = "#0b4f8a"


@dataclass(frozen=True)
class RedFlagAnswer:
    question: Question
    option: Option
    path: str
    why: str
    assessment: dict[str, Any]


def _why(option: Option, findings_why: dict[frozenset[str], str]) -> str:
    return findings_why.get(frozenset(option.findings), "")


def red_flag_answers(emergency_number: str) -> list[RedFlagAnswer]:
    """Every answer of the red-flag questions, with the engine's assessment of it alone.

    The build refuses to go on if any of them is not an emergency: the shell says "call now"
    for each, so it must be what the engine says too.
    """
    why = {frozenset(f.findings): f.why for f in load_red_flags().all if f.findings}
    answers = []
    for q in load_questions():
        if not q.red_flag:
            continue
        for option in q.options:
            case = answers_to_case({q.id: [option.id]} if q.kind == "checklist" else {q.id: True})
            result = assess(case, emergency_number=emergency_number)
            if result["level"] != "emergency":
                raise PocketError(
                    f"The red-flag answer {q.id}/{option.id} is not an emergency for the engine "
                    f"({result['level']}): the emergency page cannot say call now."
                )
            answers.append(
                RedFlagAnswer(q, option, f"rf/{q.id}-{option.id}.html", _why(option, why), result)
            )
    return answers


def _head(title: str, css: str, base: str, extra: str = "") -> str:
    e = html.escape
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="same-origin">\n'
        f"<title>{e(title)}</title>\n"
        f'<meta name="theme-color" content="{THEME}">\n'
        f'<link rel="stylesheet" href="{e(base + css)}">\n{extra}</head>\n'
    )


def _header(number: str, base: str) -> str:
    e = html.escape
    return (
        '<a class="skip" href="#main">Skip to the content</a>\n<header class="top">\n'
        f'  <a class="brand" href="{e(base)}">sitecare</a>\n'
        f'  <a class="emergency-link" href="tel:{e(number)}">Emergency? Call {e(number)}</a>\n'
        "</header>\n"
    )


_FOOTER = (
    "<footer>\n  <p>sitecare gives guidance, not a diagnosis. If you are worried, get care.</p>\n"
    "  <p>Your records stay on this phone. Nothing is sent anywhere.</p>\n</footer>\n"
)


def _question_text(q: Question) -> str:
    return q.text.replace(" Tick all that fit.", "").strip()


def index_html(
    answers: list[RedFlagAnswer], number: str, *, css: str, app: str, base: str, icon: str
) -> str:
    e = html.escape
    head = _head(
        "sitecare",
        css,
        base,
        f'<link rel="manifest" href="{e(base)}manifest.webmanifest">\n'
        f'<link rel="icon" href="{e(base + icon)}">\n'
        f'<link rel="apple-touch-icon" href="{e(base + icon)}">\n'
        f'<script type="module" src="{e(base + app)}"></script>\n',
    )
    parts = [head, "<body>\n", _header(number, base)]
    parts.append(
        '<div id="pocket-status" class="notice" role="status" data-pocket-keep>'
        "Starting sitecare on this phone…</div>\n"
        '<main id="main">\n<h1>Is this an emergency?</h1>\n'
        "<p>If any of these is happening, tap it to see what to do now, or call "
        f'<a href="tel:{e(number)}">{e(number)}</a> straight away.</p>\n'
    )
    by_question: dict[str, list[RedFlagAnswer]] = {}
    for a in answers:
        by_question.setdefault(a.question.id, []).append(a)
    for qid, items in by_question.items():
        q = items[0].question
        parts.append(f'<h2 id="rf-{e(qid)}">{e(_question_text(q))}</h2>\n')
        parts.append(f'<ul class="rf-list" aria-labelledby="rf-{e(qid)}">\n')
        for a in items:
            parts.append(
                f'  <li><a class="button secondary" href="{e(base + a.path)}">'
                f"{e(a.option.text)}</a></li>\n"
            )
        parts.append("</ul>\n")
    parts.append(
        '<p id="pocket-next">None of these? sitecare opens here in a moment: log an injection, '
        "see where to inject next, or check a mark.</p>\n"
        '<noscript><p class="warning">sitecare needs JavaScript for everything but these '
        "emergency questions.</p></noscript>\n</main>\n"
    )
    parts.append(_FOOTER)
    parts.append(
        '<div id="pocket-update" role="status" hidden data-pocket-keep>'
        "<p>An update is ready. Your records stay on this phone.</p>"
        '<button type="button">Update now</button></div>\n</body>\n</html>\n'
    )
    return "".join(parts)


def _rebase(text: str, base: str) -> str:
    """The web app's paths (``/log``) as pocket's (``/pocket/log``)."""
    return re.sub(r'\b(href|action)="/(?!/)', lambda m: f'{m.group(1)}="{base}', text)


def red_flag_pages(
    answers: list[RedFlagAnswer], number: str, *, css: str, base: str, icon: str
) -> dict[str, str]:
    """The emergency page of each red-flag answer: the web app's own check result template,
    rendered now (as pocket's views render it in the browser), with no script at all."""
    from sitecare.views.context import LEVEL_LOOK
    from sitecare.views.pages import Pages
    from sitecare.views.state import Pocket

    static = "/__pocket_static__"
    head = '<link rel="icon" href="__pocket_icon__">\n'
    pages = Pages(Pocket(emergency_number=number), static=static, base=base, head=head)
    words, mark = LEVEL_LOOK["emergency"]
    out = {}
    for a in answers:
        context = {
            "active": "Check",
            "a": a.assessment,
            "stopped": True,
            "stop_message": a.why,
            "words": words,
            "icon": mark,
            "region": None,
            "observation": None,
        }
        page = _rebase(pages.render("check_result.html", context).html, base)
        page = page.replace(f"{base}{static[1:]}/app.css", base + css)
        out[a.path] = page.replace("__pocket_icon__", html.escape(base + icon))
    return out


def manifest(icons: dict[int, str], base: str) -> str:
    return json.dumps(
        {
            "name": "sitecare",
            "short_name": "sitecare",
            "description": "Keep injection sites healthy, on this phone only.",
            "start_url": base,
            "scope": base,
            "id": base,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": THEME,
            "icons": [
                *(
                    {"src": name, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                    for size, name in icons.items()
                ),
                {
                    "src": icons[512],
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        },
        indent=1,
    )
