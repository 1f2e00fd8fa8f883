"""PIN hashes and the rules a new PIN must meet (no database, no Qt).

A PIN is stored as `scrypt$N$r$p$salt$digest`: each hash keeps the cost it was made
with, so hashes from an older release still verify after the cost is raised, and
`needs_rehash` tells the login to replace them with one at today's cost.

The cost: a copy of the replica lets an attacker try every PIN offline, so one check
must be slow enough that all 10**6 six-digit PINs take days on one core, and fast
enough that a login stays under 0.3 s. `tests/bench/pin_kdf.py` measures it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace

from sync.common.messages import translate


@dataclass(frozen=True)
class ScryptCost:
    n: int  # CPU/memory cost, a power of two
    r: int  # block size
    p: int = 1  # parallelism

    @property
    def memory_bytes(self) -> int:
        return 128 * self.n * self.r * self.p

    def weaker_than(self, other: "ScryptCost") -> bool:
        """Less work or less memory per check than `other`."""
        return self.n * self.r * self.p < other.n * other.r * other.p or self.n * self.r < other.n * other.r


#: n=2**15, r=12: about 0.19 s per check on the reference PC (2 cores, 2026), so a login stays
#: under 0.3 s and all six-digit PINs take about 2.2 days on one core; 48 MiB of memory per check.
PRODUCTION_COST = ScryptCost(n=2**15, r=12, p=1)
#: The cost new hashes are made with. Only the tests lower it (tests/conftest.py).
current_cost = PRODUCTION_COST
#: The most memory one check may take; a stored hash asking for more is refused, not computed.
MAXMEM = 256 * 2**20

MIN_DIGITS, MAX_DIGITS = 4, 8  # what the PIN pad takes
MANAGER_MIN_DIGITS = 6
DEFAULT_ASSOCIATE_MIN_DIGITS = 4

MESSAGES = {  # the refusals' texts; PinRuleError fills in their parameters
    "pin_format": translate("pin", "Eine PIN hat {min_digits} bis {max_digits} Ziffern"),
    "pin_too_short": translate("pin", "Diese PIN braucht mindestens {min_digits} Ziffern"),
    "pin_unchanged": translate("pin", "Bitte eine andere PIN als die Start-PIN wählen"),
}


class PinRuleError(ValueError):
    """A PIN that may not be set. `code` and `params` are for the UI to word; the message (str(): German) too."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(replace(MESSAGES[code], params=params))


def min_digits(role: str, *, associate_min_digits: int = DEFAULT_ASSOCIATE_MIN_DIGITS) -> int:
    """The fewest digits a PIN for `role` may have: the store's minimum (4 to 8), for managers at least 6."""
    store_min = max(MIN_DIGITS, min(MAX_DIGITS, associate_min_digits))
    return max(store_min, MANAGER_MIN_DIGITS) if role == "manager" else store_min


def check_new_pin(pin: str, role: str, *, associate_min_digits: int = DEFAULT_ASSOCIATE_MIN_DIGITS) -> None:
    """Raises PinRuleError unless `pin` may be set for an associate with `role` ("associate" or "manager")."""
    _check_format(pin)
    needed = min_digits(role, associate_min_digits=associate_min_digits)
    if len(pin) < needed:
        raise PinRuleError("pin_too_short", min_digits=needed, role=str(role))


def _check_format(pin: str) -> None:
    if not (pin.isascii() and pin.isdigit()) or not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise PinRuleError("pin_format", min_digits=MIN_DIGITS, max_digits=MAX_DIGITS)


def _scrypt(pin: str, salt: bytes, c: ScryptCost, dklen: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=c.n, r=c.r, p=c.p, maxmem=MAXMEM, dklen=dklen)


def hash_pin(pin: str, *, cost: ScryptCost | None = None) -> str:
    """A salted hash of `pin` at `cost` (today's cost unless given). Checks only the format, not the role's rule."""
    _check_format(pin)
    c = cost or current_cost
    salt = secrets.token_bytes(16)
    return f"scrypt${c.n}${c.r}${c.p}${salt.hex()}${_scrypt(pin, salt, c, 32).hex()}"


def _parse(stored: str) -> tuple[ScryptCost, bytes, bytes] | None:
    try:
        algo, n, r, p, salt, digest = stored.split("$")
        if algo != "scrypt":
            return None
        return ScryptCost(int(n), int(r), int(p)), bytes.fromhex(salt), bytes.fromhex(digest)
    except ValueError:
        return None


def verify_pin(pin: str, stored: str) -> bool:
    parsed = _parse(stored)
    if parsed is None:
        return False
    c, salt, digest = parsed
    if not digest or c.memory_bytes > MAXMEM:
        return False
    try:
        candidate = _scrypt(pin, salt, c, len(digest))
    except ValueError:  # parameters scrypt does not accept
        return False
    return hmac.compare_digest(candidate, digest)


def needs_rehash(stored: str) -> bool:
    """True if `stored` was made at a lower cost than today's (after a successful check: hash the PIN again)."""
    parsed = _parse(stored)
    return parsed is not None and parsed[0].weaker_than(current_cost)
