"""Logging an injection, the parts the services (``services.records``) and pocket
(``views.state_parts``) both do: the warning about a place for a route, and the place a preview
of the warnings is for. Pure."""

from __future__ import annotations

from sitecare.domain.atlas import Atlas
from sitecare.domain.use_warnings import tier_warning

__all__ = ["preview_place", "site_warnings"]


def site_warnings(atlas: Atlas, region: str, route: str) -> list[str]:
    """A place to avoid for ``route``, or one not used for it at all (never a refusal)."""
    text = tier_warning(atlas.region(region), route)
    return [text] if text else []


def preview_place(
    atlas: Atlas, region: str, route: str | None, spot: str | None
) -> tuple[str, str | None, str]:
    """The region id, spot id and route a preview of the warnings is for: the route given when
    the region is used for it, else the region's first."""
    reg = atlas.region(region)
    used = route if route and route in reg.routes else next(iter(reg.routes))
    if spot is not None:
        spot = reg.spot(spot).id
    return reg.id, spot, used
