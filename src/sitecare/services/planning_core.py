"""The planner's use cases on inputs already read from storage (no SQLAlchemy here).

The pure functions live in ``domain.planning`` (pocket runs them too); they are re-exported here.

``services.planning`` reads the inputs with the repositories; ``sitecare next`` on a SQLite file
reads them with the standard library (``storage.sqlite_read``) so the command starts quickly.
Both paths end in the same functions below, so they answer the same.
"""

from __future__ import annotations

from datetime import datetime

from sitecare.config import Settings
from sitecare.domain.atlas import load_atlas
from sitecare.domain.planning import describe_check, resolve_route, suggest_from, usage_from
from sitecare.domain.records import PERSONAL_CODE, PERSONAL_PROGRAM
from sitecare.domain.suggestion import Suggestion
from sitecare.domain.usage import HORIZON

__all__ = [
    "describe_check",
    "resolve_route",
    "suggest_from",
    "suggest_on_sqlite_file",
    "usage_from",
]


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
