"""The usage summary the rotation planner works from: last uses, check rests, blocks.

Pure: built from SQL aggregate rows by the service, or from plain lists of records by
:meth:`Usage.from_records`, the reference implementation the SQL path must agree with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sitecare.domain.messages import N_, Msg, join_words, term, word
from sitecare.domain.records import Injection, Observation

SpotKey = tuple[str, str | None]

#: Uses older than this count as "not used": every rest is far shorter (at most 365 days), so
#: only the order among long-rested spots could change. It keeps the SQL summary a range scan
#: over one index instead of a scan of the whole history.
HORIZON = timedelta(days=400)
#: a level in "a check found a soon problem" (the ids stay English)
_LEVEL_WORDS = {
    "emergency": N_("emergency"),
    "urgent": N_("urgent"),
    "soon": N_("soon"),
    "self_care": N_("self care"),
    "routine": N_("routine"),
}

#: Rest after a check that found a bruise or a sore but gave no rest itself (facts F5.1, F5.2).
FINDING_REST_DAYS: Mapping[str, float] = {
    "bruise": 14,
    "bruise_expanding": 14,
    "small_sore": 7,
    "scab": 7,
    "healing_mark": 7,
    "pain": 7,
    "tenderness": 7,
}
#: levels of a later check that clear a block
CLEARING_LEVELS = frozenset({"routine", "self_care"})


@dataclass(frozen=True, slots=True)
class SiteRest:
    """A rest a check asked for: a spot (or the whole region when ``spot`` is None)."""

    region: str
    spot: str | None
    since: datetime
    until: datetime
    why: str


@dataclass(frozen=True, slots=True)
class SiteBlock:
    """A region a check said not to use until a clinician or a later check clears it."""

    region: str
    since: datetime
    why: str
    level: str | None = None


@dataclass
class Usage:
    """The compact summary the planner works from.

    ``spot_last`` maps (region, spot) to the last use; spot None is a use logged without a spot,
    which counts for every spot of that region. Built by SQL aggregates in the service, or by
    :meth:`from_records` from plain lists (the reference implementation both must agree with).
    """

    spot_last: dict[SpotKey, datetime] = field(default_factory=dict)
    region_last: dict[str, datetime] = field(default_factory=dict)
    rests: list[SiteRest] = field(default_factory=list)
    blocks: list[SiteBlock] = field(default_factory=list)

    def record(self, region: str, spot: str | None, at: datetime) -> None:
        """Count one use (keeps the latest time per spot and per region)."""
        key = (region, spot)
        if key not in self.spot_last or at > self.spot_last[key]:
            self.spot_last[key] = at
        if region not in self.region_last or at > self.region_last[region]:
            self.region_last[region] = at

    @classmethod
    def from_last_uses(
        cls,
        rows: Iterable[tuple[str, str | None, datetime]],
        observations: Iterable[Observation] = (),
    ) -> Usage:
        """Build from (region, spot, last use) rows, as an SQL ``GROUP BY`` gives them."""
        usage = cls()
        for region, spot, at in rows:
            usage.record(region, spot, at)
        usage.rests, usage.blocks = site_notes(observations)
        return usage

    @classmethod
    def from_records(
        cls,
        injections: Iterable[Injection],
        observations: Iterable[Observation] = (),
        *,
        until: datetime | None = None,
    ) -> Usage:
        """The reference implementation: the summary of plain lists.

        With ``until``: only injections in (until - HORIZON, until] and checks up to ``until``,
        exactly what the service's SQL aggregates read.
        """
        usage = cls()
        since = None if until is None else until - HORIZON
        for inj in injections:
            if until is None or since is None or since < inj.at <= until:
                usage.record(inj.region, inj.spot, inj.at)
        obs = [o for o in observations if until is None or o.at <= until]
        usage.rests, usage.blocks = site_notes(obs)
        return usage

    def last_used(self, region: str, spot: str) -> datetime | None:
        """When this spot was last used (a use of the region without a spot counts too)."""
        a = self.spot_last.get((region, spot))
        b = self.spot_last.get((region, None))
        if a is None or b is None:
            return a or b
        return max(a, b)


def describe_check(obs: Observation) -> str:
    """What a check found, in plain words: its findings, and the likely condition."""
    from sitecare.domain.triage.vocab import load_vocabulary  # only when there are checks

    vocab = load_vocabulary()
    findings = [term(vocab.finding_reason(str(f))) for f in obs.case.get("findings", []) or []]
    conditions = [
        c.get("id") for c in obs.assessment.get("conditions", []) or [] if isinstance(c, dict)
    ]
    words: str = join_words(findings[:2])
    if conditions and conditions[0]:
        name = term(vocab.condition_name(str(conditions[0])), lower_first=True)
        # no brackets around it: condition names carry their own ("abscess (a pocket of pus
        # under the skin)"), and the sentences it goes into may add one more
        words = Msg("%(findings)s, likely %(name)s", findings=words, name=name) if words else name
    if words:
        return words
    if obs.level:
        return Msg(
            "a %(level)s problem",
            level=word(_LEVEL_WORDS.get(obs.level, obs.level.replace("_", " "))),
        )
    return Msg("a problem")


def _finding_rest(obs: Observation) -> float | None:
    ids = [str(f) for f in obs.case.get("findings", []) or []]
    ids += [
        str(c.get("id"))
        for c in obs.assessment.get("conditions", [])
        if isinstance(c, dict) and c.get("id")
    ]
    days = [FINDING_REST_DAYS[i] for i in ids if i in FINDING_REST_DAYS]
    return max(days) if days else None


def _healed(obs: Observation) -> bool:
    course = obs.assessment.get("course")
    return isinstance(course, dict) and course.get("case") == "healed"


def site_notes(
    observations: Iterable[Observation],
    describe: Callable[[Observation], str] = describe_check,
) -> tuple[list[SiteRest], list[SiteBlock]]:
    """Rests and active blocks from checks, oldest first.

    A blocked check blocks its whole region (infection spreads beyond one spot; never go back
    into an area with redness, pain, swelling or infection, facts F5.7) until a later check of
    that region is not blocked and is ``routine`` or ``self_care``. A check with a rest rests its
    spot (or region; not a whole region for a ``routine`` check, whose rest is the usual
    spot rest); a bruise or sore without a rest gets ``FINDING_REST_DAYS``. A re-check
    that found the site healed (``course.case`` "healed") ends the earlier checks' rests there.
    """
    rests: list[SiteRest] = []
    blocks: dict[str, SiteBlock] = {}
    for obs in sorted(observations, key=lambda o: (o.at, o.id)):
        if not obs.region:
            continue
        if obs.blocked:
            blocks[obs.region] = SiteBlock(obs.region, obs.at, describe(obs), obs.level)
            continue
        if obs.level in CLEARING_LEVELS:
            blocks.pop(obs.region, None)
        if _healed(obs):  # back in the rotation: the rests its checks asked for end here
            rests = [r for r in rests if r.region != obs.region]
            continue  # (the injections there still rest their spots as usual)
        days = obs.rest_days if obs.rest_days is not None else _finding_rest(obs)
        if obs.level == "routine" and obs.spot is None:
            # An ordinary mark: the rule's rest is the spot's usual rest after an injection,
            # which the injection log already gives; resting the whole region for it (28 days
            # for a belly of 124 spots) steered people off their best sites. A bruise or a
            # sore still rests the region (FINDING_REST_DAYS).
            days = _finding_rest(obs)
        if days and days > 0:
            rests.append(
                SiteRest(obs.region, obs.spot, obs.at, obs.at + timedelta(days=days), describe(obs))
            )
    return rests, list(blocks.values())


@dataclass(frozen=True)
class PlanningInputs:
    """Everything the planner reads from storage for one person, in one go.

    ``last_uses`` are (region, spot, last use) rows within the horizon; ``recent`` the (route,
    medicine) of the latest injections, newest first; ``settings`` the stored rotation settings.
    """

    settings: dict[str, Any]
    recent: list[tuple[str, str | None]]
    last_uses: list[tuple[str, str | None, datetime]]
    observations: list[Observation]
