"""Pocket's Python half on CPython: the in-memory state, the pages and the worker's entry."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sitecare.views import api

NOW = "2026-12-01T13:00:00+01:00"

Call = Callable[..., dict[str, Any]]


@pytest.fixture
def call() -> Iterator[Call]:
    """``dispatch`` through its JSON text, on a fresh state; answers the decoded reply."""
    api.reset()

    def run(name: str, args: Any = None, now: str = NOW) -> dict[str, Any]:
        reply: dict[str, Any] = json.loads(api.dispatch(name, json.dumps(args), now))
        return reply

    yield run
    api.reset()


@pytest.fixture
def ok(call: Call) -> Callable[..., Any]:
    """Like ``call`` but the call must succeed; answers its result."""

    def run(name: str, args: Any = None, now: str = NOW) -> Any:
        reply = call(name, args, now)
        assert reply["ok"], reply
        return reply["result"]

    return run


@pytest.fixture
def view(call: Call) -> Callable[..., dict[str, Any]]:
    """One page through ``dispatch("page", ...)``: its status, html, location and title."""

    def run(
        path: str,
        method: str = "GET",
        *,
        query: dict[str, Any] | None = None,
        form: dict[str, Any] | None = None,
        now: str = NOW,
    ) -> dict[str, Any]:
        reply = call("page", {"method": method, "path": path, "query": query, "form": form}, now)
        assert reply["ok"], reply
        result: dict[str, Any] = reply["result"]
        result["writes"] = reply["writes"]
        return result

    return run
