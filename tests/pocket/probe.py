"""The parity probe: run in CPython and, from pocket's built bundle, in Pyodide.

``probe(cases_json) -> str``: every case's assessment, the rule base as loaded, the red flags,
suggestions and rotation simulations, as one canonical JSON text. Only the standard library
and sitecare's domain: this file is read and run as text inside Pyodide too.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any


def probe(cases_json: str) -> str:
    from sitecare.domain.atlas import load_atlas
    from sitecare.domain.placewords import load_place_words
    from sitecare.domain.rotation import default_policy
    from sitecare.domain.simulation import simulate
    from sitecare.domain.suggestion import plan_next_site
    from sitecare.domain.triage import assess, load_red_flags, load_rulebase
    from sitecare.domain.triage.questionnaire import load_questions
    from sitecare.domain.usage import Usage

    cases: list[dict[str, Any]] = json.loads(cases_json)
    out: dict[str, Any] = {"assessments": []}
    for case in cases:
        try:
            out["assessments"].append(assess(case))
        except Exception as exc:  # noqa: BLE001 - a refused case must be refused the same way
            out["assessments"].append({"error": type(exc).__name__, "message": str(exc)})
    rb = load_rulebase()
    out["rules"] = [
        [
            r.id,
            r.file,
            r.title,
            r.level,
            r.category,
            r.status,
            r.version,
            r.red_flag,
            [a.text for a in r.advice],
            [s.ids for s in r.sources],
            r.rest_site_days.default,
        ]
        for r in rb.rules
    ]
    out["groups"] = sorted(rb.groups)
    out["signs"] = sorted(rb.composition.signs)
    out["red_flags"] = [[list(f.findings), f.why, f.redness_trend] for f in load_red_flags().all]
    out["questions"] = [[q.id, q.kind, q.text, [o.id for o in q.options]] for q in load_questions()]
    words = load_place_words()
    out["place_words"] = [sorted(words.sides), sorted(words.places), sorted(words.routes)]
    atlas = load_atlas()
    out["regions"] = [[r.id, r.label, r.side] for r in atlas.regions]
    start = datetime(2026, 1, 5, 8, 0, tzinfo=timezone(timedelta(hours=-5)))
    sims = []
    for route, per_day, days in (
        ("subcutaneous", 4, 30),
        ("intravenous", 3, 20),
        ("intramuscular", 1, 30),
    ):
        sims.append(
            simulate(
                atlas, default_policy(route), start=start, per_day=per_day, days=days
            ).to_dict()
        )
    out["simulations"] = sims
    usage = Usage()
    usage.record("abdomen_lower_left", None, start - timedelta(hours=6))
    s = plan_next_site(atlas, usage, default_policy("subcutaneous"), start)
    out["suggestion"] = [s.region, s.spot, [c.region for c in s.alternatives]]
    return json.dumps(out, sort_keys=True, default=str)
