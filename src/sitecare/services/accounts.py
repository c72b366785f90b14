"""Programs and their users: create, list, disable, reset a password, sign in.

Passwords are hashed with argon2id by the hasher the settings choose (``services/passwords.py``:
argon2-cffi's defaults, t=3, m=64 MiB, p=4, on every real install). Failed
sign-ins are counted in the database, per username, so every instance sees them: each failure
makes the next answer wait longer, and the fifth locks the name for 15 minutes. Names that are
not users are counted the same way (under a hash), so the answers never tell whether a
username exists.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sitecare.config import FULL_HASH_COST
from sitecare.domain.errors import Conflict, InvalidInput, NotAllowed, NotFound
from sitecare.domain.inputs import check_secret_length
from sitecare.domain.messages import N_, Msg
from sitecare.domain.programs import ROLES, Actor, Role, UserInfo
from sitecare.domain.records import PERSONAL_PROGRAM
from sitecare.services.passwords import PasswordHasher, hasher
from sitecare.storage.accounts import Audit, Programs, Throttle, UserRecord, Users, naive_utc
from sitecare.storage.client_access import still_valid
from sitecare.storage.engine import Database

# re-exported: the records and NotAllowed moved to the domain (domain.programs, domain.errors)
__all__ = ["ROLES", "Accounts", "Actor", "NotAllowed", "Role", "SignIn", "UserInfo"]

MAX_FAILURES = 5
LOCK_TIME = timedelta(minutes=15)
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the actor, or a message and how long to wait before answering."""

    actor: Actor | None
    message: str = ""
    delay_s: float = 0.0


WRONG = "That username and password do not match. Check them and try again."
LOCKED = (
    "Too many failed sign-ins for this username: it is locked for 15 minutes. "
    "Try again later, or ask your program admin to reset the password."
)


def _info(u: UserRecord) -> UserInfo:
    return UserInfo(
        u.username,
        u.program,
        u.role,
        u.disabled,
        u.locked_until,
        u.last_sign_in_at,
        u.created_at,
    )


def actor_of(u: UserRecord) -> Actor:
    """The actor a valid user acts as."""
    return Actor(u.id, u.username, u.role, u.program_id, u.program, u.credential_version)


def clean_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise InvalidInput(
            Msg(
                "A username is 2 to 100 characters: letters, digits and . _ @ - "
                "(starting with a letter or digit)."
            ),
            field="username",
        )
    return name


def check_password(password: str) -> str:
    return check_secret_length(
        password,
        field="password",
        least=MIN_PASSWORD,
        most=MAX_PASSWORD,
        too_short=N_(
            "The password needs at least %(n)s characters "
            "(a few random words are easy to remember)."
        ),
        too_long=N_("The password has more than %(n)s characters."),
    )


def clean_program_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise InvalidInput(Msg("A program name is 1 to 200 characters."), field="program")
    if name.lower() == PERSONAL_PROGRAM:
        raise InvalidInput(
            Msg(
                "%(name)s is kept for the personal install; choose another program name.",
                name=repr(name),
            ),
            field="program",
        )
    return name


