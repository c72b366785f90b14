"""Hypothesis: whatever is logged, a FHIR Bundle (everything) or a Nightscout file (the
subcutaneous injections) imported into an empty database gives the same injections back."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import copy_of_template
from tests.property.test_transfer_roundtrip import NOW, injections

from sitecare.config import Settings
from sitecare.services.app import Sitecare


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(injections(), min_size=0, max_size=6), fmt=st.sampled_from(["fhir", "ns"]))
def test_fhir_and_nightscout_round_trips(
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
        history = a.records.history(now=NOW)
        if fmt == "fhir":
            b.fhir.import_text(a.fhir.export_text(now=NOW), now=NOW)
            assert b.records.history(now=NOW) == history
            assert b.fhir.export_bundle(now=NOW) == a.fhir.export_bundle(now=NOW)
        else:
            b.nightscout.import_text(json.dumps(a.nightscout.export_treatments(now=NOW)), now=NOW)
            assert b.records.history(now=NOW) == [i for i in history if i.route == "subcutaneous"]
