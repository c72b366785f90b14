"""The planner's inputs read ahead, with a client's lookup (plumbing for ``services.clients``
and ``services.records``; no other service imports).

Recording an injection for a program's client reads the planner's inputs of that client (for
the rest warnings). On PostgreSQL the client API reads them in the same statement as the user
check and the client lookup (``storage.client_access``): one round trip instead of three. The
recording then takes them from here instead of reading them again, but only in the very same
transaction and for the same person, time and routes; anything else reads them as usual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sitecare.domain.usage import PlanningInputs
from sitecare.storage.client_access import InputsWanted

__all__ = ["InputsWanted", "ReadAhead"]


@dataclass
class ReadAhead:
    """Inputs read for ``person_id`` as ``wanted``, in the transaction ``transaction``."""

    person_id: int
    wanted: InputsWanted
    inputs: PlanningInputs
    transaction: Any = field(repr=False)
    used: bool = False

    def take(
        self, person_id: int | None, *, until: datetime, recent: int, transaction: Any
    ) -> PlanningInputs | None:
        """The inputs, once, when they are the ones asked for, in the same transaction."""
        if (
            self.used
            or transaction is None
            or transaction is not self.transaction
            or person_id != self.person_id
            or self.wanted != InputsWanted(until, recent)
        ):
            return None
        self.used = True
        return self.inputs
