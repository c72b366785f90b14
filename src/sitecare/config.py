"""Settings, read once at the edge (CLI start-up, web app factory) and passed in.

This is the only module that reads ``os.environ``.
"""

from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitecare.domain.emergency import DEFAULT_EMERGENCY_NUMBER

APP_NAME = "sitecare"
ENV_DATABASE_URL = "SITECARE_DATABASE_URL"
ENV_EMERGENCY_NUMBER = "SITECARE_EMERGENCY_NUMBER"
ENV_LANGUAGE = "SITECARE_LANGUAGE"
#: the locale variables, most specific first (the CLI falls back to them for its language)
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
ENV_DATA_DIR = "SITECARE_DATA_DIR"
ENV_LOCK_TIMEOUT = "SITECARE_LOCK_TIMEOUT"
ENV_RESOURCES_FILE = "SITECARE_RESOURCES_FILE"
ENV_MODE = "SITECARE_MODE"
ENV_SECRET_KEY = "SITECARE_SECRET_KEY"
ENV_SECRET_KEY_FILE = "SITECARE_SECRET_KEY_FILE"
ENV_ALLOWED_HOSTS = "SITECARE_ALLOWED_HOSTS"
ENV_PASSPHRASE_FILE = "SITECARE_PASSPHRASE_FILE"
ENV_HASH_COST = "SITECARE_HASH_COST"
ENV_SIGNIN_DELAY = "SITECARE_SIGNIN_DELAY"
ENV_CACHE_DIR = "SITECARE_CACHE_DIR"
ENV_POCKET_DIR = "SITECARE_POCKET_DIR"

#: ``personal``: one implicit person, no sign-in. ``server``: programs, users, sign-in on every
#: page. ``auto`` (the default): server as soon as the database has a program user.
MODES = ("auto", "personal", "server")
#: a server secret must be at least this long (HMAC-SHA256 keys for sessions and tokens)
MIN_SECRET_LENGTH = 32
_PLACEHOLDER_SECRETS = ("change", "secret", "example", "placeholder", "xxxxxxxx")


@dataclass(frozen=True)
class HashCost:
    """argon2id's cost: passes over memory, memory in KiB, and lanes."""

    time_cost: int
    memory_cost: int
    parallelism: int


#: every real install: argon2-cffi's defaults, RFC 9106's second recommendation (64 MiB)
FULL_HASH_COST = HashCost(time_cost=3, memory_cost=65536, parallelism=4)
#: the test suite only (SITECARE_HASH_COST=cheap): well under a millisecond, and no protection
CHEAP_HASH_COST = HashCost(time_cost=1, memory_cost=64, parallelism=1)
HASH_COSTS = {"full": FULL_HASH_COST, "cheap": CHEAP_HASH_COST}


def default_data_dir() -> Path:
    """The per-user data folder (platformdirs), e.g. ~/.local/share/sitecare on Linux."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_cache_dir() -> Path:
    """The per-user cache folder (platformdirs), e.g. ~/.cache/sitecare on Linux:
    pocket's pinned runtime and builds (safe to delete: it is fetched and built again)."""
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


#: the last named zone found, under what it was found from (``TZ`` and /etc/localtime's link)
_ZONE_FOUND: dict[tuple[str, tuple[int, int, int] | None], tzinfo] = {}


def _localtime_link() -> tuple[int, int, int] | None:
    """What /etc/localtime is right now (a new link when the zone is changed), without
    following it: one ``lstat``, where resolving the link takes several system calls. Looked
    at again at most once a second (the clock is read several times a request)."""
    checked = time.monotonic()
    if checked - _LINK_SEEN[0] < 1.0:
        seen: tuple[int, int, int] | None = _LINK_SEEN[1]
        return seen
    try:
        st = os.lstat("/etc/localtime")
    except OSError:
        link = None
    else:
        link = (st.st_ino, st.st_mtime_ns, st.st_size)
    _LINK_SEEN[:] = [checked, link]
    return link


