"""The words people use for regions and routes (data/region_words.yaml), in one resolver."""

from __future__ import annotations

import unicodedata

import pytest

from sitecare.domain.atlas import check_route, load_atlas
from sitecare.domain.errors import InvalidInput

ATLAS = load_atlas()


@pytest.mark.parametrize(
    "words,region",
    [
        ("forearm_left", "forearm_left"),
        ("left forearm", "forearm_left"),
        ("Left Forearm", "forearm_left"),
        ("forearm-right", "forearm_right"),
        ("left inner elbow", "antecubital_fossa_left"),
        ("inside of the right elbow", "antecubital_fossa_right"),
        ("elbow_left", "antecubital_fossa_left"),
        ("lower left belly", "abdomen_lower_left"),
        ("upper right tummy", "abdomen_upper_right"),
        ("left outer thigh", "thigh_outer_left"),
        ("right hip", "ventrogluteal_right"),
        ("face", "face"),
        ("back of the left hand", "hand_dorsum_left"),
    ],
)
def test_words_people_use_name_a_region(words: str, region: str) -> None:
    assert ATLAS.region(words).id == region


@pytest.mark.parametrize(
    "words,every",
    [
        (
            "belly",
            {
                "abdomen_upper_left",
                "abdomen_upper_right",
                "abdomen_lower_left",
                "abdomen_lower_right",
            },
        ),
        ("elbow", {"antecubital_fossa_left", "antecubital_fossa_right"}),
        ("inner elbow", {"antecubital_fossa_left", "antecubital_fossa_right"}),
        ("right thigh", {"thigh_front_right", "thigh_outer_right"}),
        ("forearm", {"forearm_left", "forearm_right"}),
    ],
)
def test_words_that_could_be_several_regions_suggest_every_one(words: str, every: set[str]) -> None:
    with pytest.raises(InvalidInput) as info:
        ATLAS.region(words)
    assert set(info.value.suggestions) == every
    assert info.value.field == "region"
    assert "Which one?" in str(info.value)


def test_a_typo_is_never_guessed_silently() -> None:
    with pytest.raises(InvalidInput) as info:
        ATLAS.region("antecubital_fosa_left")
    assert info.value.suggestions[0] == "antecubital_fossa_left"
    with pytest.raises(InvalidInput) as info:
        ATLAS.region("kneecap")
    assert info.value.suggestions == ()


@pytest.mark.parametrize(
    "words,route",
    [
        ("iv", "intravenous"),
        ("IV", "intravenous"),
        ("into a vein", "intravenous"),
        ("subq", "subcutaneous"),
        ("sub-q", "subcutaneous"),
        ("SC", "subcutaneous"),
        ("im", "intramuscular"),
        ("skin popping", "skin_popping"),
        ("skin_popping", "skin_popping"),
    ],
)
def test_route_words(words: str, route: str) -> None:
    assert check_route(words) == route


def test_an_unknown_route_is_refused_with_the_routes() -> None:
    with pytest.raises(InvalidInput) as info:
        check_route("orally")
    assert "intravenous" in str(info.value)
    assert check_route("not sure", allow_unknown=True) == "unknown"
    with pytest.raises(InvalidInput):
        check_route("not sure")


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("antebrazo izquierdo", "forearm_left"),
        ("Antebrazo  DERECHO", "forearm_right"),
        ("Left forearm", "forearm_left"),
    ],
)
def test_a_regions_name_in_any_shipped_language_names_it(text: str, region: str) -> None:
    # found by a new-user review: 'sitecare log "antebrazo derecho"' was an unknown region
    assert ATLAS.region(text).id == region


def test_spanish_names_are_matched_without_their_accents() -> None:
    from sitecare.domain.messages import gettext_for

    say = gettext_for("es")
    accented = [
        r for r in ATLAS.regions if say(r.label) != say(r.label).encode("ascii", "ignore").decode()
    ]
    assert accented, "some Spanish region names have accents"
    region = accented[0]
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", say(region.label)) if not unicodedata.combining(c)
    )
    assert ATLAS.region(bare).id == region.id
    assert ATLAS.region(say(region.label)).id == region.id
