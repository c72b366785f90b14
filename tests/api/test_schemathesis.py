"""schemathesis over the whole OpenAPI document, against real ``sitecare serve`` processes.

Every check (``--checks all``), at least 100 examples per operation, the examples, coverage
and fuzzing phases, on a personal server (SQLite) and a program server (PostgreSQL, signed in
as an admin). It must find nothing: no server error, no answer that differs from the document.
See ``schemathesis.toml`` beside this file for the one check that is told about 422s.

Both runs start together (each schemathesis process is mostly one busy thread, so two of them
keep both cores of a small machine busy); each test then waits for its own run and judges it.
In one process they start with the session and these tests come last, so the rest of the
suite runs meanwhile (``schemathesis_runs``). The program server waits no time after a failed
sign-in (``SITECARE_SIGNIN_DELAY=0``): schemathesis guesses passwords hundreds of times, and the
waits, tested in ``tests/server``, would only make it sleep. Passwords are hashed at the test
cost, as everywhere in the suite.

Under pytest-xdist both tests are one group (one worker): every worker collects both, so each
worker that ran one of them started both runs, and the suite ran schemathesis three or four
times instead of twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from tests.api import schemathesis_runs as runs_of
from tests.api.schemathesis_runs import Run

pytestmark = pytest.mark.xdist_group("schemathesis")  # the runs start together, in one worker


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    serve_anywhere: Callable[..., Any],
) -> Iterator[dict[str, Run]]:
    """The runs of the tests selected in this module: those started with the session, or
    all started now."""
    if runs_of.STARTED:
        yield runs_of.STARTED
        return
    with ExitStack() as stack:
        names = runs_of.wanted(request.session.items)
        yield runs_of.start(names, request, tmp_path_factory, serve_anywhere, stack)


def test_the_personal_api_matches_its_document(runs: dict[str, Run]) -> None:
    runs["personal"].result()


@pytest.mark.postgres
def test_the_program_server_api_matches_its_document(runs: dict[str, Run], pg_schemas: Any) -> None:
    runs["program"].result()
