"""The guard reads the request's path without building Starlette's whole URL
(``web.access.url_path``); it must be the very string ``request.url.path`` gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request

from sitecare.web.access import url_path


def _request(path: str, host: str | None = "127.0.0.1:8765") -> Request:
    headers = [] if host is None else [(b"host", host.encode("latin-1"))]
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "server": ("127.0.0.1", 8765),
        "path": path,
        "root_path": "",
        "query_string": b"a=1",
        "headers": headers,
    }
    return Request(scope)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api/v1/injections",
        "/api/v1/clients/12/injections",
        "/signin?",
        "/clients#x",
        "/api\\v1/export",
        "//api/v1/export",
        "///",
        "/sites/forearm left",
        "/ünïcode/%41",
    ],
)
@pytest.mark.parametrize("host", ["127.0.0.1:8765", "evil.example", "bad host:99999", None])
def test_the_same_path_as_starlettes_url(path: str, host: str | None) -> None:
    assert url_path(_request(path, host)) == _request(path, host).url.path


@given(st.text(min_size=0, max_size=30).map(lambda s: "/" + s))
def test_any_path_is_the_same_as_starlettes_url(path: str) -> None:
    assert url_path(_request(path)) == _request(path).url.path
