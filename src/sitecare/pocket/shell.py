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

from sitecare.domain.language import NAMES
from sitecare.domain.messages import gettext_for
from sitecare.domain.triage import assess, load_red_flags
from sitecare.domain.triage.i18n import translator, walk
from sitecare.domain.triage.questionnaire import Option, Question, answers_to_case, load_questions
from sitecare.pocket import red_flag_file, shell_file
from sitecare.pocket.runtime import PocketError

THEME = "#0b4f8a"


@dataclass(frozen=True)
class RedFlagAnswer:
    question: Question  # in ``language`` (its text and its options' text)
    option: Option
    path: str
    why: str
    assessment: dict[str, Any]
    language: str


def red_flag_answers(emergency_number: str, language: str = "en") -> list[RedFlagAnswer]:
    """Every answer of the red-flag questions, with the engine's assessment of it alone, in
    ``language`` (the questions, the reasons and the assessment's words; ids stay English).

    The build refuses to go on if any of them is not an emergency: the shell says "call now"
    for each, so it must be what the engine says too.
    """
    tr = translator(language)
    why = {frozenset(f.findings): tr(f.why) for f in load_red_flags().all if f.findings}
    answers = []
    for q in load_questions():
        if not q.red_flag:
            continue
        said = walk(q, tr)
        for option, shown in zip(q.options, said.options, strict=True):
            case = answers_to_case({q.id: [option.id]} if q.kind == "checklist" else {q.id: True})
            result = assess(case, emergency_number=emergency_number, language=language)
            if result["level"] != "emergency":
                raise PocketError(
                    f"The red-flag answer {q.id}/{option.id} is not an emergency for the engine "
                    f"({result['level']}): the emergency page cannot say call now."
                )
            path = red_flag_file(q.id, option.id, language)
            reason = why.get(frozenset(option.findings), "")
            answers.append(RedFlagAnswer(said, shown, path, reason, result, language))
    return answers


def _head(title: str, css: str, base: str, language: str, extra: str = "") -> str:
    e = html.escape
    return (
        f'<!doctype html>\n<html lang="{e(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="same-origin">\n'
        f"<title>{e(title)}</title>\n"
        f'<meta name="theme-color" content="{THEME}">\n'
        f'<link rel="stylesheet" href="{e(base + css)}">\n{extra}</head>\n'
    )


def _switch(language: str, base: str) -> str:
    """The language switch of a shell: a plain link to each other language's shell (app.js
    also remembers the choice on the phone)."""
    e = html.escape
    return "".join(
        f'  <a class="language-switch" href="{e(base + shell_file(code))}" lang="{code}" '
        f'hreflang="{code}" data-pocket-language="{code}">{e(name)}</a>\n'
        for code, name in NAMES.items()
        if code != language
    )


def _header(number: str, base: str, language: str) -> str:
    e = html.escape
    _ = gettext_for(language)
    skip = _("Skip to the content")
    call = _("Emergency? Call %(number)s") % {"number": number}
    return (
        f'<a class="skip" href="#main">{e(skip)}</a>\n<header class="top">\n'
        f'  <a class="brand" href="{e(base)}">sitecare</a>\n'
        f'  <a class="emergency-link" href="tel:{e(number)}">{e(call)}</a>\n'
        f"{_switch(language, base)}</header>\n"
    )


def _footer(language: str) -> str:
    e = html.escape
    _ = gettext_for(language)
    guidance = _("sitecare gives guidance, not a diagnosis. If you are worried, get care.")
    here = _("Your records stay on this phone. Nothing is sent anywhere.")
    return f"<footer>\n  <p>{e(guidance)}</p>\n  <p>{e(here)}</p>\n</footer>\n"


def _question_text(q: Question, language: str) -> str:
    """The question without its "Tick all that fit." (each answer is a link of its own)."""
    _ = gettext_for(language)
    tick = " " + _("Tick all that fit.")
    return q.text.replace(tick, "").strip()


