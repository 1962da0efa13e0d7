"""People and rights: accounts with a role, password hashes (argon2), sign-in limited against guessing, and the
one check every change of data goes through."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geo.errors import AtlasError
from geo.store import Store, now

ROLES: tuple[str, ...] = ("viewer", "steward", "admin")
# Right -> the roles that hold it. Viewing needs no right (GANPO_REQUIRE_SIGNIN=1 asks for any account).
RIGHTS: dict[str, tuple[str, ...]] = {
    "add": ("steward", "admin"),
    "publish": ("steward", "admin"),
    "withdraw": ("steward", "admin"),
    "manage_accounts": ("admin",),
}
MAX_FAILURES = 5  # failed sign-ins of one name within GUESS_WINDOW before it is refused for that long
GUESS_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 10
_NAME = re.compile(r"[\w.\-@]{2,64}")
_hasher = PasswordHasher()


class PermissionDenied(AtlasError):
    """An account tried a change its role does not allow."""


class SignInRefused(AtlasError):
    """Wrong name or password, or too many failed attempts."""


@dataclass(frozen=True)
class Account:
    """Who acts: a name and a role (an anonymous visitor is a viewer without a name)."""

    name: str
    role: str

    def may(self, right: str) -> bool:
        """Whether this account holds a right (see RIGHTS)."""
        if right not in RIGHTS:
            raise ValueError(f"{right!r} is not a right; use one of {', '.join(RIGHTS)}")
        return self.role in RIGHTS[right]


ANONYMOUS = Account("", "viewer")


def require(account: Account, right: str) -> None:
    """PermissionDenied unless the account holds the right: every change of data is checked here, where it is made."""
    if not account.may(right):
        who = f"{account.name} ({account.role})" if account.name else "an anonymous visitor"
        roles = " or ".join(RIGHTS[right])
        raise PermissionDenied(f"{who} may not {right.replace('_', ' ')}", f"sign in with an account of role {roles}")


def add_account(store: Store, name: str, role: str, password: str, by: Account | None = None) -> Account:
    """A new account (by an admin, or by the operator at the command line when `by` is None)."""
    if by is not None:
        require(by, "manage_accounts")
    if not _NAME.fullmatch(name):
        raise AtlasError(f"{name!r} is not a usable account name", "use 2-64 letters, digits, . - _ or @")
    if role not in ROLES:
        raise AtlasError(f"{role!r} is not a role", f"use one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AtlasError(f"the password of {name} is shorter than {MIN_PASSWORD} characters", "choose a longer one")
    if store.account(name) is not None:
        raise AtlasError(f"the account {name} exists already", "choose another name")
    store.add_account(name, role, _hasher.hash(password))
    store.note(by.name if by else "(command line)", "account added", f"{name} ({role})")
    return Account(name, role)


def sign_in(store: Store, name: str, password: str) -> Account:
    """The account for a name and password; SignInRefused after a wrong pair or too many recent failures."""
    if store.failed_sign_ins(name, now() - GUESS_WINDOW) >= MAX_FAILURES:
        minutes = int(GUESS_WINDOW.total_seconds() // 60)
        raise SignInRefused(f"too many failed sign-ins for {name!r}", f"wait {minutes} minutes, or ask an admin")
    row = store.account(name)
    ok = False
    if row is not None:
        try:
            ok = _hasher.verify(row["password_hash"], password)
        except (VerificationError, InvalidHashError):
            ok = False
    store.record_sign_in(name, ok)
    if not ok or row is None:
        raise SignInRefused("wrong account name or password", "check both and try again")
    return Account(name, str(row["role"]))


def account_for_identity(store: Store, email: str) -> Account:
    """The account of someone signed in by the department's identity provider (single sign-on): the store's account
    of that name (an admin gives an e-mail address a role by adding it), else a viewer."""
    row = store.account(email)
    return Account(email, str(row["role"]) if row is not None else "viewer")


def account_of(store: Store, name: str) -> Account:
    """An existing account by name (the command line's --by); AtlasError when there is none."""
    row = store.account(name)
    if row is None:
        raise AtlasError(f"there is no account {name!r}", "add it with: python -m geo users add NAME --role steward")
    return Account(name, str(row["role"]))
