"""The body parts of the body map (arm, belly, thigh, ...): which regions each holds, the box it
zooms to, and the short words each region has on the zoomed map."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sitecare.views.body_outline import WIDTH, Box

# --- body parts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """One drawing of a zoomed part: which view, which piece of it, and its title."""

    view: str
    box: Box
    title: str


@dataclass(frozen=True)
class Part:
    """A body part a thumb can tap on the whole body: it opens zoomed in, with its regions."""

    id: str
    label: str
    short: str
    regions: tuple[str, ...]
    hits: Mapping[str, Box]
    panels: tuple[Panel, ...]


def _mirror_box(box: Box) -> Box:
    x, y, w, h = box
    return (WIDTH - x - w, y, w, h)


_ARM_BASES = (
    "deltoid",
    "upper_arm_inner",
    "antecubital_fossa",
    "forearm",
    "wrist",
    "fingers",
    "upper_arm_back",
    "hand_dorsum",
)


def both(*bases: str) -> tuple[str, ...]:
    """The region ids of each base, right and left."""
    return tuple(f"{b}_{side}" for b in bases for side in ("right", "left"))


def _head_and_arms() -> list[Part]:
    arm_front: Box = (12.0, 84.0, 52.0, 246.0)
    arm_panel_front: Box = (8.0, 82.0, 76.0, 228.0)
    parts = [
        Part(
            "head",
            "Head and neck",
            "head",
            ("face", "neck_right", "neck_left"),
            {"front": (70.0, 4.0, 60.0, 80.0)},
            (Panel("front", (52.0, 4.0, 96.0, 86.0), "Front"),),
        ),
    ]
    for side, word in (("right", "Right"), ("left", "Left")):
        front = arm_front if side == "right" else _mirror_box(arm_front)
        panel = arm_panel_front if side == "right" else _mirror_box(arm_panel_front)
        parts.append(
            Part(
                f"arm_{side}",
                f"{word} arm",
                "arm",
                tuple(f"{b}_{side}" for b in _ARM_BASES),
                # facing away, the person's right arm is on the right of the drawing
                {"front": front, "back": _mirror_box(front)},
                (
                    Panel("front", panel, "Front (palm side)"),
                    Panel("back", _mirror_box(panel), "Back"),
                ),
            )
        )
    return parts


def _trunk_and_legs() -> list[Part]:
    parts: list[Part] = []
    parts += [
        Part(
            "belly",
            "Belly",
            "belly",
            (
                "abdomen_upper_right",
                "abdomen_upper_left",
                "abdomen_lower_right",
                "abdomen_lower_left",
            ),
            {"front": (64.0, 84.0, 72.0, 140.0)},
            (Panel("front", (52.0, 148.0, 96.0, 74.0), "Front"),),
        ),
        Part(
            "hips",
            "Hips and groin",
            "hips",
            both("ventrogluteal", "groin"),
            {"front": (64.0, 224.0, 72.0, 46.0)},
            (Panel("front", (52.0, 216.0, 96.0, 58.0), "Front"),),
        ),
        Part(
            "buttocks",
            "Buttocks",
            "buttocks",
            both("buttock_upper_outer"),
            {"back": (64.0, 224.0, 72.0, 72.0)},
            (Panel("back", (52.0, 222.0, 96.0, 70.0), "Back"),),
        ),
        Part(
            "thighs",
            "Thighs",
            "thighs",
            both("thigh_front", "thigh_outer"),
            {"front": (64.0, 270.0, 72.0, 88.0)},
            (Panel("front", (52.0, 262.0, 96.0, 100.0), "Front"),),
        ),
        Part(
            "legs",
            "Lower legs",
            "legs",
            both("lower_leg"),
            {"front": (64.0, 358.0, 72.0, 76.0)},
            (Panel("front", (52.0, 354.0, 96.0, 82.0), "Front"),),
        ),
        Part(
            "feet",
            "Feet",
            "feet",
            both("foot_dorsum", "toes"),
            {"front": (64.0, 434.0, 72.0, 46.0)},
            (Panel("front", (52.0, 428.0, 96.0, 50.0), "Front"),),
        ),
    ]
    return parts


def _parts() -> tuple[Part, ...]:
    return tuple(_head_and_arms() + _trunk_and_legs())


PARTS = _parts()
PART_INDEX = {p.id: p for p in PARTS}
#: region id -> the part it is in
PART_OF = {rid: p.id for p in PARTS for rid in p.regions}

#: the words on the zoomed map for each region (short: the target says the full name), and
#: where the words go: beside it away from the middle of the body ("outer"), toward it
#: ("inner"), above, below or on it ("on")
ZOOM_LABELS: Mapping[str, tuple[str, str]] = {
    "face": ("face", "on"),
    "neck": ("neck", "outer"),
    "deltoid": ("shoulder", "outer"),
    "upper_arm_inner": ("inside of|upper arm", "outer"),
    "antecubital_fossa": ("inside of|elbow", "outer"),
    "forearm": ("forearm", "outer"),
    "wrist": ("wrist", "outer"),
    "fingers": ("fingers", "outer"),
    "upper_arm_back": ("back of|upper arm", "outer"),
    "hand_dorsum": ("back of|hand", "outer"),
    "abdomen_upper_right": ("upper|right", "outer"),
    "abdomen_upper_left": ("upper|left", "outer"),
    "abdomen_lower_right": ("lower|right", "outer"),
    "abdomen_lower_left": ("lower|left", "outer"),
    "ventrogluteal": ("side of|hip", "outer"),
    "groin": ("groin", "inner-below"),
    "buttock_upper_outer": ("upper outer|buttock", "below"),
    "thigh_front": ("front of|thigh", "above"),
    "thigh_outer": ("outer", "outer"),
    "lower_leg": ("lower leg", "outer"),
    "foot_dorsum": ("top of foot", "outer"),
    "toes": ("toes", "outer"),
}
