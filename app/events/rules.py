"""The webhooks' rules, pure: which receiver URLs are acceptable, and when a failed delivery is
tried again."""

from __future__ import annotations

import ipaddress
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

MAX_ATTEMPTS = 10
"""The first attempt and nine retries: with the default base of 15 s, about three days."""
MAX_DELAY_SECONDS = 24 * 3600
GROWTH = 4
JITTER = 0.25


def retry_delay(
    failed_attempts: int, *, base: float, rand: random.Random | None = None
) -> float | None:
    """Seconds until the next attempt after ``failed_attempts`` failures; None when the retry
    schedule is spent. Exponential (``base`` × 4ⁿ⁻¹, at most a day) with ±25 % jitter, so that
    receivers coming back from an outage are not hit by every delivery at once."""
    if failed_attempts >= MAX_ATTEMPTS:
        return None
    delay = min(base * GROWTH ** (failed_attempts - 1), MAX_DELAY_SECONDS)
    spread = (rand or random).uniform(1 - JITTER, 1 + JITTER)
    return min(delay * spread, MAX_DELAY_SECONDS)


def schedule(base: float) -> list[float]:
    """The delays without jitter, for the documentation and its test."""
    return [min(base * GROWTH ** (n - 1), MAX_DELAY_SECONDS) for n in range(1, MAX_ATTEMPTS)]


def retry_after(value: str | None, now: datetime) -> float | None:
    """A receiver's ``Retry-After`` (seconds, or an HTTP date) in seconds, kept between one
    second and a day; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    seconds: float | None = None
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    return max(1.0, min(seconds, MAX_DELAY_SECONDS))


def public_address(address: str) -> bool:
    """An address on the internet: not loopback, private, link-local, multicast or reserved."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def url_problem(url: str, *, allow_private: bool) -> str | None:
    """Why a receiver URL is refused, or None. Names are resolved by the caller, whose
    addresses go through :func:`public_address` too."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "not a URL"
    if parts.scheme not in ("https", "http"):
        return "must be an https URL"
    if parts.scheme == "http" and not allow_private:
        return "must be an https URL (plain http only where the service allows it for tests)"
    if not parts.hostname:
        return "has no host"
    if parts.username is not None or parts.password is not None:
        return "must not hold credentials (the signature authenticates the service)"
    if parts.fragment:
        return "must not have a fragment"
    if port == 0:
        return "has port 0"
    host = parts.hostname
    if allow_private:
        return None
    if host == "localhost" or host.endswith(".localhost"):
        return "is on loopback, which is refused"
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return None  # a name: its addresses are checked when it is resolved
    if not public_address(str(literal)):
        return "is a loopback, private, link-local or reserved address, which is refused"
    return None
