"""geo/accounts.py on SQLite and PostgreSQL: roles and rights, argon2 hashes, sign-in limited against guessing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.accounts import (
    MAX_FAILURES,
    RIGHTS,
    ROLES,
    Account,
    PermissionDenied,
    SignInRefused,
    add_account,
    require,
    sign_in,
)
from geo.errors import AtlasError

PASSWORD = "correct horse battery"


def test_a_password_is_kept_as_an_argon2_hash_and_signs_in(store) -> None:
    add_account(store, "lin", "steward", PASSWORD)
    assert store.account("lin")["password_hash"].startswith("$argon2") and PASSWORD not in str(store.dump())
    assert sign_in(store, "lin", PASSWORD) == Account("lin", "steward")


def test_wrong_passwords_are_refused_and_guessing_is_stopped(store) -> None:
    add_account(store, "lin", "steward", PASSWORD)
    for _ in range(MAX_FAILURES):
        with pytest.raises(SignInRefused, match="wrong account name or password; check both and try again"):
            sign_in(store, "lin", "guess")
    with pytest.raises(SignInRefused, match="too many failed sign-ins for 'lin'; wait 15 minutes, or ask an admin"):
        sign_in(store, "lin", PASSWORD)  # even the right password, until the window has passed
    with pytest.raises(SignInRefused, match="wrong account name or password"):
        sign_in(store, "nobody", PASSWORD)  # an unknown name says no more than a wrong password


def test_only_an_admin_adds_accounts_from_the_page(store) -> None:
    with pytest.raises(PermissionDenied, match=r"lin \(steward\) may not manage accounts"):
        add_account(store, "zhou", "steward", PASSWORD, by=Account("lin", "steward"))
    add_account(store, "zhou", "steward", PASSWORD, by=Account("root", "admin"))
    assert [a["name"] for a in store.accounts()] == ["zhou"]
    assert store.history()["action"].tolist() == ["account added"]


@pytest.mark.parametrize(
    "name, role, password, message",
    [
        ("l", "steward", PASSWORD, "'l' is not a usable account name"),
        ("lin", "boss", PASSWORD, "'boss' is not a role; use one of viewer, steward, admin"),
        ("lin", "steward", "short", "the password of lin is shorter than 10 characters"),
    ],
)
def test_a_bad_account_is_refused_with_its_reason(store, name, role, password, message) -> None:
    with pytest.raises(AtlasError, match=message):
        add_account(store, name, role, password)


@given(role=st.sampled_from(ROLES), right=st.sampled_from(sorted(RIGHTS)))
def test_a_right_is_held_exactly_by_its_roles(role: str, right: str) -> None:
    account = Account("x", role)
    assert account.may(right) == (role in RIGHTS[right])
    if role in RIGHTS[right]:
        require(account, right)
    else:
        with pytest.raises(PermissionDenied):
            require(account, right)


def test_single_sign_on_takes_the_role_of_the_e_mail_address_an_admin_added(store) -> None:
    from geo.accounts import account_for_identity

    add_account(store, "lin@forestry.example", "steward", PASSWORD)
    assert account_for_identity(store, "lin@forestry.example") == Account("lin@forestry.example", "steward")
    assert account_for_identity(store, "someone@else.example").role == "viewer"  # known to the provider only
