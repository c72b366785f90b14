"""Repositories: map rows to domain values and back. They never commit (services do).

One module per concern: ``people`` (programs and the persons in them), ``injections``,
``observations`` (site checks), ``settings``, ``planner_inputs`` (all the planner reads in one
go), ``bulk`` (what an import needs), ``program_records`` (server mode: visits, the audit
log, the program's counts). Times go through ``sitecare.storage.times``. Every name is
re-exported here, so ``from sitecare.storage.repositories import X`` works for each of them.
"""

from sitecare.storage.repositories._session import (
    core_connection,
    dialect_insert,
    insert_once,
    new_uid,
)
from sitecare.storage.repositories.bulk import (
    RecordKind,
    existing_uids,
    resync_id_sequences,
    taken_ids,
)
from sitecare.storage.repositories.injections import Injections
from sitecare.storage.repositories.observations import Observations
from sitecare.storage.repositories.people import AuditNote, Clients, People, Programs
from sitecare.storage.repositories.planner_inputs import PlannerInputs
from sitecare.storage.repositories.program_records import (
    Audit,
    AuditRecord,
    ProgramCounts,
    VisitRecord,
    Visits,
)
from sitecare.storage.repositories.settings import Settings
from sitecare.storage.times import from_utc, to_utc

__all__ = [
    "Audit",
    "AuditNote",
    "AuditRecord",
    "ProgramCounts",
    "VisitRecord",
    "Visits",
    "Clients",
    "Injections",
    "Observations",
    "People",
    "PlannerInputs",
    "Programs",
    "RecordKind",
    "Settings",
    "core_connection",
    "dialect_insert",
    "existing_uids",
    "from_utc",
    "insert_once",
    "new_uid",
    "resync_id_sequences",
    "taken_ids",
    "to_utc",
]
