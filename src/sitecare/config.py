"""Settings, read once at the edge (CLI start-up, web app factory) and passed in.

This is the only module that reads ``os.environ``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

APP_NAME = "sitecare"
ENV_DATABASE_URL = "SITECARE_DATABASE_URL"
ENV_EMERGENCY_NUMBER = "SITECARE_EMERGENCY_NUMBER"
ENV_DATA_DIR = "SITECARE_DATA_DIR"
ENV_LOCK_TIMEOUT = "SITECARE_LOCK_TIMEOUT"
ENV_RESOURCES_FILE = "SITECARE_RESOURCES_FILE"

#: documented emergency numbers; any other number is accepted too (a program may configure one)
EMERGENCY_NUMBERS = {"911": "United States and Canada", "112": "European Union", "999": "UK"}


def default_data_dir() -> Path:
    """The per-user data folder (platformdirs), e.g. ~/.local/share/sitecare on Linux."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def local_timezone() -> tzinfo:
    """The machine's local zone, DST-aware where it can be named, else today's fixed offset."""
    name = os.environ.get("TZ", "").lstrip(":")
    candidates = [name] if name else []
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:  # pragma: no cover - platform without /etc/localtime
        pass
    for candidate in candidates:
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    fallback = datetime.now().astimezone().tzinfo
    assert fallback is not None
    return fallback


@dataclass(frozen=True)
class Settings:
    """Everything that can be configured, with its source already resolved."""

    database_url: str
    data_dir: Path
    emergency_number: str = "911"
    lock_timeout_s: float = 3.0
    #: a YAML or JSON list of help services that replaces the shipped one
    resources_file: str | None = None

    @classmethod
    def from_env(cls, *, database_url: str | None = None) -> Settings:
        data_dir = Path(os.environ.get(ENV_DATA_DIR) or default_data_dir())
        url = database_url or os.environ.get(ENV_DATABASE_URL) or default_database_url(data_dir)
        return cls(
            database_url=url,
            data_dir=data_dir,
            emergency_number=os.environ.get(ENV_EMERGENCY_NUMBER, "911").strip() or "911",
            lock_timeout_s=float(os.environ.get(ENV_LOCK_TIMEOUT, "3")),
            resources_file=os.environ.get(ENV_RESOURCES_FILE) or None,
        )


def pass_to_workers(settings: Settings) -> None:
    """Put the resolved database URL in the environment, for server worker processes to read."""
    os.environ[ENV_DATABASE_URL] = settings.database_url


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'sitecare.sqlite3'}"
