"""Download links of a service that asks for sign-in: the page signs each link it shows with the replicas' shared
secret, and the export route answers only a link signed so and not expired. A signed-in session is the only thing
that shows such a link, and no state is kept: any replica checks any link."""

from __future__ import annotations

import hashlib
import hmac
import re
import time

# A working day: a page left open since the morning still downloads; a link copied out stops working by night.
LIFETIME_SECONDS = 12 * 3600
_SIGNED = re.compile(r"(?P<unsigned>.*&expires=(?P<expires>\d{1,12}))&sig=(?P<sig>[0-9a-f]{64})")


def sign(target: str, secret: str, now: float | None = None) -> str:
    """`target` ("name?query") with `&expires=…&sig=…` appended."""
    unsigned = f"{target}&expires={int((time.time() if now is None else now) + LIFETIME_SECONDS)}"
    return f"{unsigned}&sig={_mac(unsigned, secret)}"


def verify(signed: str, secret: str, now: float | None = None) -> bool:
    """Whether `signed` ("name?query&expires=…&sig=…") was signed with `secret` and has not expired."""
    found = _SIGNED.fullmatch(signed)
    if found is None:
        return False
    if int(found["expires"]) < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(found["sig"], _mac(found["unsigned"], secret))


def _mac(text: str, secret: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
