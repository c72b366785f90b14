"""What logging an injection at a place warns about, measured against the suggestion (pure).

The rule people can rely on: following the suggestion never warns. A warning appears only when
the place picked is worse than what the planner would suggest at that moment, or is blocked:

- a place to avoid for the route, or one not used for the route at all;
- a blocked site (a check said not to use it until a clinician or a later check clears it);
- a ``caution`` place while a ``preferred`` spot is rested;
- a spot that is still resting while the suggested one is rested, or while the suggested one
  is ready sooner (when every spot is resting, the suggestion is the one ready first).

Spacing (a spot right next to a resting one) only orders the suggestions; it never warns.
"""

from __future__ import annotations

from datetime import datetime

from sitecare.domain.atlas import TIER_RANK, Atlas, Region
from sitecare.domain.first_ranked import first_ranked
from sitecare.domain.messages import Msg, word
from sitecare.domain.rotation import (
    Candidate,
    Policy,
    SiteBlock,
    Usage,
    assess_region,
)
from sitecare.domain.routes import route_words
from sitecare.domain.site_status import BLOCKED_TODO
from sitecare.domain.wording import days_words, duration_words, when_words


def _route_words(route: str) -> Msg:
    return route_words(route)


def tier_warning(region: Region, route: str) -> str | None:
    """The warning for a place that is not for this route, or one to avoid for it."""
    rt = region.routes.get(route)
    if rt is None:
        used = _comma_list([_route_words(r) for r in region.routes]) or Msg("no route")
        return Msg(
            "%(region)s is not a usual place for %(route)s injections (it is used for %(used)s).",
            region=word(region.label),
            route=_route_words(route),
            used=used,
        )
    if rt.tier == "avoid":
        return Msg(
            "%(region)s is a place to avoid for %(route)s injections: %(reason)s",
            region=word(region.label),
            route=_route_words(route),
            reason=word(rt.reason),
        )
    return None


def suggested_candidate(
    atlas: Atlas, usage: Usage, policy: Policy, at: datetime
) -> Candidate | None:
    """The spot the planner would suggest at ``at`` (the first of its ranking), if any."""
    return first_ranked(atlas, usage, policy, at)


def _comma_list(items: list[Msg]) -> Msg | None:
    """``a, b, c`` (no "and": the routes a place is used for)."""
    if not items:
        return None
    head = items[0]
    for item in items[1:]:
        head = Msg("%(first)s, %(next)s", first=head, next=item)
    return head


def _where(c: Candidate) -> Msg:
    return Msg("%(region)s, spot %(spot)s", region=word(c.region.label), spot=c.spot.id)


def use_warnings(
    atlas: Atlas,
    usage: Usage,
    policy: Policy,
    *,
    region: str,
    spot: str | None,
    at: datetime,
) -> list[str]:
    """Warnings for logging ``policy.route`` at ``region`` (and ``spot``) at ``at``.

    ``usage`` must not yet count the injection being logged.
    """
    reg = atlas.region(region)
    route = policy.route
    out: list[str] = []
    tier_text = tier_warning(reg, route)
    if tier_text:
        out.append(tier_text)
    block = next((b for b in usage.blocks if b.region == reg.id), None)
    if block is not None:
        out.append(_blocked_warning(reg, block, at))
    # The suggestion is only worked out when a warning may need it: a caution place, or a
    # spot that is still resting (following the suggestion never warns).
    found: list[Candidate | None] = []

    def suggestion() -> Candidate | None:
        if not found:
            found.append(suggested_candidate(atlas, usage, policy, at))
        return found[0]

    tier = reg.tier(route)
    best = suggestion() if tier == "caution" else None
    if (
        tier == "caution"
        and best is not None
        and best.rested(at)
        and TIER_RANK[best.tier] < TIER_RANK["caution"]
    ):
        out.append(
            Msg(
                "Take care with %(region)s: %(reason)s A safer place is rested: %(where)s.",
                region=word(reg.label),
                reason=word(reg.routes[route].reason),
                where=_where(best),
            )
        )
    if block is not None:
        return out  # a blocked site: resting does not matter
    c = _resting_pick(reg, usage, policy, spot, at)
    if c is None or c.ready_at is None:
        return out
    best = suggestion()
    # every spot is resting and this one is ready as soon as any: that is the suggestion, fine
    if best is not None and best.ready_at is not None and not best.rested(at):
        as_good = c.ready_at <= best.ready_at
        if as_good:
            return out
    out.append(_resting_warning(c, policy, at, best, spot is not None))
    return out


def _blocked_warning(reg: Region, block: SiteBlock, at: datetime) -> Msg:
    return Msg(
        "%(region)s is blocked: a check %(when)s found %(why)s. %(todo)s",
        region=word(reg.label),
        when=when_words(block.since, at),
        why=block.why,
        todo=BLOCKED_TODO,
    )


def _resting_pick(
    reg: Region, usage: Usage, policy: Policy, spot: str | None, at: datetime
) -> Candidate | None:
    """The resting spot a warning is about: the spot given, or (no spot given) the one ready
    first when every spot of the region is resting; None when nothing rests."""
    cands = assess_region(reg, usage, policy, at)
    if spot is not None:
        picked = [c for c in cands if c.spot.id == spot]
    else:  # no spot given: warn only when every spot of the region is resting
        picked = cands if all(not c.rested(at) for c in cands) else []
    resting = [c for c in picked if not c.rested(at)]
    if not resting:
        return None
    c = min(resting, key=lambda c: (c.ready_at or at, c.spot.order))
    assert c.ready_at is not None
    return c


def _resting_warning(
    c: Candidate, policy: Policy, at: datetime, best: Candidate | None, with_spot: bool
) -> str:
    assert c.ready_at is not None
    where = _where(c) if with_spot else word(c.region.label)
    route = _route_words(policy.route)
    if c.resting_for == "check" and c.rest_note is not None:
        why = Msg(
            "a check %(when)s found %(why)s",
            when=when_words(c.rest_note.since, at),
            why=c.rest_note.why,
        )
    elif c.last_used is not None and c.resting_for == "spot":
        why = Msg(
            "it was used %(ago)s ago and %(route)s spots rest %(need)s",
            ago=duration_words(at - c.last_used),
            route=route,
            need=days_words(policy.spot_rest.total_seconds() / 86400),
        )
    else:
        why = Msg(
            "this muscle was used recently and rests %(need)s",
            need=days_words(policy.region_rest.total_seconds() / 86400),
        )
    text = Msg(
        "%(where)s is still resting: %(why)s. It is ready %(when)s.",
        where=where,
        why=why,
        when=when_words(c.ready_at, at, clock=True),
    )
    if best is not None and best.rested(at):
        text = Msg("%(text)s Rested instead: %(where)s.", text=text, where=_where(best))
    elif best is not None and best.ready_at is not None:
        text = Msg(
            "%(text)s %(where)s is ready sooner (%(when)s).",
            text=text,
            where=_where(best),
            when=when_words(best.ready_at, at, clock=True),
        )
    return text
