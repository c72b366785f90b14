"""Signed credentials (``services.credentials``): a token's signature is checked once and kept
for the tokens seen lately, but its age on every use; a token never passes as another kind, and
a token signed with another secret, changed or cut never passes at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sitecare.config import Settings, server_secret
from sitecare.services import credentials

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
SECRET = b"s" * 40


def _token(kind: credentials.Kind = "api", secret: bytes = SECRET) -> str:
    return credentials.issue(
        secret, kind, user_id=7, version=3, now=NOW, lifetime=timedelta(hours=1)
    )


def test_a_kept_token_still_expires() -> None:
    token = _token()
    for _ in range(3):  # the second and third reads find it kept
        cred = credentials.read(SECRET, "api", token, now=NOW + timedelta(minutes=59))
        assert cred is not None and (cred.user_id, cred.version) == (7, 3)
    assert credentials.read(SECRET, "api", token, now=NOW + timedelta(hours=1)) is None
    assert credentials.read(SECRET, "api", token, now=NOW) is not None  # the clock is the caller's


def test_a_token_passes_only_as_its_own_kind_and_secret() -> None:
    token = _token("session")
    assert credentials.read(SECRET, "session", token, now=NOW) is not None
    assert credentials.read(SECRET, "api", token, now=NOW) is None
    assert credentials.read(b"t" * 40, "session", token, now=NOW) is None
    assert credentials.read(SECRET, "session", token, now=NOW) is not None  # still good


def test_changed_cut_or_odd_tokens_never_pass() -> None:
    token = _token()
    body, mac = token.split(".")
    changed = body[:-1] + ("A" if body[-1] != "A" else "B") + "." + mac
    for bad in (changed, body, body + ".", "." + mac, token + "x", "é." + mac, "", "a" * 2000):
        for _ in range(2):
            assert credentials.read(SECRET, "api", bad, now=NOW) is None, bad


def test_the_csrf_token_is_bound_to_the_nonce_and_the_secret() -> None:
    a = credentials.csrf_token(SECRET, "nonce-1")
    assert a == credentials.csrf_token(SECRET, "nonce-1")
    assert a != credentials.csrf_token(SECRET, "nonce-2")
    assert a != credentials.csrf_token(b"t" * 40, "nonce-1")
    assert credentials.csrf_ok(SECRET, "nonce-1", a)
    assert not credentials.csrf_ok(SECRET, "nonce-1", a[:-1])


def test_a_refused_secret_is_refused_every_time() -> None:
    import pytest

    from sitecare.domain.errors import InvalidInput

    for _ in range(2):
        with pytest.raises(InvalidInput):
            server_secret(Settings("sqlite://", Path("."), secret_key="change-me"))
    good = "g" * 48
    assert server_secret(Settings("sqlite://", Path("."), secret_key=good)) == good.encode()
