"""The planner's reasons in words: why this spot, why every spot is resting, why a spot next
to a resting one, and a blocked site (pure). Each is a :class:`~sitecare.domain.messages.Msg`:
English as the planner always said it, and said in the person's language where it is shown."""

from __future__ import annotations

from datetime import datetime

from sitecare.domain.messages import Msg, word
from sitecare.domain.rotation import Candidate, Policy, SiteBlock
from sitecare.domain.routes import route_words
from sitecare.domain.wording import days_words, duration_words, when_words


def spot_name(c: Candidate) -> Msg:
    """``Left forearm, spot 2``."""
    return Msg("%(region)s, spot %(spot)s", region=word(c.region.label), spot=c.spot.id)


def rest_reason(c: Candidate, policy: Policy, now: datetime) -> Msg:
    need = days_words(policy.spot_rest.total_seconds() / 86400)
    route = route_words(policy.route)
    if c.last_used is None:
        return Msg(
            "%(name)s: not used before (%(route)s spots rest %(need)s).",
            name=spot_name(c),
            route=route,
            need=need,
        )
    return Msg(
        "%(name)s: rested %(rested)s, last used %(when)s (%(route)s spots rest %(need)s).",
        name=spot_name(c),
        rested=duration_words(now - c.last_used),
        when=when_words(c.last_used, now),
        route=route,
        need=need,
    )


def all_resting_reason(best: Candidate, first: Candidate, policy: Policy, now: datetime) -> Msg:
    assert best.ready_at is not None
    route = route_words(policy.route)
    name = spot_name(best)
    ready = when_words(best.ready_at, now, clock=True)
    if best.resting_for == "check" and best.rest_note is not None:
        note = best.rest_note
        which = Msg(
            "%(name)s is ready first, %(ready)s: a check %(when)s found %(why)s.",
            name=name,
            ready=ready,
            when=when_words(note.since, now),
            why=note.why,
        )
    elif best.resting_for == "region" and best.last_used is not None:
        which = Msg(
            "%(name)s is ready first, %(ready)s: this muscle was used %(when)s and a muscle "
            "rests %(days)s.",
            name=name,
            ready=ready,
            when=when_words(best.last_used, now),
            days=days_words(policy.region_rest.total_seconds() / 86400),
        )
    elif best.last_used is not None:
        which = Msg(
            "This is the one that has rested longest: %(name)s, %(rested)s (%(route)s spots "
            "rest %(need)s, so it is ready %(ready)s).",
            name=name,
            rested=duration_words(now - best.last_used),
            route=route,
            need=days_words(policy.spot_rest.total_seconds() / 86400),
            ready=ready,
        )
    else:
        which = Msg("%(name)s is ready first, %(ready)s.", name=name, ready=ready)
    text = Msg(
        "Every spot you can use for %(route)s injections is still resting. %(which)s Wait "
        "until then if you can.",
        route=route,
        which=which,
    )
    if first is not best and first.ready_at is not None:
        text = Msg(
            "%(text)s The first site ready is %(name)s (%(tier)s), %(when)s.",
            text=text,
            name=spot_name(first),
            tier=word(first.tier),
            when=when_words(first.ready_at, now, clock=True),
        )
    return text


def crowded_reason(c: Candidate, policy: Policy) -> Msg:
    assert c.crowded_by is not None
    if policy.spacing == "vein" and c.region.spot_layout == "line":
        return Msg(
            "Spot %(spot)s, higher up this vein, is still resting, so blood from this spot "
            "passes a fresh puncture; no better-placed spot is rested.",
            spot=c.crowded_by.id,
        )
    return Msg(
        "Spot %(spot)s, right next to this one, is still resting; no better-spaced spot is rested.",
        spot=c.crowded_by.id,
    )


def blocked_words(label: str, block: SiteBlock, now: datetime) -> Msg:
    """``<region> is blocked: a check <when> found <why>.`` and what to do."""
    return Msg(
        "%(region)s is blocked: a check %(when)s found %(why)s. Do not inject there until a "
        "clinician has seen it or a later check clears it.",
        region=word(label),
        when=when_words(block.since, now),
        why=block.why,
    )
