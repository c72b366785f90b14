"""The app's routes never overlap, so the order routers are included in (the busiest first,
``web.app.ROUTERS``) only decides how soon a request finds its route, never which one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Match

from sitecare.config import Settings
from sitecare.web import app as web_app


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if hasattr(route, "original_router"):  # an included router
            yield from _routes(route.original_router.routes)
        elif isinstance(route, APIRoute):
            yield route


@pytest.fixture(scope="module")
def routes(tmp_path_factory: pytest.TempPathFactory) -> list[APIRoute]:
    tmp = tmp_path_factory.mktemp("routing")
    app = web_app.create_app(Settings(database_url=f"sqlite:///{tmp / 'x.db'}", data_dir=tmp))
    return list(_routes(app.router.routes))


def _matches(route: APIRoute, method: str, path: str) -> bool:
    scope = {"type": "http", "path": path, "method": method, "root_path": ""}
    return route.matches(scope)[0] == Match.FULL and method in route.methods


@pytest.mark.parametrize("sample", ["1", "x", "forearm_left"])
def test_no_two_routes_answer_the_same_request(routes: list[APIRoute], sample: str) -> None:
    overlaps = []
    for route in routes:
        path = re.sub(r"\{[^}]+\}", sample, route.path)
        for method in route.methods:
            others = [o.path for o in routes if o is not route and _matches(o, method, path)]
            if others:
                overlaps.append(f"{method} {path}: {route.path} and {others}")
    assert overlaps == []


def test_every_router_is_included_once(tmp_path: Path) -> None:
    assert len({id(r) for r in web_app.ROUTERS}) == len(web_app.ROUTERS)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", data_dir=tmp_path)
    included = {
        id(r.original_router)
        for r in web_app.create_app(settings).router.routes
        if hasattr(r, "original_router")
    }
    assert included == {id(r) for r in web_app.ROUTERS}


def test_recording_is_found_first(routes: list[APIRoute]) -> None:
    first = next(r for r in routes if _matches(r, "POST", "/api/v1/injections"))
    assert routes.index(first) < 3
