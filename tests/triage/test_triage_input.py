"""Validating incoming cases (and outgoing assessments) against the packaged schemas."""

from __future__ import annotations

from typing import Any

import pytest

from sitecare.domain.errors import InvalidInput
from sitecare.domain.triage import assess
from sitecare.services.triage_input import (
    load_case,
    validate_assessment,
    validate_case,
)


def refused(data: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        validate_case(data)
    return info.value


def test_a_valid_case_is_returned_unchanged() -> None:
    case = {"findings": ["redness"], "vitals": {"heart_rate": 80}, "route": "intravenous"}
    assert validate_case(case) is case


def test_an_unknown_finding_names_the_item_and_suggests_ids() -> None:
    error = refused({"findings": ["redness", "warmth", "puss"]})
    assert error.field == "findings[2]"
    assert "pus" in error.suggestions
    assert "unknown finding 'puss'" in error.message
    assert error.exit_code == 2


def test_an_unknown_context_suggests_the_closest() -> None:
    error = refused({"findings": [], "context": ["inject_drugs"]})
    assert error.field == "context[0]"
    assert error.suggestions == ("injects_drugs",)


def test_an_unknown_route_and_trend_are_refused() -> None:
    assert "intravenous" in refused({"findings": [], "route": "intravenus"}).suggestions
    assert refused({"findings": [], "redness_trend": "spreding"}).suggestions[0] == "spreading"


@pytest.mark.parametrize(
    "vitals,field,words",
    [
        ({"heart_rate": 400}, "vitals.heart_rate", "between 0 and 300 (got 400)"),
        ({"temperature_c": 20}, "vitals.temperature_c", "between 25 and 45 (got 20)"),
        ({"spo2": 101}, "vitals.spo2", "between 50 and 100"),
    ],
)
def test_an_out_of_range_value_names_the_field_and_range(
    vitals: Any, field: str, words: str
) -> None:
    error = refused({"findings": [], "vitals": vitals})
    assert error.field == field
    assert words in error.message


def test_negative_sizes_and_wrong_types_name_the_field() -> None:
    error = refused({"findings": [], "lump_diameter_cm": -1})
    assert (error.field, "0 or more") == ("lump_diameter_cm", error.message.split("be ")[1][:9])
    error = refused({"findings": [], "vitals": {"heart_rate": "fast"}})
    assert error.field == "vitals.heart_rate"
    assert "must be a number" in error.message


def test_missing_findings_unknown_fields_and_duplicates() -> None:
    assert refused({}).field == "findings"
    error = refused({"findings": [], "hours_since_injecton": 2})
    assert error.field == "hours_since_injecton"
    assert "hours_since_injection" in error.suggestions
    assert "more than once" in refused({"findings": ["pus", "pus"]}).message
    assert refused([1, 2]).field == "case"


def test_several_problems_are_counted() -> None:
    error = refused({"findings": ["x"], "route": "y"})
    assert "1 more problem" in error.message


def test_load_case_parses_json_and_reports_bad_json() -> None:
    assert load_case('{"findings": ["pus"]}') == {"findings": ["pus"]}
    with pytest.raises(InvalidInput) as info:
        load_case('{"findings": [pus]}')
    assert "not valid JSON" in info.value.message


def test_assessments_validate_and_broken_ones_are_refused() -> None:
    result = assess({"findings": ["pus"]})
    assert validate_assessment(result) is result
    with pytest.raises(InvalidInput) as info:
        validate_assessment({**result, "level": "later"})
    assert info.value.field == "level"
