"""The planner's use cases on inputs already read from storage (no SQLAlchemy here).

``services.planning`` reads the inputs with the repositories; ``sitecare next`` on a SQLite file
reads them with the standard library (``storage.sqlite_read``) so the command starts quickly.
Both paths end in the same functions below, so they answer the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sitecare.config import Settings
from sitecare.domain.atlas import ROUTES, Atlas, check_route, load_atlas
from sitecare.domain.errors import InvalidInput
from sitecare.domain.records import PERSONAL_CODE, PERSONAL_PROGRAM, Observation
from sitecare.domain.rotation import Usage, site_notes
from sitecare.domain.rotation_settings import PlannerSettings
from sitecare.domain.suggestion import Suggestion, plan_next_site
from sitecare.domain.usage import HORIZON, PlanningInputs

__all__ = [
    "describe_check",
    "resolve_route",
    "suggest_from",
    "suggest_on_sqlite_file",
    "usage_from",
]


def describe_check(obs: Observation) -> str:
    """What a check found, in plain words: its findings, and the likely condition."""
    from sitecare.domain.triage.vocab import load_vocabulary  # only when there are checks

    vocab = load_vocabulary()
    findings = [vocab.finding_reason(str(f)) for f in obs.case.get("findings", []) or []]
    conditions = [
        c.get("id") for c in obs.assessment.get("conditions", []) or [] if isinstance(c, dict)
    ]
    words = " and ".join(findings[:2])
    if conditions and conditions[0]:
        name = vocab.condition_name(str(conditions[0]))
        name = name[:1].lower() + name[1:]
        # no brackets around it: condition names carry their own ("abscess (a pocket of pus
        # under the skin)"), and the sentences it goes into may add one more
        words = f"{words}, likely {name}" if words else name
    if words:
        return words
    return f"a {obs.level.replace('_', ' ')} problem" if obs.level else "a problem"


def usage_from(inputs: PlanningInputs, *, until: datetime) -> Usage:
    """The planner's summary: last uses within the horizon, plus checks up to ``until``."""
    usage = Usage.from_last_uses(inputs.last_uses)
    checks = [o for o in inputs.observations if o.at <= until]
    usage.rests, usage.blocks = site_notes(checks, describe_check)
    return usage


def resolve_route(
    route: str | None,
    medicine: str | None,
    settings: PlannerSettings,
    recent: Sequence[tuple[str, str | None]],
) -> str:
    """The route to plan for: given, else the medicine's, the setting, or the last one logged."""
    if route:
        return check_route(route.strip().lower())
    med = settings.medicine(medicine)
    if med is not None and med.route:
        return med.route
    if settings.route:
        return settings.route
    last = [(r, m) for r, m in recent if r in ROUTES]
    if medicine:
        same = [(r, m) for r, m in last if (m or "").lower() == medicine.strip().lower()]
        last = same or last
    if last:
        return last[0][0]
    raise InvalidInput(
        "Which route is the next injection? Nothing is logged yet to go by.",
        field="route",
        hint="Choose how you inject (" + ", ".join(ROUTES) + "), or set your usual route in "
        "the rotation settings.",
        command_hint="Use --route, or set a default with 'sitecare settings set route ROUTE'.",
    )


def suggest_from(
    atlas: Atlas,
    inputs: PlanningInputs,
    *,
    now: datetime,
    route: str | None = None,
    medicine: str | None = None,
) -> Suggestion:
    """Suggest the next region and spot at ``now`` from already-read inputs."""
    if now.tzinfo is None:
        raise InvalidInput("The time needs a zone.", field="at")
    settings = PlannerSettings.from_stored(inputs.settings)
    chosen = resolve_route(route, medicine, settings, inputs.recent)
    suggestion = plan_next_site(
        atlas, usage_from(inputs, until=now), settings.policy(chosen, medicine), now
    )
    suggestion.extra["medicine"] = medicine
    return suggestion


def suggest_on_sqlite_file(
    settings: Settings,
    *,
    now: datetime,
    program: str = PERSONAL_PROGRAM,
    person: str = PERSONAL_CODE,
    route: str | None = None,
    medicine: str | None = None,
) -> Suggestion | None:
    """The quick path for a SQLite file that is already at the current schema.

    Returns None when the quick path does not apply (not SQLite, no file yet, an older or newer
    schema, a busy file): the caller then uses the full service, which also migrates.
    """
    from sitecare.storage.sqlite_read import read_planning_inputs, sqlite_file_of

    path = sqlite_file_of(settings.database_url)
    if path is None:
        return None
    inputs = read_planning_inputs(
        path, program=program, person=person, until=now, after=now - HORIZON
    )
    if inputs is None:
        return None
    return suggest_from(load_atlas(), inputs, now=now, route=route, medicine=medicine)
