"""Pocket (views.api.dispatch, the records in memory) follows a site exactly as the services do:
the same recheck, course and raised level for the same checks at the same times, and the same
home and site pages."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sitecare.views import api

CHECKS = [
    ("2026-11-28T09:00:00+01:00", {"findings": ["redness"], "redness_diameter_cm": 2}),
    ("2026-11-29T09:30:00+01:00", {"findings": ["redness"], "redness_diameter_cm": 3}),
    ("2026-11-30T10:00:00+01:00", {"findings": ["redness", "fever"], "redness_diameter_cm": 5}),
    ("2026-12-01T10:00:00+01:00", {"findings": []}),
]


def _pocket(at: str, case: dict[str, Any]) -> dict[str, Any]:
    args = {"case": case | {"region": "forearm_left"}}
    reply = json.loads(api.dispatch("check", json.dumps(args), at))
    assert reply["ok"], reply
    result: dict[str, Any] = reply["result"]
    return result


def _page(path: str, now: str) -> str:
    args = {"method": "GET", "path": path, "query": None, "form": None}
    reply = json.loads(api.dispatch("page", json.dumps(args), now))
    assert reply["ok"], reply
    return str(reply["result"]["html"])


def test_pocket_and_the_services_follow_a_site_the_same(db_url: str, open_services: Any) -> None:
    sc = open_services(db_url)
    api.reset()
    try:
        for at, case in CHECKS:
            mine = _pocket(at, case)
            theirs = sc.triage.check(
                case | {"region": "forearm_left"}, now=datetime.fromisoformat(at)
            ).to_dict()
            for key in ("level", "recheck", "course", "safety_net", "do_now", "reasons"):
                assert mine.get(key) == theirs.get(key), key
        assert [m for m in ("much_worse", "healed") if m in json.dumps(mine)] == ["healed"]
        due_at = "2026-11-28T14:00:00+01:00"
        home = _page("/", due_at)
        assert "Time to look again" not in home  # the latest check (healed) asks for none
        site = _page("/sites/forearm_left", "2026-12-01T11:00:00+01:00")
        assert "Healing course" in site and "The last check found it healed" in site
    finally:
        api.reset()


def test_pocket_shows_a_due_recheck_first_on_its_home_page() -> None:
    api.reset()
    try:
        _pocket(*CHECKS[0])
        home = _page("/", "2026-11-28T14:00:00+01:00")
        assert 'id="due"' in home and 'href="/check?region=forearm_left"' in home
    finally:
        api.reset()