#: when /etc/localtime was last looked at, and what it was
_LINK_SEEN: list[Any] = [-1e9, None]


def local_timezone() -> tzinfo:
    """The machine's local zone, DST-aware where it can be named, else today's fixed offset.

    Read on every request: a named zone is remembered until ``TZ`` or /etc/localtime change.
    """
    name = os.environ.get("TZ", "").lstrip(":")
    key = (name, _localtime_link())
    found = _ZONE_FOUND.get(key)
    if found is not None:
        return found
    candidates = [name] if name else []
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:  # pragma: no cover - platform without /etc/localtime
        pass
    for candidate in candidates:
        try:
            zone = ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        _ZONE_FOUND.clear()
        _ZONE_FOUND[key] = zone
        return zone
    fallback = datetime.now().astimezone().tzinfo
    assert fallback is not None
    return fallback


@dataclass(frozen=True)
class Settings:
    """Everything that can be configured, with its source already resolved."""

    database_url: str
    data_dir: Path
    emergency_number: str = DEFAULT_EMERGENCY_NUMBER
    lock_timeout_s: float = 3.0
    #: a YAML or JSON list of help services that replaces the shipped one
    resources_file: str | None = None
    #: personal, server or auto (see MODES)
    mode: str = "auto"
    #: signs session cookies, API tokens and CSRF tokens in server mode (never stored)
    secret_key: str | None = None
    #: the first failed sign-in waits this long; each further failure adds as much again
    signin_delay_s: float = 0.5
    #: host names the web app answers for besides IP addresses and localhost (DNS rebinding):
    #: the name ``serve --host`` was given and the public name behind a proxy; ``*`` for any
    allowed_hosts: tuple[str, ...] = ()
    #: unlocks a personal database locked with a passphrase (never printed)
    passphrase: str | None = field(default=None, repr=False)
    #: argon2id's cost for passwords and the passphrase's key (cheap only in the test suite)
    hash_cost: HashCost = FULL_HASH_COST
    #: a built pocket site (``sitecare pocket build DIR``) served at /pocket/; when None,
    #: ``sitecare serve`` builds one into the cache folder on the first request for it
    pocket_dir: Path | None = None
    #: SITECARE_LANGUAGE (``es``, ``en``); None: the CLI follows the locale, the web app the
    #: browser (sitecare.domain.language decides)
    language: str | None = None
    #: LC_ALL, LC_MESSAGES and LANG as set, most specific first
    locale: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, *, database_url: str | None = None) -> Settings:
        data_dir = Path(os.environ.get(ENV_DATA_DIR) or default_data_dir())
        url = database_url or os.environ.get(ENV_DATABASE_URL) or default_database_url(data_dir)
        return cls(
            database_url=url,
            data_dir=data_dir,
            emergency_number=os.environ.get(ENV_EMERGENCY_NUMBER, "").strip()
            or DEFAULT_EMERGENCY_NUMBER,
            lock_timeout_s=float(os.environ.get(ENV_LOCK_TIMEOUT, "3")),
            resources_file=os.environ.get(ENV_RESOURCES_FILE) or None,
            mode=_mode_from_env(),
            secret_key=_secret_from_env(),
            allowed_hosts=tuple(
                h.strip() for h in os.environ.get(ENV_ALLOWED_HOSTS, "").split(",") if h.strip()
            ),
            passphrase=_passphrase_from_env(),
            hash_cost=_hash_cost_from_env(),
            signin_delay_s=_signin_delay_from_env(),
            pocket_dir=Path(os.environ[ENV_POCKET_DIR]) if os.environ.get(ENV_POCKET_DIR) else None,
            language=os.environ.get(ENV_LANGUAGE, "").strip() or None,
            locale=tuple(os.environ[v] for v in LOCALE_VARIABLES if os.environ.get(v)),
        )

    @property
    def sqlite_path(self) -> Path | None:
        """The file of a ``sqlite:///`` database URL (None for PostgreSQL or memory)."""
        url = self.database_url
        if not url.startswith("sqlite:///"):
            return None
        path = url[len("sqlite:///") :].split("?", 1)[0]
        return Path(path) if path and path != ":memory:" else None


