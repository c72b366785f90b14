"""The words of the pages and the command line in other languages: gettext catalogs.

``sitecare/locale/<language>/LC_MESSAGES/sitecare.po`` holds them (extracted from the templates
and the CLI with Babel: ``scripts/i18n.py``). This module reads a ``.po`` file itself, with the
standard library only, so the web app, the CLI and pocket (under Pyodide, where there is no
Babel) all read the same catalog the same way and ``pip install -e .`` needs no build step;
``tests/unit/test_messages.py`` checks it reads every entry as Babel does.

Words the domain makes (a site's status, the planner's reasons, warnings, errors) are
:class:`Msg` values: each *is* its English text (a ``str``, so English output and JSON are
unchanged) and also keeps its template (marked for the catalog) and named parameters, so a
front end says it in the person's language at the edge with :func:`localise`. The domain never
needs to know the language. Words about a count are :func:`counted` (a plural entry:
``msgid_plural`` and ``msgstr[N]``, the form chosen by the catalog's ``Plural-Forms``;
:func:`ngettext_for` for the templates' ``{% trans count=n %}`` blocks).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from sitecare.domain.language import DEFAULT_LANGUAGE, normalise_language
from sitecare.domain.localdates import date_part, decimal
from sitecare.domain.plural_forms import parse_plural_forms
from sitecare.domain.yamlload import load_data

DOMAIN = "sitecare"


def catalog_text(language: str) -> str | None:
    """The text of one language's ``.po`` file (``None`` when it has none)."""
    node = files("sitecare").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    return node.read_text(encoding="utf-8") if node.is_file() else None


@dataclass(frozen=True)
class PoCatalog:
    """What a ``.po`` file says: its translated, non-fuzzy entries and its plural rule."""

    #: ``msgid`` -> ``msgstr``
    singular: Mapping[str, str]
    #: ``(msgid, msgid_plural)`` -> ``(msgstr[0], msgstr[1], ...)``, every form filled
    plural: Mapping[tuple[str, str], tuple[str, ...]]
    #: the header's ``Plural-Forms`` (``None`` without one)
    plural_forms: str | None = None


