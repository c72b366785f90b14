"""Messages kept with a stored record (``domain.stored_words``): said again in another language,
and never trusted beyond sitecare's own templates (a file someone made can hold anything)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from sitecare.domain.follow.look import since_words
from sitecare.domain.messages import (
    Msg,
    counted,
    date_name,
    localise,
    lowered,
    number,
    term,
    word,
)
from sitecare.domain.stored_words import from_data, to_data


def _again(value: Any) -> Any:
    return from_data(json.loads(json.dumps(to_data(value))))  # as a JSON column keeps it


def test_a_message_comes_back_and_is_said_in_each_language() -> None:
    at = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
    said = Msg(
        "%(first)s; %(next)s",
        first=Msg(
            "%(what)s grew from %(a)s cm to %(b)s cm",
            what=word("the redness"),
            a=number(2.5),
            b=number(6),
        ),
        next=lowered(Msg("Left forearm")),
    )
    for value in (
        said,
        counted("%(n)s day", "%(n)s days", 3, n=3),
        date_name(date(2026, 12, 1), "%A"),
        term("Bruise", lower_first=True),
        since_words(at, datetime(2026, 11, 22, 6, 0, tzinfo=UTC)),
    ):
        back = _again(value)
        assert isinstance(back, Msg)
        assert str(back) == str(value)
        assert localise(back, "es") == localise(value, "es")
    assert "2,5" in localise(_again(said), "es")


@pytest.mark.parametrize(
    "data",
    [
        {"msg": "%(x)s was made up", "kind": "po", "en": "made up", "params": {"x": 1}},
        {"msg": "Left forearm", "kind": "po", "en": "x", "params": {}, "plural": ["a", 2]},
        {"msg": "", "kind": "number", "en": "1", "params": {"value": 1, "spec": "999999999f"}},
        {"msg": "%Y", "kind": "date", "en": "2026", "params": {"at": {"date": "2026-01-01"}}},
        {"msg": "%(first)s; %(next)s", "kind": "po", "en": "a; b", "params": {"first": "a"}},
        {"msg": "x", "kind": "said", "en": "said", "params": {}},
        {"msg": "x", "kind": "po", "en": ["not", "text"], "params": {}},
    ],
)
def test_stored_data_that_sitecare_did_not_write_is_only_its_english(data: Any) -> None:
    back = from_data(data)
    assert not isinstance(back, Msg)
    assert localise(back, "es") == back  # never a template of the file's, never a crash


def test_deep_or_odd_data_never_fails() -> None:
    deep: Any = "end"
    for _ in range(200):
        deep = {"msg": "%(first)s; %(next)s", "kind": "po", "en": "x", "params": {"first": deep}}
    assert isinstance(localise(from_data(deep), "es"), str)
    for odd in (None, 3, "text", [1, 2], {"datetime": "2026-12-01T00:00:00+00:00"}):
        from_data(odd)
    assert to_data(object()) != ""
