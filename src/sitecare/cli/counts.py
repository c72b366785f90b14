"""How many records a command changed, in words: each count is its own plural entry
("1 injection", "3 injections"), joined into one sentence (``Msg``, said by ``words._``)."""

from __future__ import annotations

from sitecare.domain.messages import Msg, counted, join_words


def injections(n: int) -> Msg:
    return counted("%(n)s injection", "%(n)s injections", n, n=n)


def checks(n: int) -> Msg:
    return counted("%(n)s check", "%(n)s checks", n, n=n)


def settings(n: int) -> Msg:
    return counted("%(n)s setting", "%(n)s settings", n, n=n)


def photos(n: int) -> Msg:
    return counted("%(n)s photo", "%(n)s photos", n, n=n)


def photo_files(n: int) -> Msg:
    return counted("%(n)s photo file", "%(n)s photo files", n, n=n)


def records(n_injections: int, n_checks: int, n_photo_files: int = 0) -> Msg:
    """``3 injections and 1 check``, or ``..., 1 check and 2 photo files`` with photos."""
    parts = [injections(n_injections), checks(n_checks)]
    if n_photo_files:
        parts.append(photo_files(n_photo_files))
    said: Msg = join_words(parts)
    return said
