"""The rule base's words in other languages, as data beside the rules.

``data/triage/i18n/<language>.yaml`` maps each English line a person can read (advice,
``do_now``, safety-net signs and templates, the reasons behind a level, headlines, condition
names, the guided questions and their answers) to its translation. English is the key, so a
changed English line shows up as missing (and its old translation as unused) in
:func:`catalog_problems`, which ``sitecare rules lint`` and the tests run for every shipped
language. Ids, JSON keys, levels and condition ids are never translated: they are the contract.

Pure (the standard library and the domain's data reader); plain data, so pocket reads the JSON
twin its build writes, with no Babel under Pyodide. A line with no translation is shown in
English (the lint makes sure there is none).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass, replace
from functools import cache
from typing import Any

from sitecare.domain.language import DEFAULT_LANGUAGE, normalise_language
from sitecare.domain.triage._resources import load_yaml

#: dataclass fields that hold words a person reads
TEXT_FIELDS = frozenset({"text", "worse", "because", "message", "why"})
#: dataclass fields that hold a tuple of such words
TEXT_TUPLE_FIELDS = frozenset({"red_flags"})
#: fields never walked: conditions, and clinician-facing notes that no result shows
_SKIP_FIELDS = frozenset(
    {
        "when",
        "present",
        "applies_when",
        "less_likely_when",
        "ask_if_case",
        "sources",
        "mimics",
        "conflicts",
    }
)
#: keys of vocabulary.yaml entries that a result shows
VOCAB_KEYS = frozenset({"reason", "name", "headline", "first_advice", "first_advice_medicine"})
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")

Translate = Callable[[str], str]


@cache
def catalog(language: str) -> Mapping[str, str]:
    """English line -> translated line for ``language`` (empty for English)."""
    if normalise_language(language) == DEFAULT_LANGUAGE:
        return {}
    raw = load_yaml("triage", "i18n", f"{normalise_language(language)}.yaml") or {}
    texts = raw.get("texts") or {}
    return {str(k): str(v) for k, v in texts.items()}


def translator(language: str) -> Translate:
    """A function giving a line in ``language`` (English when it has no translation)."""
    table = catalog(language)
    return lambda text: table.get(text, text)


def walk(obj: Any, tr: Translate) -> Any:
    """``obj`` with every text field (:data:`TEXT_FIELDS`) of its dataclasses passed through
    ``tr``; tuples and mappings are walked, ids and conditions are left alone."""
    if is_dataclass(obj) and not isinstance(obj, type):
        changes: dict[str, Any] = {}
        for f in fields(obj):
            if f.name in _SKIP_FIELDS:
                continue
            value = getattr(obj, f.name)
            new = _walk_field(f.name, value, tr)
            if new is not value:
                changes[f.name] = new
        return replace(obj, **changes) if changes else obj
    if isinstance(obj, tuple):
        items = tuple(walk(x, tr) for x in obj)
        return obj if all(a is b for a, b in zip(items, obj, strict=True)) else items
    if isinstance(obj, Mapping):
        walked = {k: walk(v, tr) for k, v in obj.items()}
        return obj if all(walked[k] is v for k, v in obj.items()) else walked
    return obj


def _walk_field(name: str, value: Any, tr: Translate) -> Any:
    if name in TEXT_FIELDS and isinstance(value, str):
        return tr(value)
    if name in TEXT_TUPLE_FIELDS and isinstance(value, tuple):
        return tuple(tr(x) if isinstance(x, str) else x for x in value)
    if name == "templates" and isinstance(value, Mapping):
        return {target: tr(text) for target, text in value.items()}
    return walk(value, tr)


def walk_vocabulary_section(section: Mapping[str, Any], tr: Translate) -> dict[str, Any]:
    """One vocabulary.yaml section with its shown texts (:data:`VOCAB_KEYS`) translated."""
    out: dict[str, Any] = {}
    for key, entry in section.items():
        if isinstance(entry, Mapping):
            out[key] = {k: tr(v) if k in VOCAB_KEYS else v for k, v in entry.items()}
        else:
            out[key] = tr(entry) if isinstance(entry, str) else entry
    return out


#: languages that write a decimal comma (``1,5``)
DECIMAL_COMMA = frozenset({"es"})


def local_number(value: float, language: str) -> str:
    """``2.0`` -> ``"2"``; ``1.5`` -> ``"1.5"``, or ``"1,5"`` in Spanish."""
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return text.replace(".", ",") if normalise_language(language) in DECIMAL_COMMA else text


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def catalog_problems(sources: Iterable[str], language: str) -> list[str]:
    """What is wrong with one language's catalog against the English lines ``sources``:
    a line with no translation, a translation no line uses, a placeholder lost or added."""
    table = catalog(language)
    wanted = set(sources)
    problems = [f"{language}: no translation for {text!r}" for text in sorted(wanted - set(table))]
    problems += [f"{language}: unused translation {text!r}" for text in sorted(set(table) - wanted)]
    for english, translated in sorted(table.items()):
        if english in wanted and placeholders(english) != placeholders(translated):
            problems.append(f"{language}: placeholders differ in {english!r}")
        if not translated.strip():
            problems.append(f"{language}: empty translation for {english!r}")
    return problems


def collect(objs: Iterable[Any]) -> list[str]:
    """Every text :func:`walk` would translate in ``objs``, in first-seen order."""
    seen: dict[str, None] = {}

    def note(text: str) -> str:
        seen.setdefault(text, None)
        return text

    for obj in objs:
        walk(obj, note)
    return list(seen)
