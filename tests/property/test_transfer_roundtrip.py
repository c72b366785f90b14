"""Hypothesis: whatever is logged, export then import into an empty database gives it back."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import copy_of_template

from sitecare.config import Settings
from sitecare.domain.atlas import load_atlas
from sitecare.services.app import Sitecare

ATLAS = load_atlas()
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda s: s.strip() == s and s)


@st.composite
def injections(draw: st.DrawFn) -> dict[str, object]:
    region = draw(st.sampled_from(ATLAS.regions))
    return {
        "region": region.id,
        "spot": draw(st.none() | st.sampled_from([s.id for s in region.spots])),
        "route": draw(st.sampled_from(list(region.routes))),
        "at": draw(
            st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2027, 6, 1)).map(
                lambda d: d.replace(microsecond=d.microsecond)
            )
        ).replace(
            tzinfo=timezone(
                timedelta(minutes=draw(st.integers(-12 * 60, 14 * 60).map(lambda m: m - m % 15)))
            )
        ),
        "medicine": draw(st.none() | text),
        "note": draw(st.none() | text),
    }


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(injections(), min_size=0, max_size=8), fmt=st.sampled_from(["json", "csv"]))
def test_export_import_round_trip(
    tmp_path: Path, sqlite_template: Path, batch: list[dict[str, object]], fmt: str
) -> None:
    run = tmp_path / f"run-{uuid.uuid4().hex}"
    run.mkdir()
    a_url, b_url = (copy_of_template(sqlite_template, run / f"{n}.sqlite3") for n in "ab")
    with (
        Sitecare(Settings(database_url=a_url, data_dir=run)) as a,
        Sitecare(Settings(database_url=b_url, data_dir=run)) as b,
    ):
        for item in batch:
            a.records.log_injection(now=NOW, **item)  # type: ignore[arg-type]
        exported = getattr(a.transfer, f"export_{fmt}")(now=NOW)
        b.transfer.import_text(exported, now=NOW)
        assert b.records.history(now=NOW) == a.records.history(now=NOW)
        assert getattr(b.transfer, f"export_{fmt}")(now=NOW) == exported
