"""The host guard, tried as an attacker would: raw HTTP requests to a real ``sitecare serve``
process (issue 10, item 1). A rebinding page's requests carry its own name in ``Host``; none of
them may reach a route, whatever the method, path, spelling or header tricks."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest


def _raw(port: int, request: bytes) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, serve_anywhere: Callable[..., Any]
) -> Iterator[Any]:
    """One server for the module (starting one takes seconds): every test here only sends
    requests that must be refused or that read, and checks that "mine" is still there."""
    tmp = tmp_path_factory.mktemp("host_raw")
    server = serve_anywhere(f"sqlite:///{tmp / 'me.sqlite3'}", data_dir=tmp / "data")
    try:
        body = json.dumps({"region": "forearm_left", "note": "mine"}).encode()
        status, _ = _raw(
            server.port,
            b"POST /api/v1/injections HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body),
        )
        assert status == 201
        yield server
    finally:
        server.stop()


FOREIGN = [
    b"evil.example",
    b"evil.example:8765",
    b"EVIL.example.",
    b"127.0.0.1.evil.example",
    b"localhost.evil.example",
    b"127.0.0.1@evil.example",
    b"2130706433",  # 127.0.0.1 as one number: a name to the guard, never an address
    b"0x7f.0.0.1",
    b"evil.example:80:80",
    b"[::1].evil.example",
    b"",
]


def test_a_foreign_host_never_reaches_a_route(served: Any) -> None:
    for host in FOREIGN:
        _refused(served, host)


def _refused(served: Any, host: bytes) -> None:
    for request in (
        b"GET /api/v1/export HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % host,
        b"POST /api/v1/erase HTTP/1.1\r\nHost: %s\r\nOrigin: http://%s\r\n"
        b"Sec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\n"
        b'Content-Length: 17\r\nConnection: close\r\n\r\n{"confirm": true}' % (host, host),
        b"OPTIONS /api/v1/injections HTTP/1.1\r\nHost: %s\r\nOrigin: http://%s\r\n"
        b"Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n" % (host, host),
    ):
        status, body = _raw(served.port, request)
        assert status == 400, (host, request[:40], status)
        assert b"mine" not in body
    status, body = _raw(
        served.port,
        b"GET /api/v1/injections HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    assert status == 200 and b"mine" in body  # nothing was erased


def test_our_own_names_are_answered(served: Any) -> None:
    port = str(served.port).encode()
    for host in (b"127.0.0.1", b"localhost", b"LOCALHOST.", b"[::1]", b"app.localhost"):
        status, _ = _raw(
            served.port,
            b"GET /api/v1/sites HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n"
            % (host, port),
        )
        assert status == 200, host


def test_two_host_headers_are_refused_or_judged_by_the_first(served: Any) -> None:
    status, body = _raw(
        served.port,
        b"GET /api/v1/export HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1\r\n"
        b"Connection: close\r\n\r\n",
    )
    assert status == 400 and b"mine" not in body


def test_a_cross_site_write_from_a_page_on_another_port_is_refused(served: Any) -> None:
    status, _ = _raw(
        served.port,
        b"POST /api/v1/erase HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1:3000\r\n"
        b"Content-Type: application/json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n"
        b'{"confirm": true}',
    )
    assert status == 403
    status, _ = _raw(
        served.port,
        b"POST /api/v1/erase HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-Fetch-Site: same-site\r\n"
        b"Content-Type: application/json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n"
        b'{"confirm": true}',
    )
    assert status == 403
