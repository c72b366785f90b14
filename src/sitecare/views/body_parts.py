"""The body parts of the body map (arm, belly, thigh, ...): which regions each holds, the box it
zooms to, and the short words each region has on the zoomed map."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sitecare.domain.messages import N_, Msg, keyed
from sitecare.views.body_outline import WIDTH, Box

# --- body parts -----------------------------------------------------------------------------

#: a drawing of the body from behind: "Back" in English, its own catalog entry (not the
#: "Back" button)
BACK = keyed(N_("Back (the body from behind)"), "Back")


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
            N_("Head and neck"),
            N_("head"),
            ("face", "neck_right", "neck_left"),
            {"front": (70.0, 4.0, 60.0, 80.0)},
            (Panel("front", (52.0, 4.0, 96.0, 86.0), Msg("Front")),),
        ),
    ]
    for side, label in (("right", N_("Right arm")), ("left", N_("Left arm"))):
        front = arm_front if side == "right" else _mirror_box(arm_front)
        panel = arm_panel_front if side == "right" else _mirror_box(arm_panel_front)
        parts.append(
            Part(
                f"arm_{side}",
                label,
                N_("arm"),
                tuple(f"{b}_{side}" for b in _ARM_BASES),
                # facing away, the person's right arm is on the right of the drawing
                {"front": front, "back": _mirror_box(front)},
                (
                    Panel("front", panel, Msg("Front (palm side)")),
                    Panel("back", _mirror_box(panel), BACK),
                ),
            )
        )
    return parts


def _trunk_and_legs() -> list[Part]:
    parts: list[Part] = []
    parts += [
        Part(
            "belly",
            N_("Belly"),
            N_("belly"),
            (
                "abdomen_upper_right",
                "abdomen_upper_left",
                "abdomen_lower_right",
                "abdomen_lower_left",
            ),
            {"front": (64.0, 84.0, 72.0, 140.0)},
            (Panel("front", (52.0, 148.0, 96.0, 74.0), Msg("Front")),),
        ),
        Part(
            "hips",
            N_("Hips and groin"),
            N_("hips"),
            both("ventrogluteal", "groin"),
            {"front": (64.0, 224.0, 72.0, 46.0)},
            (Panel("front", (52.0, 216.0, 96.0, 58.0), Msg("Front")),),
        ),
        Part(
            "buttocks",
            N_("Buttocks"),
            N_("buttocks"),
            both("buttock_upper_outer"),
            {"back": (64.0, 224.0, 72.0, 72.0)},
            (Panel("back", (52.0, 222.0, 96.0, 70.0), BACK),),
        ),
        Part(
            "thighs",
            N_("Thighs"),
            N_("thighs"),
            both("thigh_front", "thigh_outer"),
            {"front": (64.0, 270.0, 72.0, 88.0)},
            (Panel("front", (52.0, 262.0, 96.0, 100.0), Msg("Front")),),
        ),
        Part(
            "legs",
            N_("Lower legs"),
            N_("legs"),
            both("lower_leg"),
            {"front": (64.0, 358.0, 72.0, 76.0)},
            (Panel("front", (52.0, 354.0, 96.0, 82.0), Msg("Front")),),
        ),
        Part(
            "feet",
            N_("Feet"),
            N_("feet"),
            both("foot_dorsum", "toes"),
            {"front": (64.0, 434.0, 72.0, 46.0)},
            (Panel("front", (52.0, 428.0, 96.0, 50.0), Msg("Front")),),
        ),
    ]
    return parts


def _parts() -> tuple[Part, ...]:
    return tuple(_head_and_arms() + _trunk_and_legs())


PARTS = _parts()
PART_INDEX = {p.id: p for p in PARTS}
#: region id -> the part it is in
PART_OF = {rid: p.id for p in PARTS for rid in p.regions}

#: the words on the zoomed map for each region (short: the target says the full name; one
#: line each, split at "\n", so a language can break them where it reads well), and
#: where the words go: beside it away from the middle of the body ("outer"), toward it
#: ("inner"), above, below or on it ("on")
ZOOM_LABELS: Mapping[str, tuple[str, str]] = {
    "face": (N_("face"), "on"),
    "neck": (N_("neck"), "outer"),
    "deltoid": (N_("shoulder"), "outer"),
    "upper_arm_inner": (N_("inside of\nupper arm"), "outer"),
    "antecubital_fossa": (N_("inside of\nelbow"), "outer"),
    "forearm": (N_("forearm"), "outer"),
    "wrist": (N_("wrist"), "outer"),
    "fingers": (N_("fingers"), "outer"),
    "upper_arm_back": (N_("back of\nupper arm"), "outer"),
    "hand_dorsum": (N_("back of\nhand"), "outer"),
    "abdomen_upper_right": (N_("upper\nright"), "outer"),
    "abdomen_upper_left": (N_("upper\nleft"), "outer"),
    "abdomen_lower_right": (N_("lower\nright"), "outer"),
    "abdomen_lower_left": (N_("lower\nleft"), "outer"),
    "ventrogluteal": (N_("side of\nhip"), "outer"),
    "groin": (N_("groin"), "inner-below"),
    "buttock_upper_outer": (N_("upper outer\nbuttock"), "below"),
    "thigh_front": (N_("front of\nthigh"), "above"),
    "thigh_outer": (N_("outer"), "outer"),
    "lower_leg": (N_("lower leg"), "outer"),
    "foot_dorsum": (N_("top of foot"), "outer"),
    "toes": (N_("toes"), "outer"),
}
