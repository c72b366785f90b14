"""Every reference case (the shared examples and our own, written from the clinical brief).

The level must match exactly; every expected condition must be among the top three.
"""

from __future__ import annotations

from typing import Any

import pytest

from sitecare.domain.triage import assess

from .conftest import CASE_VALIDATOR, CASES, EXAMPLES, load_jsonl

ALL = load_jsonl(EXAMPLES) + load_jsonl(CASES)


@pytest.mark.parametrize("item", ALL, ids=[c["id"] for c in ALL])
def test_case(item: dict[str, Any]) -> None:
    assert not list(CASE_VALIDATOR.iter_errors(item["case"])), "the case itself must be valid"
    result = assess(item["case"])
    top = [c["id"] for c in result["conditions"][:3]]
    assert result["level"] == item["level"], (item.get("why"), result["conditions"])
    for expected in item["expect"]:
        assert expected in top, (item.get("why"), top)


def test_the_case_set_covers_every_condition_and_level() -> None:
    from sitecare.domain.triage import LEVELS, load_vocabulary

    ours = load_jsonl(CASES)
    assert len(ours) >= 100
    assert {c["level"] for c in ours} == set(LEVELS)
    expected = {e for c in ours for e in c["expect"]}
    assert set(load_vocabulary().conditions) <= expected
    assert len({c["id"] for c in ALL}) == len(ALL), "case ids are unique"
