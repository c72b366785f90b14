"""Pocket's import (``domain.transfer``, no pydantic) accepts what ``sitecare import`` accepts,
refuses what it refuses, and stores the same records."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sitecare.domain.errors import ImportFileError
from sitecare.domain.transfer import check_times, read_document
from sitecare.views.state import Pocket

NOW = datetime.fromisoformat("2026-12-01T13:00:00+01:00")
VALUES: list[Any] = [
    None, True, False, 0, -1, 1, 1.5, 2**40, "", "x", "1", " 2 ", "2.5", "nan", "inf",
    "2026-11-30T10:00:00Z", "2026-11-30T10:00:00", "2026-11-30", " 2026-11-30T10:00:00Z",
    "1764496800", "forearm_left", "Forearm_Left", "intravenous", "routine", "yes", "off",
    [], {}, ["a"], {"findings": []}, {"findings": ["nope"]}, "a\x00", "a\nb", "x" * 40,
    "x" * 300, 3650.5, "rotation.rest.intravenous",
]  # fmt: skip


def good_document() -> dict[str, Any]:
    p = Pocket()
    for region in ("forearm_left", "abdomen_upper_left"):
        p.records.log_injection(region=region, spot="1", at=NOW, now=NOW, note="n", medicine="m")
    p.triage.check({"findings": ["pus"], "region": "forearm_left"}, now=NOW)
    p.planning.set_setting("rest.subcutaneous", "10", now=NOW)
    p.planning.set_setting("regions.intravenous", "forearm", now=NOW)
    return json.loads(json.dumps(p.export_document(now=NOW)))  # type: ignore[no-any-return]


def mutate(doc: dict[str, Any], rnd: random.Random) -> None:
    for _ in range(rnd.randint(1, 2)):
        where = rnd.choice(["injections", "observations", "top", "settings"])
        value = rnd.choice(VALUES)
        if where == "top":
            keys = ["format", "version", "exported_at", "person", "injections", "settings", "x"]
            doc[rnd.choice(keys)] = value
        elif where == "settings":
            if isinstance(doc.get("settings"), dict):
                keys = ["rotation.rest.subcutaneous", "rotation.route", "rotation.regions.x", "x"]
                doc["settings"][rnd.choice(keys)] = value
        else:
            items = doc.get(where)
            if isinstance(items, list) and items and isinstance(items[0], dict):
                rec = rnd.choice(items)
                key = rnd.choice([*rec, "extra", "person"])
                if rnd.random() < 0.15:
                    rec.pop(key, None)
                else:
                    rec[key] = value


def services_reading(sc: Any, text: str) -> tuple[Any, ...]:
    try:
        doc = sc.transfer.parse(text)
        sc.transfer._check_times(doc, NOW)
    except ImportFileError:
        return ("refused",)
    return ("ok", len(doc.injections), len(doc.observations), sorted(doc.settings, key=str))


def pocket_reading(text: str) -> tuple[Any, ...]:
    p = Pocket()
    try:
        doc = read_document(json.loads(text), p.atlas)
        check_times((r.at for r in doc.injections), (r.at for r in doc.observations), NOW)
    except ImportFileError:
        return ("refused",)
    return ("ok", len(doc.injections), len(doc.observations), sorted(doc.settings, key=str))


def test_pocket_accepts_and_refuses_what_sitecare_import_does(
    open_services: Callable[..., Any], sqlite_url: str
) -> None:
    sc = open_services(sqlite_url)
    good = good_document()
    rnd = random.Random(2026)
    outcomes = set()
    for trial in range(600):
        doc = json.loads(json.dumps(good))
        mutate(doc, rnd)
        text = json.dumps(doc)
        want = services_reading(sc, text)
        assert pocket_reading(text) == want, (trial, text)
        outcomes.add(want[0])
    assert outcomes == {"ok", "refused"}


def test_what_pocket_stores_from_an_import_is_what_sitecare_stores(
    open_services: Callable[..., Any], sqlite_copy: Callable[[str], str]
) -> None:
    good = good_document()
    rnd = random.Random(7)
    for trial in range(25):
        doc = json.loads(json.dumps(good))
        doc["injections"][0]["at"] = rnd.choice(
            [
                "2026-11-30T10:00:00Z",
                "2026-11-30 10:00:00+05:30",
                1764496800,
                "1764496800.5",
                "2026-11-30T10:00:00.123456-03:00",
            ]
        )
        doc["observations"][0]["blocked"] = rnd.choice([True, False, 0, 1, "yes", "off"])
        doc["observations"][0]["rest_days"] = rnd.choice([None, 1, "2.5", True, 7.0])
        doc["injections"][1]["id"] = rnd.choice([5, "6", 7.0, " 8 "])
        sc = open_services(sqlite_copy(f"{trial}.sqlite3"))
        sc.transfer.import_text(json.dumps(doc), now=NOW)
        pocket = Pocket()
        pocket.import_document(json.loads(json.dumps(doc)), now=NOW)
        assert pocket.export_document(now=NOW) == sc.transfer.export_document(now=NOW), trial
