"""Errors that every layer understands.

Each error carries a plain-language message for the person using sitecare. Front ends map
the class to an exit code (CLI) or an HTTP status (web); nothing else is needed to report it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from sitecare.domain.messages import Msg, or_words


class SitecareError(Exception):
    """Base class: a problem sitecare can explain in plain words."""

    #: process exit code the CLI uses for this kind of problem
    exit_code = 1

    def __init__(
        self, message: str, *, hint: str | None = None, command_hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        #: what to run on the command line (the CLI shows it; web pages never do)
        self.command_hint = command_hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class InvalidInput(SitecareError):
    """Something the person typed or sent is not valid (a field, a value, a file)."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        suggestions: Iterable[str] = (),
        hint: str | None = None,
        command_hint: str | None = None,
    ) -> None:
        self.field = field
        self.suggestions = tuple(suggestions)
        if self.suggestions and hint is None:
            hint = Msg("Did you mean %(which)s?", which=or_words(list(self.suggestions)))
        super().__init__(message, hint=hint, command_hint=command_hint)


class TooLarge(InvalidInput):
    """A file or picture is larger than sitecare accepts (the web answers 413)."""


class NotFound(SitecareError):
    """A record or id does not exist (or is not visible to the person asking)."""

    exit_code = 3


class NotAllowed(SitecareError):
    """The signed-in user's role does not allow this (for example a worker managing users)."""

    exit_code = 2


class StorageError(SitecareError):
    """The database cannot be opened, is locked, or is not a sitecare database."""

    exit_code = 4


class Conflict(StorageError):
    """Two changes collided (the same name added at the same moment); nothing was changed."""


class DatabaseLocked(StorageError):
    """The personal database is locked with a passphrase and has not been unlocked yet."""


class ImportFileError(InvalidInput):
    """An import file is damaged or not in a format sitecare wrote; nothing was changed."""

    exit_code = 5


def close_matches(word: str, candidates: Iterable[str], *, n: int = 3) -> list[str]:
    """Return up to ``n`` candidates that look like ``word`` (for "did you mean" hints)."""
    pool = list(candidates)
    matches = difflib.get_close_matches(word, pool, n=n, cutoff=0.6)
    if not matches:
        lowered = word.lower().replace("-", "_").replace(" ", "_")
        matches = [c for c in pool if lowered and (lowered in c or c in lowered)][:n]
    return matches