def read_po(text: str) -> PoCatalog:
    """A ``.po`` file's entries, as Babel reads them: comments, ``#, fuzzy`` flags, strings
    split over several lines, plural entries (``msgid_plural``, ``msgstr[N]``) and the
    header's ``Plural-Forms``. sitecare uses no context entries."""
    singular: dict[str, str] = {}
    plural: dict[tuple[str, str], tuple[str, ...]] = {}
    header: list[str | None] = [None]
    entry: dict[str, list[str]] = {}
    key = ""
    fuzzy = False
    for line in (raw.strip() for raw in [*text.splitlines(), ""]):
        starts_entry = line.startswith(("#", "msgid ")) or not line
        if starts_entry and any(k.startswith("msgstr") for k in entry):
            _keep(singular, plural, header, entry, fuzzy)
            entry, key, fuzzy = {}, "", False
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[")):
            key, _, rest = line.partition(" ")
            entry[key] = [ast.literal_eval(rest)]
        elif line.startswith('"') and key:
            entry[key].append(ast.literal_eval(line))
    return PoCatalog(singular, plural, header[0])


def parse_po(text: str) -> dict[str, str]:
    """``msgid`` -> ``msgstr`` of a ``.po`` file's translated, non-fuzzy singular entries."""
    return dict(read_po(text).singular)


def _keep(
    singular: dict[str, str],
    plural: dict[tuple[str, str], tuple[str, ...]],
    header: list[str | None],
    entry: Mapping[str, list[str]],
    fuzzy: bool,
) -> None:
    msgid = "".join(entry.get("msgid", []))
    if not msgid:  # the header (Babel marks it fuzzy; it is read all the same)
        for line in "".join(entry.get("msgstr", [])).splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "plural-forms":
                header[0] = value.strip()
        return
    if fuzzy:
        return
    if "msgid_plural" in entry:
        forms = sorted((int(k[7:-1]), "".join(v)) for k, v in entry.items() if k[:7] == "msgstr[")
        strings = tuple(text for _, text in forms)
        nplurals = parse_plural_forms(header[0])[0]  # the header comes first
        if len(strings) >= nplurals and all(strings):
            plural[(msgid, "".join(entry["msgid_plural"]))] = strings
    elif msgstr := "".join(entry.get("msgstr", [])):
        singular[msgid] = msgstr


@cache
def catalog(language: str) -> PoCatalog:
    """One shipped language's catalog (empty for English)."""
    lang = normalise_language(language)
    if lang == DEFAULT_LANGUAGE:
        return PoCatalog({}, {})
    return read_po(catalog_text(lang) or "")


@cache
def plural_rule(language: str) -> Callable[[float], int]:
    """The count -> which plural form, by the language's ``Plural-Forms`` (English's without)."""
    return parse_plural_forms(catalog(language).plural_forms)[1]


@cache
def messages(language: str) -> Mapping[str, str]:
    """The translations of one shipped language (empty for English)."""
    return catalog(language).singular


@cache
def _terms(language: str) -> Mapping[str, str]:
    """The rule base's words (``data/triage/i18n/<language>.yaml``, as ``triage.i18n`` reads
    it) for findings and condition names the planner puts in its sentences."""
    raw = load_data("triage", "i18n", f"{language}.yaml") or {}
    return {str(k): str(v) for k, v in (raw.get("texts") or {}).items()}


def gettext_for(language: str) -> Callable[[str], str]:
    """``gettext`` for ``language``: the translation, or the English text when it has none.
    A :class:`Msg` is said whole, with its parameters, in that language."""
    table = messages(language)
    lang = normalise_language(language)
    return lambda text: _say(text, lang) if isinstance(text, Msg) else table.get(text, text)


def ngettext_for(language: str) -> Callable[[str, str, float], str]:
    """``ngettext`` for ``language``: the catalog's form for ``n`` of the plural entry
    ``(singular, plural)`` (by its ``Plural-Forms``), or the English ``singular`` for 1 and
    ``plural`` otherwise when it has none. The text is not formatted (``% {...}`` after)."""
    table = catalog(language).plural
    rule = plural_rule(language)

    def ngettext(singular: str, plural: str, n: float) -> str:
        forms = table.get((singular, plural))
        if forms:
            return forms[min(rule(n), len(forms) - 1)]
        return singular if n == 1 else plural

    return ngettext


def N_(text: str) -> str:  # noqa: N802 - the gettext name for "mark for translation"
    """Mark ``text`` for the catalog without translating it here (it is translated where it
    is shown: ``_(words)``); ``scripts/i18n.py extract`` finds it."""
    return text


class Msg(str):
    """Words for a person, made where the language is not known: the English text itself, and
    its template and named parameters (``%(name)s``) to say it in another language later.

    ``Msg("Spot %(spot)s has not been used.", spot="2")`` is the ``str`` "Spot 2 has not been
    used."; ``localise(it, "es")`` is the catalog's Spanish of the template, with the Spanish of
    each parameter that is itself a ``Msg``. ``scripts/i18n.py extract`` finds the templates
    (``Msg`` is a marker like ``N_``)."""

    template: str
    params: dict[str, Any]
    kind: str
    #: a counted Msg's plural template and its count (:func:`counted`), else ``None``
    plural: tuple[str, float] | None

    def __new__(cls, template: str, /, **params: Any) -> Msg:
        return _msg(template, params, "po", template % params if params else template)

    def __reduce__(self) -> Any:
        return (_msg, (self.template, self.params, self.kind, str(self), self.plural))


def _msg(
    template: str,
    params: Mapping[str, Any],
    kind: str,
    english: str,
    plural: tuple[str, float] | None = None,
) -> Msg:
    obj = str.__new__(Msg, english)
    obj.template, obj.params, obj.kind, obj.plural = template, dict(params), kind, plural
    return obj


def counted(singular: str, plural: str, n: float, /, **params: Any) -> Msg:
    """Words about ``n`` things: ``counted("%(n)s day", "%(n)s days", n, n=n)`` is "1 day" or
    "3 days" in English and the catalog's plural entry's form for ``n`` in another language
    (``ngettext``; ``scripts/i18n.py extract`` finds it as a plural entry)."""
    english = (singular if n == 1 else plural) % params
    return _msg(singular, params, "po", english, (plural, n))


def word(text: str) -> Msg:
    """Words from packaged data marked for the catalog elsewhere (a region's label, a place's
    reason: ``scripts/i18n.py`` lists them), said in each language."""
    return _msg(text, {}, "po", text)


def keyed(key: str, english: str) -> Msg:
    """``english``, translated by the catalog's entry ``key``: for a word whose English is
    another entry with another meaning ("Back" of the body, not the "Back" button)."""
    return _msg(key, {}, "po", english)


def worded(template: str, english: str, /, **params: Any) -> Msg:
    """``english`` itself in English (a library's own words, kept as sitecare always printed
    them), ``template`` with ``params`` in other languages (``Msg`` marks it for the catalog
    where it is written)."""
    return _msg(template, params, "po", english)


def term(text: str, *, lower_first: bool = False) -> Msg:
    """A word of the rule base (a finding, a condition's name): its language is the rule base's
    catalog (``data/triage/i18n``), not the gettext one. ``lower_first`` for mid-sentence."""
    english = text[:1].lower() + text[1:] if lower_first else text
    return _msg(text, {"lower_first": lower_first}, "term", english)


def said_by(english: str, say: Callable[[str], str], /) -> Msg:
    """Words the domain says again in each language with ``say(language)`` (``english`` in
    English): a stored check's headline, said from its stored level and condition ids.
    ``say`` is a module-level function or a ``functools.partial`` of one (it is pickled)."""
    return _msg("", {"say": say}, "said", english)


def number(value: float, spec: str = "g") -> Msg:
    """A number in a sentence: ``2.5`` (English), ``2,5`` (Spanish)."""
    return _msg("", {"value": value, "spec": spec}, "number", format(value, spec))


def lowered(value: Any) -> Msg:
    """``value`` (a :class:`Msg` or text) with its first letter small, in each language: a
    region's label in the middle of a sentence ("the left inside of the elbow")."""
    english = str(value)
    return _msg("", {"value": value}, "lower", english[:1].lower() + english[1:])


def date_name(at: date, code: str) -> Msg:
    """A day or month name of ``at`` (``%A``, ``%a``, ``%B``, ``%b``), said in each language."""
    return _msg(code, {"at": at}, "date", at.strftime(code))


def day_month(at: date) -> Msg:
    """A day in a sentence or under a chart: ``1 Dec`` (``1 dic`` in Spanish)."""
    return Msg("%(day)s %(month)s", day=at.day, month=date_name(at, "%b"))


def chained(items: list[Any], template: str) -> Any:
    """``items`` one after another, each pair joined by ``template`` (``%(first)s`` and
    ``%(next)s``, marked ``N_`` where it is written), each said in the reader's language."""
    head: Any = items[0] if items else ""
    for item in items[1:]:
        head = Msg(template, first=head, next=item)
    return head


def join_sentences(items: list[Any]) -> Any:
    """Sentences one after another ("A. B."), each said in the reader's language."""
    return chained(items, N_("%(first)s %(next)s"))


def join_words(items: list[Any], *, last: str = "and") -> Any:
    """``a``, ``a and b``, ``a, b and c`` (``last`` is ``and`` or ``or``)."""
    if len(items) <= 1:
        return items[0] if items else ""
    head = items[0]
    for item in items[1:-1]:
        head = Msg("%(first)s, %(next)s", first=head, next=item)
    if last == "or":
        return Msg("%(first)s or %(last)s", first=head, last=items[-1])
    return Msg("%(first)s and %(last)s", first=head, last=items[-1])


def or_words(items: list[Any]) -> Any:
    """``a or b or c`` (what "Did you mean ...?" offers)."""
    head = items[0] if items else ""
    for item in items[1:]:
        head = Msg("%(first)s or %(last)s", first=head, last=item)
    return head


def localise(value: Any, language: str | None) -> Any:
    """``value`` with every :class:`Msg` in it said in ``language``: a Msg, or one in a dict,
    list, tuple or dataclass (walked; other values are left as they are). English is the value
    itself, untouched."""
    lang = normalise_language(language)
    return value if lang == DEFAULT_LANGUAGE else _walk(value, lang, 0)


def _walk(value: Any, lang: str, depth: int) -> Any:
    if isinstance(value, Msg):
        return _say(value, lang)
    if isinstance(value, (str, bytes, int, float)) or value is None or depth > 8:
        return value
    if isinstance(value, dict):
        new = {k: _walk(v, lang, depth + 1) for k, v in value.items()}
        return new if any(new[k] is not v for k, v in value.items()) else value
    if isinstance(value, (list, tuple)) and type(value) in (list, tuple):
        items = [_walk(v, lang, depth + 1) for v in value]
        return (
            type(value)(items)
            if any(a is not b for a, b in zip(items, value, strict=True))
            else value
        )
    if is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for f in fields(value):
            old = getattr(value, f.name, None)
            if f.init and (new := _walk(old, lang, depth + 1)) is not old:
                changed[f.name] = new
        return replace(value, **changed) if changed else value
    return value


def _say(msg: Msg, lang: str) -> str:
    if lang == DEFAULT_LANGUAGE:
        return str(msg)
    p = msg.params
    if msg.kind == "number":
        return decimal(p["value"], lang, p["spec"])
    if msg.kind == "date":
        return date_part(p["at"], msg.template, lang)
    if msg.kind == "said":
        return str(p["say"](lang))
    if msg.kind == "lower":
        text = str(_walk(p["value"], lang, 1))
        return text[:1].lower() + text[1:]
    if msg.kind == "term":
        text = _terms(lang).get(msg.template, msg.template)
        return text[:1].lower() + text[1:] if p["lower_first"] else text
    if msg.plural is not None:
        template = ngettext_for(lang)(msg.template, *msg.plural)
    else:
        template = messages(lang).get(msg.template, msg.template)
    if not p:
        return template
    return template % {k: _walk(v, lang, 1) for k, v in p.items()}
