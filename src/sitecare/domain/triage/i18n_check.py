"""Which English lines of the rule base a catalog must translate, and what is wrong with each
shipped catalog (``sitecare rules lint`` and ``tests/triage/test_i18n.py`` run it)."""

from __future__ import annotations

from sitecare.domain.language import DEFAULT_LANGUAGE, LANGUAGES
from sitecare.domain.routes import ROUTES, route_reason
from sitecare.domain.triage import engine, phrases, questionnaire
from sitecare.domain.triage.i18n import catalog_problems, collect
from sitecare.domain.triage.loader import load_rulebase
from sitecare.domain.triage.redflags import load_red_flags
from sitecare.domain.triage.validators import Issue
from sitecare.domain.triage.vitals import FLAG_REASONS
from sitecare.domain.triage.vocab import load_vocabulary, vocabulary_texts


def source_texts() -> list[str]:
    """Every English line of the rule base a person can read, in a stable order: the rules'
    advice and reasons, the safety-net signs and templates, the vocabulary's shown texts, the
    guided questions and answers, the red flags' reasons and the lines the engine writes."""
    texts = collect([load_rulebase()])
    texts += vocabulary_texts(load_vocabulary())
    texts += collect(questionnaire.load_questions())
    texts += collect([load_red_flags()])
    texts += [*phrases.PHRASES, engine.REGION_PREFIX, questionnaire.STOP_MESSAGE]
    texts += [route_reason(route) for route in ROUTES]
    texts += list(FLAG_REASONS.values())
    return list(dict.fromkeys(texts))


def i18n_problems() -> list[str]:
    """Every missing, unused or broken translation, for every shipped language."""
    sources = source_texts()
    others = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]
    return [p for lang in others for p in catalog_problems(sources, lang)]


def translation_issues() -> list[Issue]:
    """:func:`i18n_problems` as lint errors (``sitecare rules lint``)."""
    return [
        Issue("error", "i18n", f"triage/i18n/{p.split(':', 1)[0]}.yaml", p.split(": ", 1)[1])
        for p in i18n_problems()
    ]


def critical_texts() -> list[tuple[str, str]]:
    """``(kind, English line)`` of every safety-critical line: ``do_now`` and ``waiting``
    lines, the safety-net templates and signs, the levels' headlines and first lines, the red
    flags' reasons, the red-flag screens and the stop message (docs/translation-review.md)."""
    rb = load_rulebase()
    comp = rb.composition
    lines: dict[str, str] = {}
    advice = [a for r in rb.rules for a in r.advice]
    advice += [a for r in rb.rules for e in r.escalations for a in e.advice]
    for item in (*advice, *comp.emergency_lines):
        if item.now:
            lines.setdefault(item.text, "do_now")
    for item in (*(a for r in rb.rules for a in r.safety_net.waiting), *comp.default_waiting):
        lines.setdefault(item.text, "waiting")
    for text in comp.templates.values():
        lines.setdefault(text, "template")
    for sign in comp.signs.values():
        lines.setdefault(sign.text, "sign")
        if sign.worse:
            lines.setdefault(sign.worse, "sign_worse")
    for level in load_vocabulary().levels.values():
        for key in ("headline", "first_advice", "first_advice_medicine"):
            if key in level:
                lines.setdefault(level[key], f"level_{key}")
    for flag in load_red_flags().all:
        lines.setdefault(flag.why, "red_flag")
    for q in (q for q in questionnaire.load_questions() if q.red_flag):
        lines.setdefault(q.text, "red_flag_question")
        for option in q.options:
            lines.setdefault(option.text, "red_flag_option")
    lines.setdefault(questionnaire.STOP_MESSAGE, "stop")
    return [(kind, text) for text, kind in lines.items()]
