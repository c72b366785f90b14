"""The program view: counts over time for funders and planning, with no client codes in it.

Per day (UTC): visits, clients seen, checks by level, conditions named by checks, supplies and
referrals given. Small counts are reported as they are; the view never lists a client.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sitecare.domain.errors import InvalidInput
from sitecare.domain.messages import Msg
from sitecare.domain.programs import Actor
from sitecare.services.clients import visit_options
from sitecare.services.csv_cells import write_rows
from sitecare.storage.accounts import Audit, ProgramCounts
from sitecare.storage.engine import Database

LEVELS = ("emergency", "urgent", "soon", "self_care", "routine")
MAX_DAYS = 3660


@dataclass
class DayCounts:
    day: str
    visits: int = 0
    clients: int = 0
    checks: Counter[str] = field(default_factory=Counter)
    conditions: Counter[str] = field(default_factory=Counter)
    supplies: Counter[str] = field(default_factory=Counter)
    referrals: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class ProgramView:
    program: str
    since: str
    until: str
    days: list[DayCounts]

    def totals(self) -> dict[str, Any]:
        def total(attr: str) -> dict[str, int]:
            out: Counter[str] = Counter()
            for d in self.days:
                out.update(getattr(d, attr))
            return dict(out.most_common())

        return {
            "visits": sum(d.visits for d in self.days),
            "checks": {lvl: sum(d.checks[lvl] for d in self.days) for lvl in LEVELS},
            "conditions": total("conditions"),
            "supplies": total("supplies"),
            "referrals": total("referrals"),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "since": self.since,
            "until": self.until,
            "totals": self.totals(),
            "days": [
                {
                    "day": d.day,
                    "visits": d.visits,
                    "clients_seen": d.clients,
                    "checks": {lvl: d.checks[lvl] for lvl in LEVELS},
                    "conditions": dict(d.conditions),
                    "supplies": dict(d.supplies),
                    "referrals": dict(d.referrals),
                }
                for d in self.days
            ],
        }

    def to_csv(self) -> str:
        """One row per day and measure: ``day,measure,item,count`` (long form, easy to pivot)."""
        rows: list[list[Any]] = [["day", "measure", "item", "count"]]
        for d in self.days:
            rows.append([d.day, "visits", "", d.visits])
            rows.append([d.day, "clients_seen", "", d.clients])
            for lvl in LEVELS:
                rows.append([d.day, "checks", lvl, d.checks[lvl]])
            for attr in ("conditions", "supplies", "referrals"):
                for item, n in sorted(getattr(d, attr).items()):
                    rows.append([d.day, attr, item, n])
        return write_rows(rows)  # formula-safe cells (OWASP), like every sitecare CSV


class ProgramStats:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def view(self, *, now: datetime, days: int = 30) -> ProgramView:
        """Counts per day for the last ``days`` days (admins only)."""
        self.actor.require_admin()
        if not 1 <= days <= MAX_DAYS:
            raise InvalidInput(
                Msg("Days must be 1 to %(max_days)s.", max_days=MAX_DAYS), field="days"
            )
        end = (now.astimezone(UTC) + timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        start = end - timedelta(days=days)
        with self.db.transaction() as s:
            counts = ProgramCounts(s, self.actor.program_id)
            per_day = counts.visits_per_day(start, end)
            lists = counts.visit_lists(start, end)
            checks = counts.checks(start, end)
            Audit(s, self.actor.program_id).add(
                user_id=self.actor.user_id, action="program.view", now=now
            )
        by_day: dict[str, DayCounts] = defaultdict(lambda: DayCounts(""))
        for i in range(days):
            day = (start + timedelta(days=i)).strftime("%Y-%m-%d")
            by_day[day] = DayCounts(day)
        for day, visits, clients in per_day:
            by_day[day].visits, by_day[day].clients = visits, clients
        known = visit_options()
        for day, supplies, referrals in lists:
            by_day[day].supplies.update(x for x in supplies if x in known["supplies"])
            by_day[day].referrals.update(x for x in referrals if x in known["referrals"])
        for day, level, assessment in checks:
            if level:
                by_day[day].checks[level] += 1
            for cond in (assessment or {}).get("conditions", []):
                if isinstance(cond, dict) and cond.get("id"):
                    by_day[day].conditions[str(cond["id"])] += 1
        ordered = [by_day[d] for d in sorted(by_day) if by_day[d].day]
        return ProgramView(
            self.actor.program,
            start.date().isoformat(),
            (end - timedelta(days=1)).date().isoformat(),
            ordered,
        )