def _mode_from_env() -> str:
    mode = (os.environ.get(ENV_MODE) or "auto").strip().lower()
    if mode not in MODES:
        from sitecare.domain.errors import InvalidInput

        raise InvalidInput(
            f"{ENV_MODE} is {mode!r}; it must be one of {', '.join(MODES)}.", field=ENV_MODE
        )
    return mode


def _hash_cost_from_env() -> HashCost:
    name = (os.environ.get(ENV_HASH_COST) or "full").strip().lower()
    if name not in HASH_COSTS:
        from sitecare.domain.errors import InvalidInput

        raise InvalidInput(
            f"{ENV_HASH_COST} is {name!r}; it must be one of {', '.join(HASH_COSTS)}.",
            field=ENV_HASH_COST,
        )
    return HASH_COSTS[name]


def _signin_delay_from_env() -> float:
    text = (os.environ.get(ENV_SIGNIN_DELAY) or "0.5").strip()
    try:
        delay = float(text)
    except ValueError:
        delay = -1.0
    if not 0 <= delay <= 10:
        from sitecare.domain.errors import InvalidInput

        raise InvalidInput(
            f"{ENV_SIGNIN_DELAY} is {text!r}; it must be a number of seconds from 0 to 10.",
            field=ENV_SIGNIN_DELAY,
        )
    return delay


def _passphrase_from_env() -> str | None:
    """The personal database's passphrase from the file SITECARE_PASSPHRASE_FILE names."""
    path = os.environ.get(ENV_PASSPHRASE_FILE)
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n") or None
    except OSError as exc:
        from sitecare.domain.errors import InvalidInput

        raise InvalidInput(
            f"Cannot read the file {ENV_PASSPHRASE_FILE} names: {exc.strerror}.",
            field=ENV_PASSPHRASE_FILE,
        ) from None


def _secret_from_env() -> str | None:
    """The server secret: SITECARE_SECRET_KEY, or the file SITECARE_SECRET_KEY_FILE names."""
    path = os.environ.get(ENV_SECRET_KEY_FILE)
    if path:
        from sitecare.domain.errors import InvalidInput

        try:
            return Path(path).read_text(encoding="utf-8").strip() or None
        except OSError as exc:
            raise InvalidInput(
                f"Cannot read {ENV_SECRET_KEY_FILE} ({path}): {exc.strerror}.",
                field=ENV_SECRET_KEY_FILE,
            ) from None
    return os.environ.get(ENV_SECRET_KEY) or None


def server_secret(settings: Settings) -> bytes:
    """The secret server mode signs with; refuses a missing, short or placeholder one."""
    return _checked_secret(settings.secret_key or "")


@functools.lru_cache(maxsize=8)
def _checked_secret(secret: str) -> bytes:
    """The secret as bytes once it passed the checks (read on every signed-in request, so the
    answer is kept; a refusal is not, and is raised again each time)."""
    from sitecare.domain.errors import InvalidInput

    lowered = secret.lower()
    if len(secret) < MIN_SECRET_LENGTH or any(p in lowered for p in _PLACEHOLDER_SECRETS):
        raise InvalidInput(
            f"Server mode needs a secret of at least {MIN_SECRET_LENGTH} random characters "
            f"in {ENV_SECRET_KEY} (or a file named by {ENV_SECRET_KEY_FILE}).",
            field=ENV_SECRET_KEY,
            hint="Make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'",
        )
    return secret.encode("utf-8")


def pass_to_workers(settings: Settings) -> None:
    """Put the resolved settings in the environment, for server worker processes to read."""
    os.environ[ENV_DATABASE_URL] = settings.database_url
    if settings.allowed_hosts:
        os.environ[ENV_ALLOWED_HOSTS] = ",".join(settings.allowed_hosts)
    if settings.pocket_dir is not None:
        os.environ[ENV_POCKET_DIR] = str(settings.pocket_dir)


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'sitecare.sqlite3'}"
