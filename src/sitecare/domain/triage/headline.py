"""A result's headline, and a stored check's headline said again in another language.

The engine writes the headline as text ("This looks like an ordinary mark. Most likely:
bruise."), in the language it was asked for, and the check is stored with it. A stored check
also keeps its level, its conditions (ids, the first one named in the headline) and the
emergency number, so :func:`said_headline` says the same headline in any language from those,
with the words the engine uses for a new check (:func:`compose_headline`, the engine's own).

The case is never assessed again: the rule base may have changed since, and the stored level
is what was said. A check stored without those fields (an older row) keeps its stored text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from sitecare.domain.messages import Msg, said_by
from sitecare.domain.triage.i18n import translator
from sitecare.domain.triage.lines import fill
from sitecare.domain.triage.phrases import MOST_LIKELY
from sitecare.domain.triage.vocab import LEVEL_RANK, Vocabulary, load_vocabulary


def compose_headline(
    level: str, condition: str | None, vocab: Vocabulary, tr: Callable[[str], str], number: str
) -> str:
    """The level's headline (with the emergency number), then "Most likely: " and the first
    listed condition's name (``condition``: its id; ``None`` when none is listed)."""
    headline = fill(vocab.levels[level]["headline"], number)
    if condition is None:
        return headline + "."
    name = vocab.condition_name(condition)
    return headline + tr(MOST_LIKELY) + name[:1].lower() + name[1:] + "."


#: what a stored headline is said from: (level, first condition id or None, emergency number)
Parts = tuple[str, str | None, str]


def stored_parts(assessment: Mapping[str, Any]) -> Parts | None:
    """The stored level, first condition id and emergency number of a stored assessment, or
    ``None`` when one is missing or unknown to the vocabulary (then the stored text is kept)."""
    vocab = load_vocabulary()
    level, conditions = assessment.get("level"), assessment.get("conditions")
    number = assessment.get("emergency_number")
    if not isinstance(level, str) or level not in LEVEL_RANK or level not in vocab.levels:
        return None
    if not isinstance(conditions, list) or not isinstance(number, str) or not number.strip():
        return None
    if not conditions:
        return level, None, number
    first = conditions[0]
    cid = first.get("id") if isinstance(first, Mapping) else None
    if not isinstance(cid, str) or cid not in vocab.conditions:
        return None
    return level, cid, number


def headline_in(parts: Parts, language: str) -> str:
    """The headline of ``parts`` in ``language``, as the engine writes it for a new check."""
    level, condition, number = parts
    vocab = load_vocabulary(language)
    return compose_headline(level, condition, vocab, translator(vocab.language), number)


def said_headline(assessment: Mapping[str, Any], language: str) -> str | None:
    """A stored check's headline in ``language``: said again from its stored level, first
    condition and emergency number; the stored text when it lacks them (``None`` without a
    stored headline: nothing was said)."""
    stored = assessment.get("headline")
    if not isinstance(stored, str) or not stored:
        return None
    parts = stored_parts(assessment)
    return stored if parts is None else headline_in(parts, language)


def headline_words(assessment: Mapping[str, Any]) -> str | None:
    """A stored check's headline for a page or a listing, said in its reader's language at the
    edge (``messages.localise``): a :class:`Msg` whose English is :func:`said_headline`'s; the
    stored text when it lacks the fields; ``None`` without a stored headline."""
    english = said_headline(assessment, "en")
    parts = stored_parts(assessment)
    if english is None or parts is None:
        return english
    said: Msg = said_by(english, partial(headline_in, parts))
    return said
