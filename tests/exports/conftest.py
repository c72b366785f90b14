"""A sample history (fixed uids and times) for the export tests, and where shared/ is."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from sitecare.services.app import Sitecare

REPO = Path(__file__).resolve().parents[2]
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
NOW_TEXT = "2026-11-23T12:00:00+00:00"


def shared_dir() -> Path | None:
    """shared/ beside the checkout (CI), or beside the worktrees folder (a helper's worktree)."""
    for candidate in (REPO.parent / "shared", REPO.parents[1] / "shared"):
        if (candidate / "design" / "ecosystem.md").is_file():
            return candidate
    return None


def ecosystem_md() -> Path:
    shared = shared_dir()
    if shared is None:
        if os.environ.get("CI"):
            pytest.fail("shared/design/ecosystem.md not found beside the checkout")
        pytest.skip("shared/design/ecosystem.md not found")
    return shared / "design" / "ecosystem.md"


CASES: list[dict[str, Any]] = [
    {
        "region": "antecubital_fossa_left",
        "findings": ["redness", "warmth", "fluctuant_lump", "pus"],
        "redness_diameter_cm": 4,
        "lump_diameter_cm": 2.5,
        "days_present": 3,
        "context": ["injects_drugs"],
        "redness_trend": "spreading",
        "vitals": {"temperature_c": 38.2, "heart_rate": 96},
    },
    {"region": "thigh_front_right", "findings": ["bruise"], "route": "subcutaneous"},
]
INJECTIONS: list[dict[str, Any]] = [
    {
        "region": "abdomen_lower_left",
        "spot": "3",
        "route": "subcutaneous",
        "at": "2026-11-20T08:30:00+01:00",
        "medicine": "insulin aspart",
        "note": "before breakfast",
    },
    {"region": "thigh_front_right", "route": "subcutaneous", "at": "2026-11-20T21:30:00+01:00"},
    {"region": "antecubital_fossa_left", "route": "intravenous", "at": "2026-11-21T22:00:00+01:00"},
    {
        "region": "forearm_right",
        "spot": "2",
        "route": "intravenous",
        "at": "2026-11-22T07:15:00-05:00",
    },
    {"region": "deltoid_left", "route": "intramuscular", "at": "2026-11-22T10:00:00+00:00"},
    {"region": "buttock_upper_outer_right", "route": "skin_popping", "at": "2026-11-22T11:00:00Z"},
]


def sample_document(sc: Sitecare) -> dict[str, Any]:
    """sitecare's own export document for the sample (assessments made by the real engine)."""
    injections = [
        {
            "id": n,
            "uid": f"00000000-0000-4000-8000-{n:012d}",
            "spot": None,
            "medicine": None,
            "note": None,
            **fields,
        }
        for n, fields in enumerate(INJECTIONS, 1)
    ]
    checks = []
    for n, case in enumerate(CASES, 1):
        assessment = sc.triage.assess(case)
        rest = assessment.get("rest_site_days")
        checks.append(
            {
                "id": n,
                "uid": f"00000000-0000-4000-9000-{n:012d}",
                "at": f"2026-11-2{n + 1}T09:00:00+01:00",
                "region": case["region"],
                "spot": None,
                "level": assessment["level"],
                "rest_days": None if rest is None else float(rest),
                "blocked": rest is None,
                "case": case,
                "assessment": assessment,
                "note": "looked at by the nurse" if n == 1 else None,
            }
        )
    return {
        "format": "sitecare-export",
        "version": 1,
        "exported_at": NOW_TEXT,
        "injections": injections,
        "observations": checks,
        "settings": {},
    }


def load_sample(sc: Sitecare) -> dict[str, Any]:
    from datetime import datetime

    doc = sample_document(sc)
    sc.transfer.import_text(json.dumps(doc), now=datetime.fromisoformat(NOW_TEXT))
    return doc


def sample_photo(n: int, check: int, **more: Any) -> dict[str, Any]:
    """A photo of the sample's check ``check`` as an export holds it (camera metadata and all:
    the import cleans it away, as for any upload); each photo has its own size."""
    import base64

    from tests.photos.helpers import jpeg_from_camera

    image = jpeg_from_camera(width=48 + 8 * n, height=32)
    return {
        "id": n,
        "uid": f"00000000-0000-4000-a000-{n:012d}",
        "check_uid": f"00000000-0000-4000-9000-{check:012d}",
        "added_at": f"2026-11-2{check + 1}T09:05:0{n}+01:00",
        "data": base64.b64encode(image).decode("ascii"),
        **more,
    }


def load_sample_with_photos(sc: Sitecare) -> Sitecare:
    """The sample with three photos: two of the first check (one measured), one of the second."""
    from datetime import datetime

    doc = sample_document(sc)
    doc["photos"] = [sample_photo(1, 1, mm_per_px=0.25), sample_photo(2, 1), sample_photo(3, 2)]
    sc.transfer.import_text(json.dumps(doc), now=datetime.fromisoformat(NOW_TEXT))
    return sc