def _questions(answers: list[RedFlagAnswer], base: str) -> list[str]:
    e = html.escape
    by_question: dict[str, list[RedFlagAnswer]] = {}
    for a in answers:
        by_question.setdefault(a.question.id, []).append(a)
    parts = []
    for qid, items in by_question.items():
        text = _question_text(items[0].question, items[0].language)
        parts.append(f'<h2 id="rf-{e(qid)}">{e(text)}</h2>\n')
        parts.append(f'<ul class="rf-list" aria-labelledby="rf-{e(qid)}">\n')
        for a in items:
            parts.append(
                f'  <li><a class="button secondary" href="{e(base + a.path)}">'
                f"{e(a.option.text)}</a></li>\n"
            )
        parts.append("</ul>\n")
    return parts


def index_html(
    answers: list[RedFlagAnswer],
    number: str,
    *,
    css: str,
    app: str,
    base: str,
    icon: str,
    language: str = "en",
) -> str:
    """The emergency shell in ``language`` (``answers`` in the same language)."""
    e = html.escape
    _ = gettext_for(language)
    head = _head(
        "sitecare",
        css,
        base,
        language,
        f'<link rel="manifest" href="{e(base)}manifest.webmanifest">\n'
        f'<link rel="icon" href="{e(base + icon)}">\n'
        f'<link rel="apple-touch-icon" href="{e(base + icon)}">\n'
        f'<script type="module" src="{e(base + app)}"></script>\n',
    )
    call = f'<a href="tel:{e(number)}">{e(number)}</a>'
    tap = _(
        "If any of these is happening, tap it to see what to do now, or call %(number)s "
        "straight away."
    )
    starting, title = _("Starting sitecare on this phone…"), _("Is this an emergency?")
    parts = [head, "<body>\n", _header(number, base, language)]
    parts.append(
        '<div id="pocket-status" class="notice" role="status" hidden data-pocket-keep>'
        f'{e(starting)}</div>\n<main id="main">\n<h1>{e(title)}</h1>\n'
        f"<p>{e(tap) % {'number': call}}</p>\n"
    )
    parts.extend(_questions(answers, base))
    opens = _(
        "None of these? sitecare opens here in a moment: log an injection, see where to "
        "inject next, or check a mark."
    )
    no_js = _("sitecare needs JavaScript for everything but these emergency questions.")
    parts.append(
        f'<p id="pocket-next">{e(opens)}</p>\n'
        f'<noscript><p class="warning">{e(no_js)}</p></noscript>\n</main>\n'
    )
    parts.append(_footer(language))
    update, now = _("An update is ready. Your records stay on this phone."), _("Update now")
    parts.append(
        '<div id="pocket-update" role="status" hidden data-pocket-keep>'
        f'<p>{e(update)}</p><button type="button">{e(now)}</button></div>\n</body>\n</html>\n'
    )
    return "".join(parts)


def _rebase(text: str, base: str) -> str:
    """The web app's paths (``/log``) as pocket's (``/pocket/log``)."""
    return re.sub(r'\b(href|action)="/(?!/)', lambda m: f'{m.group(1)}="{base}', text)


def red_flag_pages(
    answers: list[RedFlagAnswer], number: str, *, css: str, base: str, icon: str
) -> dict[str, str]:
    """The emergency page of each red-flag answer: the web app's own check result template,
    rendered now (as pocket's views render it in the browser) in the answer's language, with
    no script at all; its language switch goes to the same answer's page in the other."""
    from sitecare.views.context import LEVEL_LOOK
    from sitecare.views.pages import Pages
    from sitecare.views.state import Pocket

    static = "/__pocket_static__"
    head = '<link rel="icon" href="__pocket_icon__">\n'
    pages = Pages(Pocket(emergency_number=number), static=static, base=base, head=head)
    words, mark = LEVEL_LOOK["emergency"]
    out = {}
    for a in answers:
        pages.sc.language = a.language
        context = {
            "languages": [
                {
                    "code": code,
                    "name": name,
                    "href": "/" + red_flag_file(a.question.id, a.option.id, code),
                }
                for code, name in NAMES.items()
                if code != a.language
            ],
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
