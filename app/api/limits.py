"""Rate limits: failed authentications per client address and per claimed subject, and the
requests of each person and each service client (limits, fixed windows).

The counters live in the memory of each worker process (``limits``' MemoryStorage): with N
processes (workers × replicas) a caller may get up to N times a limit before every process
refuses. That bounds guessing and runaway clients well enough for one organisation; a global
limit belongs in the gateway in front (docs/security.md). Refused tokens are logged in
aggregate, at most one line a minute, not one line each.
"""

from __future__ import annotations

import logging
import math
import time

import jwt
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from app.auth import Actor
from app.config import Settings
from app.errors import TooManyRequests
from app.messages import Message, msg

log = logging.getLogger("app.auth")


def claimed_subject(token: str) -> str:
    """The ``sub`` a token claims, unverified: only to count failures per subject."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return "?"
    return str(claims.get("sub", "?"))[:200]


class RefusedTokens:
    """Refused tokens in aggregate: the first of a minute logged at once, the rest counted
    and summed up in one line when the next minute's first refusal comes."""

    def __init__(self, every: float = 60.0) -> None:
        self.every = every
        self._since = 0.0
        self._count = 0
        self._addresses: set[str] = set()

    def refused(self, address: str, reason: str) -> None:
        now = time.monotonic()
        if now - self._since >= self.every:
            if self._count:
                log.info(
                    "%d more tokens refused in the last %d s, from %d address(es)",
                    self._count,
                    int(now - self._since),
                    len(self._addresses),
                )
            log.info("token refused (from %s): %s", address, reason)
            self._since, self._count, self._addresses = now, 0, set()
            return
        self._count += 1
        self._addresses.add(address)


class SweptStorage(MemoryStorage):
    """limits' memory storage, with its sweep of expired keys at most once a minute.

    The library starts a timer thread for the sweep on nearly every hit: about a tenth of a
    millisecond and a hand-off of the GIL per request, which made the reads a third slower.
    A fixed window's counter expires lazily on its next read anyway (``get``); the sweep only
    frees the keys of callers who did not come back."""

    SWEEP_EVERY = 60.0

    def __init__(self) -> None:
        self._next_sweep = 0.0
        super().__init__()

    def _MemoryStorage__schedule_expiry(self) -> None:  # the library's private hook
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + self.SWEEP_EVERY
            super()._MemoryStorage__schedule_expiry()  # type: ignore[misc]


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self._limiter = FixedWindowRateLimiter(SweptStorage())
        self.enabled = settings.rate_limits
        self._per_address = parse(settings.rate_limit_failed_auth_per_address)
        self._per_subject = parse(settings.rate_limit_failed_auth_per_subject)
        self._per_person = parse(settings.rate_limit_person)
        self._per_client = parse(settings.rate_limit_client)
        self.refused_tokens = RefusedTokens()
        # The hot path stays cheap: the failure counters are looked at (and the token's claimed
        # subject read) only within one window of the last refused token.
        self._failure_window = max(self._per_address.get_expiry(), self._per_subject.get_expiry())
        self._last_failure = -math.inf

    def check_failures(self, address: str, token: str) -> None:
        """429 while the address or the token's subject has failed too often."""
        if not self.enabled or time.monotonic() - self._last_failure > self._failure_window:
            return
        for item, key in (
            (self._per_address, ("address", address)),
            (self._per_subject, ("subject", claimed_subject(token))),
        ):
            if not self._limiter.test(item, *key):
                raise self._refusal(
                    item,
                    key,
                    msg("too-many-failed-authentications"),
                    "too-many-failed-authentications",
                )

    def failed(self, address: str, token: str, reason: str) -> None:
        self.refused_tokens.refused(address, reason)
        self._last_failure = time.monotonic()
        if self.enabled:
            self._limiter.hit(self._per_address, "address", address)
            self._limiter.hit(self._per_subject, "subject", claimed_subject(token))

    def request(self, actor: Actor) -> None:
        """Count a request of ``actor``; 429 once a person or client has made too many."""
        if not self.enabled:
            return
        item = self._per_client if actor.is_client else self._per_person
        key = (actor.kind, actor.subject)
        if not self._limiter.hit(item, *key):
            raise self._refusal(item, key, msg("too-many-requests"), "too-many-requests")

    def _refusal(
        self, item: RateLimitItem, key: tuple[str, str], detail: Message, code: str
    ) -> TooManyRequests:
        reset = self._limiter.get_window_stats(item, *key).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        return TooManyRequests(detail, code=code, headers={"Retry-After": str(wait)})
