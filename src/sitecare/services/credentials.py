"""Signed, stateless credentials: session cookies, API bearer tokens and CSRF tokens.

A credential is ``base64url(JSON payload) . base64url(HMAC-SHA256)``, signed with a key derived
from the server secret for its purpose, so a session can never pass as an API token or the
other way round. The payload holds the user id, the user's credential version (bumped when the
password changes or the user is disabled), an expiry and a random nonce; nothing about clients.
Nothing is kept on the server: any instance with the same secret can check any credential.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Literal

from sitecare.domain.programs import Actor

Kind = Literal["session", "api", "pre"]

#: a web session lasts a working shift; an API token is shorter
SESSION_LIFETIME = timedelta(hours=12)
API_TOKEN_LIFETIME = timedelta(hours=1)
#: the short-lived cookie that binds the sign-in form's CSRF token before anyone is signed in
PRE_SESSION_LIFETIME = timedelta(hours=2)
LIFETIMES: dict[Kind, timedelta] = {
    "session": SESSION_LIFETIME,
    "api": API_TOKEN_LIFETIME,
    "pre": PRE_SESSION_LIFETIME,
}


@dataclass(frozen=True)
class Credential:
    kind: Kind
    user_id: int
    version: int
    expires: int
    nonce: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=32)
def _key(secret: bytes, purpose: str) -> bytes:
    """The key for one purpose, derived from the secret (the same every time: kept, so checking
    a credential on every request costs one HMAC, not two)."""
    return hmac.new(secret, f"sitecare {purpose} v1".encode(), hashlib.sha256).digest()


def _mac(secret: bytes, kind: str, body: str) -> str:
    return _b64(hmac.new(_key(secret, kind), body.encode("ascii"), hashlib.sha256).digest())


def issue(
    secret: bytes, kind: Kind, *, user_id: int, version: int, now: datetime, lifetime: timedelta
) -> str:
    """A signed credential of ``kind`` for a user, valid for ``lifetime`` from ``now``."""
    payload = {
        "u": user_id,
        "v": version,
        "e": int((now + lifetime).timestamp()),
        "n": secrets.token_urlsafe(16),
    }
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    return f"{body}.{_mac(secret, kind, body)}"


def issue_for(secret: bytes, kind: Kind, actor: Actor, *, now: datetime) -> str:
    """A signed credential of ``kind`` for the signed-in user, for its kind's whole lifetime."""
    return issue(
        secret,
        kind,
        user_id=actor.user_id,
        version=actor.credential_version,
        now=now,
        lifetime=LIFETIMES[kind],
    )


def read(secret: bytes, kind: Kind, token: str | None, *, now: datetime) -> Credential | None:
    """The credential in ``token`` when its signature is right and it has not expired."""
    if not token or token.count(".") != 1 or len(token) > 1024:
        return None
    cred = _verified(secret, kind, token)
    if cred is None or cred.expires <= now.timestamp():
        return None
    return cred


@lru_cache(maxsize=4096)
def _verified(secret: bytes, kind: Kind, token: str) -> Credential | None:
    """The credential whose signature is right (its age is checked on every use). Kept for
    the tokens seen lately: a client sends the same token with every request, and checking
    it again was a twentieth of recording an injection (benchmarks/server_load.py)."""
    body, mac = token.split(".")
    try:
        expected = _mac(secret, kind, body)
    except UnicodeEncodeError:
        return None
    if not hmac_equal(expected, mac):  # bytes: a forged non-ASCII token is just wrong
        return None
    try:
        payload = json.loads(_unb64(body))
        return Credential(
            kind, int(payload["u"]), int(payload["v"]), int(payload["e"]), str(payload["n"])
        )
    except (ValueError, KeyError, TypeError):
        return None


@lru_cache(maxsize=4096)
def csrf_token(secret: bytes, nonce: str) -> str:
    """The CSRF token for the forms of one session (or one sign-in page): bound to its nonce
    (made for every signed-in request; kept for the nonces seen lately)."""
    return _mac(secret, "csrf", nonce)


def csrf_ok(secret: bytes, nonce: str, token: str | None) -> bool:
    return bool(token) and hmac_equal(csrf_token(secret, nonce), str(token))


def hmac_equal(a: str, b: str) -> bool:
    """Compare two tokens in constant time."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
