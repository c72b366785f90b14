"""The human answer of ``sitecare next``, shared by the quick console script and the Typer command.

No Typer here (the quick path must not build the command tree), and rich only when the caller
passes a rich console.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

from sitecare.cli.words import _, language, say
from sitecare.domain.messages import N_
from sitecare.domain.routes import route_words

if TYPE_CHECKING:
    from sitecare.domain.suggestion import Suggestion

#: a route's tier, as ``next`` prints it
TIERS = (N_("preferred"), N_("caution"), N_("avoid"))


class Plain:
    """Prints rich-style text without the markup (what rich prints when not on a terminal)."""

    _TAG = re.compile(r"\[/?[a-z_ ]*\]")

    def print(self, text: str = "", *, markup: bool = True) -> None:
        sys.stdout.write((self._TAG.sub("", text) if markup else text) + "\n")


def print_suggestion(s: Suggestion, out: Any) -> None:
    """The human answer of ``sitecare next``: a headline, then the reasons in plain words."""
    c = s.choice
    if c is None:
        out.print("[bold red]" + _("No site to suggest.") + "[/]")
    else:
        colour = {"preferred": "green", "caution": "yellow"}.get(c.tier, "red")
        state = _("rested") if c.ready else "[bold yellow]" + _("still resting") + "[/]"
        where = str(say(c.spot_label)).partition("(")[2].rstrip(")")
        out.print(f"[bold]{_(s.headline)}[/]" + (f" ({where})" if where else ""))
        out.print(f"  {_(route_words(s.route))}, [{colour}]{_(c.tier)}[/], {state}")
        if len(s.region_spots) > 1:
            from sitecare.domain.atlas import load_atlas
            from sitecare.domain.spot_picture import spot_picture

            region = load_atlas().region(c.region)
            for line in spot_picture(region, s.region_spots, suggested=c.spot, language=language()):
                out.print("  " + line, markup=False)
    for reason in s.reasons:
        out.print(f"  - {_(reason)}", markup=False)
    if s.alternatives:
        alts = "; ".join(
            f"{_(a.label)}, "
            + _("spot %(spot)s") % {"spot": a.spot}
            + ("" if a.ready else " " + _("(resting)"))
            for a in s.alternatives
        )
        out.print("  " + _("Next best:") + f" {alts}", markup=False)
