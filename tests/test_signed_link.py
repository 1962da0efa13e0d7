"""ui/signed_link.py: a signed link verifies with its secret until it expires; any change to it, another secret or
a late hour does not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ui.signed_link import LIFETIME_SECONDS, sign, verify

NOW = 1_800_000_000.0
targets = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=80).map(
    lambda t: f"geojson?{t}"
)
secrets = st.text(min_size=8, max_size=40)


@given(targets, secrets)
def test_a_signed_link_verifies_until_it_expires(target: str, secret: str) -> None:
    signed = sign(target, secret, now=NOW)
    assert signed.startswith(target) and verify(signed, secret, now=NOW)
    assert verify(signed, secret, now=NOW + LIFETIME_SECONDS)
    assert not verify(signed, secret, now=NOW + LIFETIME_SECONDS + 1)


@given(targets, secrets, st.data())
def test_any_change_to_a_signed_link_is_refused(target: str, secret: str, data: st.DataObject) -> None:
    signed = sign(target, secret, now=NOW)
    i = data.draw(st.integers(0, len(signed) - 1))
    changed = signed[:i] + ("x" if signed[i] != "x" else "y") + signed[i + 1 :]
    assert not verify(changed, secret, now=NOW)
    assert not verify(signed, secret + "!", now=NOW)
    assert not verify(target, secret, now=NOW)  # unsigned
