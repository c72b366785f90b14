"""Routes, level words and emergency numbers come from one data file each."""

from __future__ import annotations

import json
import typing
from importlib.resources import files

from sitecare.domain.atlas import load_atlas
from sitecare.domain.emergency import DEFAULT_EMERGENCY_NUMBER, DOCUMENTED_EMERGENCY_NUMBERS
from sitecare.domain.placewords import load_place_words
from sitecare.domain.routes import ROUTE_LABELS, ROUTES, RouteId, route_choices, route_reason
from sitecare.domain.triage import LEVELS, level_looks, load_vocabulary


def test_the_route_type_is_the_data_files_ids() -> None:
    assert typing.get_args(RouteId) == ROUTES
    assert ROUTES == ("intravenous", "intramuscular", "subcutaneous", "intradermal", "skin_popping")
    assert load_vocabulary().routes == (*ROUTES, "unknown")
    assert set(load_atlas().route_labels) == set(ROUTES)
    assert set(ROUTE_LABELS) == set(ROUTES)


def test_the_case_schema_and_the_place_words_know_the_same_routes() -> None:
    schema = json.loads(files("sitecare.data").joinpath("triage/case.schema.json").read_text())
    assert schema["properties"]["route"]["enum"] == [*ROUTES, "unknown"]
    assert set(load_place_words().routes.values()) <= {*ROUTES, "unknown"}


def test_route_words() -> None:
    assert route_reason("intravenous") == "injected into a vein"
    assert route_reason("something") == "something"
    assert route_choices() == (
        "intravenous, intramuscular, subcutaneous, intradermal or skin_popping"
    )


def test_every_level_has_its_words_and_icons() -> None:
    looks = level_looks()
    assert tuple(looks) == LEVELS
    assert all(look.label and look.icon and look.text_icon for look in looks.values())


def test_emergency_numbers() -> None:
    assert DEFAULT_EMERGENCY_NUMBER == "911"
    assert DOCUMENTED_EMERGENCY_NUMBERS == ("911", "112", "999")