class Accounts:
    """Programs and users, for the admin commands, the admin pages and sign-in."""

    def __init__(
        self,
        db: Database,
        *,
        signin_delay_s: float = 0.5,
        passwords: PasswordHasher | None = None,
    ) -> None:
        self.db = db
        self.signin_delay_s = signin_delay_s
        self.passwords = passwords or hasher(FULL_HASH_COST)

    # -- programs and users -------------------------------------------------------------------

    def create_program(self, name: str, *, now: datetime) -> str:
        name = clean_program_name(name)
        with self.db.transaction() as s:
            programs = Programs(s)
            if programs.find(name) is not None:
                raise InvalidInput(
                    Msg("There is already a program called %(name)s.", name=repr(name)),
                    field="program",
                )
            programs.add(name, now=now)
        return name

    def has_users(self) -> bool:
        with self.db.reading() as s:
            return Users(s).any()

    def add_user(
        self,
        username: str,
        *,
        program: str,
        role: str,
        password: str,
        now: datetime,
        by: Actor | None = None,
    ) -> UserInfo:
        """Add a user to a program (an admin may add users to their own program only)."""
        username = clean_username(username)
        if role not in ROLES:
            raise InvalidInput(Msg("The role must be admin or worker."), field="role")
        password_hash = self.passwords.hash(check_password(password))
        if by is not None:
            by.require_admin()
            program = by.program
        try:
            with self.db.transaction() as s:
                pid = Programs(s).find(program)
                if pid is None:
                    raise NotFound(
                        Msg("There is no program called %(program)s.", program=repr(program)),
                        hint=Msg("Create it first: sitecare admin create-program NAME"),
                    )
                holder = Users(s).by_username(username)
                if holder is not None:
                    # the server's operator (no ``by``) may know; an admin only of their program
                    raise _taken(username, yours=by is None or holder.program_id == pid)
                uid = Users(s).add(
                    program_id=pid,
                    username=username,
                    role=role,
                    password_hash=password_hash,
                    now=now,
                )
                Audit(s, pid).add(
                    user_id=None if by is None else by.user_id,
                    action="user.add",
                    object_type="user",
                    object_id=str(uid),
                    now=now,
                )
                created = Users(s).by_id(uid)
        except Conflict:  # two admins adding the same name at the same moment
            raise _taken(username, yours=False) from None
        assert created is not None
        return _info(created)

    def users(self, *, program: str | None = None, by: Actor | None = None) -> list[UserInfo]:
        if by is not None:
            by.require_admin()
            program = by.program
        with self.db.reading() as s:
            pid = None
            if program is not None:
                pid = Programs(s).find(program)
                if pid is None:
                    raise NotFound(
                        Msg("There is no program called %(program)s.", program=repr(program))
                    )
            return [_info(u) for u in Users(s).list(program_id=pid)]

    def _change_user(
        self, username: str, action: str, *, now: datetime, by: Actor | None, **values: Any
    ) -> UserInfo:
        name = username.strip().lower()
        if by is not None:
            by.require_admin()
        with self.db.transaction() as s:
            users = Users(s)
            user = users.by_username(name)
            if user is None or (by is not None and user.program_id != by.program_id):
                raise NotFound(
                    Msg("There is no user %(name)s in your program.", name=repr(name))
                    if by
                    else Msg("There is no user %(name)s.", name=repr(name))
                )
            users.change(user.id, now=now, bump_version=True, **values)
            Audit(s, user.program_id).add(
                user_id=None if by is None else by.user_id,
                action=action,
                object_type="user",
                object_id=str(user.id),
                now=now,
            )
            changed = users.by_id(user.id)
        assert changed is not None
        return _info(changed)

    def disable_user(self, username: str, *, now: datetime, by: Actor | None = None) -> UserInfo:
        """Disable a user: their sessions and tokens stop working at once."""
        if by is not None and username.strip().lower() == by.username:
            raise InvalidInput(Msg("You cannot disable yourself."), field="username")
        return self._change_user(username, "user.disable", now=now, by=by, disabled=True)

    def enable_user(self, username: str, *, now: datetime, by: Actor | None = None) -> UserInfo:
        return self._change_user(username, "user.enable", now=now, by=by, disabled=False)

    def reset_password(
        self, username: str, password: str, *, now: datetime, by: Actor | None = None
    ) -> UserInfo:
        """Set a new password; it also clears a lock and ends the user's sessions and tokens."""
        password_hash = self.passwords.hash(check_password(password))
        return self._change_user(
            username,
            "user.reset_password",
            now=now,
            by=by,
            password_hash=password_hash,
            failed_count=0,
            locked_until=None,
        )

    # -- signing in ---------------------------------------------------------------------------

    def actor(self, user_id: int, version: int) -> Actor | None:
        """The user behind a session or token, if it is still valid (checked on every request)."""
        with self.db.reading() as s:
            user = Users(s).by_id(user_id)
        if not still_valid(user, version):
            return None
        return actor_of(user)

    def sign_out(self, actor: Actor, *, now: datetime) -> None:
        """End the user's sessions and tokens everywhere (stateless: one version for all)."""
        with self.db.transaction() as s:
            Users(s).change(actor.user_id, now=now, bump_version=True)
            Audit(s, actor.program_id).add(user_id=actor.user_id, action="signout", now=now)

    def _delay(self, failures: int) -> float:
        return self.signin_delay_s * failures

    def sign_in(self, username: str, password: str, *, now: datetime) -> SignIn:
        """Check a username and password; count failures and lock after five.

        The attempt is counted (one atomic statement, committed) before the password is
        checked: however many attempts arrive at once, at most ``MAX_FAILURES`` passwords are
        ever checked per lock period, and the rest are refused as locked unchecked.
        """
        name = username.strip().lower()[:200]
        password = password[:MAX_PASSWORD]
        with self.db.transaction(own=True) as s:
            claimed = Users(s).claim_attempt(name, now=now)
            user = None if claimed is None else Users(s).by_username(name)
            if claimed is None:
                claimed = Throttle(s).claim_attempt(_name_hash(name), now=now)
        attempts, locked_until = claimed
        if locked_until is not None and locked_until > now:
            return SignIn(None, LOCKED, self._delay(MAX_FAILURES))
        if attempts > MAX_FAILURES:  # more attempts at once than allowed: refused unchecked
            self._lock(user, name, now=now)
            return SignIn(None, LOCKED, self._delay(attempts))
        if user is None:
            self.passwords.verify_nobody(password)  # as slow as a wrong password
        elif self.passwords.verify(user.password_hash, password):
            return self._signed_in(user, password, now=now)
        return self._failed(user, name, attempts, now=now)

    def _signed_in(self, user: UserRecord, password: str, *, now: datetime) -> SignIn:
        if user.disabled:
            return SignIn(None, "This account is disabled. Ask your program admin.")
        values: dict[str, Any] = {
            "failed_count": 0,
            "locked_until": None,
            "last_sign_in_at": naive_utc(now),
        }
        if self.passwords.needs_rehash(user.password_hash):
            values["password_hash"] = self.passwords.hash(password)
        with self.db.transaction(own=True) as s:
            Users(s).change(user.id, now=now, bump_version=False, **values)
            Audit(s, user.program_id).add(user_id=user.id, action="signin", now=now)
        return SignIn(actor_of(user))

    def _lock(self, user: UserRecord | None, name: str, *, now: datetime) -> None:
        with self.db.transaction(own=True) as s:
            if user is not None:
                Users(s).lock(user.id, until=now + LOCK_TIME, now=now)
                Audit(s, user.program_id).add(
                    user_id=user.id, action="signin.locked", object_type="user", now=now
                )
            else:
                Throttle(s).lock(_name_hash(name), until=now + LOCK_TIME)

    def _failed(
        self, user: UserRecord | None, name: str, attempts: int, *, now: datetime
    ) -> SignIn:
        if user is not None:
            with self.db.transaction(own=True) as s:
                Audit(s, user.program_id).add(
                    user_id=user.id, action="signin.failed", object_type="user", now=now
                )
        if attempts >= MAX_FAILURES:
            self._lock(user, name, now=now)
            return SignIn(None, LOCKED, self._delay(attempts))
        return SignIn(None, WRONG, self._delay(attempts))


def _taken(username: str, *, yours: bool) -> InvalidInput:
    """The answer for a username already in use. Usernames are unique across the server, but
    whether (and where) a name is used in another program is that program's business: the
    answer says only that the name cannot be used."""
    if yours:
        return InvalidInput(
            Msg("The username %(username)s is taken.", username=repr(username)),
            field="username",
            hint=Msg("Choose another username, or reset that user's password."),
        )
    return InvalidInput(
        Msg("The username %(username)s cannot be used.", username=repr(username)),
        field="username",
        hint=Msg("Choose another one (adding your program's initials often helps)."),
    )


def _name_hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()
