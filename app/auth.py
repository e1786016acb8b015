"""Bearer-token authentication: every request resolves to one :class:`Actor`.

Two modes (``GOEDGESPREK_AUTH_MODE``):

* ``local`` — HS256 tokens signed with a random secret kept in the data directory; minted by
  ``goedgesprek token``. For development, the demo and tests.
* ``jwks`` — production: RS256/ES256 tokens from the organisation's identity provider, checked
  against a JWKS (file or URL), ``iss``, ``aud`` and ``exp``. ``alg: none`` and symmetric
  algorithms are refused because only the configured asymmetric algorithms are accepted.

A token whose ``sub`` equals its ``client_id`` is a service client (RFC 9068 § 2.2, client
credentials); its permissions are the space-separated ``scope``. Any other token is a person
whose ``sub`` is the personnel number and whose ``roles`` claim lists employee/manager/hr.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
import urllib.request
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import jwt

from app.config import AuthMode, Settings
from app.errors import Forbidden, NotAuthenticated, ServiceUnavailable
from app.messages import Message, joined, msg

LOCAL_ALGORITHM = "HS256"
log = logging.getLogger(__name__)


class Role(StrEnum):
    employee = "employee"
    manager = "manager"
    hr = "hr"


@dataclass(frozen=True)
class Actor:
    """Who is asking: a person (personnel number, roles) or a service client (scopes)."""

    kind: str  # "person" | "client" | "system"
    subject: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)
    on_behalf_of: str | None = None
    """For the audit trail only: the person a service client says it acts for."""

    @property
    def is_client(self) -> bool:
        return self.kind == "client"

    def has_role(self, role: Role) -> bool:
        return self.kind == "person" and role in self.roles

    def has_scope(self, scope: str) -> bool:
        return self.kind == "client" and scope in self.scopes


SYSTEM_ACTOR = Actor(kind="system", subject="goedgesprek")


def require_any(
    actor: Actor, *, roles: tuple[Role, ...] = (), scopes: tuple[str, ...] = ()
) -> None:
    """Raise 403 unless the actor has one of ``roles`` (person) or ``scopes`` (client)."""
    if any(actor.has_role(r) for r in roles) or any(actor.has_scope(s) for s in scopes):
        return
    wanted = [msg("forbidden.needs-role", role=r.value) for r in roles] + [
        msg("forbidden.needs-scope", scope=s) for s in scopes
    ]
    raise Forbidden(msg("forbidden.needs", wanted=joined(wanted, msg("or"))))


def _unauthenticated(detail: Message) -> NotAuthenticated:
    # The challenge is a fixed ASCII text: nothing from the token may reach a header.
    challenge = (
        'Bearer realm="goedgesprek", error="invalid_token", '
        'error_description="The access token is invalid or expired"'
    )
    return NotAuthenticated(detail, headers={"WWW-Authenticate": challenge})


def missing_token() -> NotAuthenticated:
    return NotAuthenticated(
        msg("not-authenticated.missing-token"),
        headers={"WWW-Authenticate": 'Bearer realm="goedgesprek"'},
    )


def load_or_create_local_secret(path: Path) -> str:
    """The HS256 secret of local mode: random, made once, readable by the owner only."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    path.touch(mode=0o600)
    path.write_text(secret)
    return secret


VERIFIED_TOKEN_SECONDS = 300
"""How long a verified token is answered from memory at most: a key withdrawn from the JWKS
stops being honoured within this time, as PyJWKClient refreshes its keys."""


class VerifiedTokens:
    """Tokens whose signature and claims were checked, with the actor they stand for: checking
    an RS256 signature and the claims costs more than the rest of a simple read. Keyed by the
    whole token (signature included), bounded, and never past the token's ``exp``. Only the
    token's own claims are kept: what the actor may see is looked up on every request."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._entries: OrderedDict[str, tuple[Actor, float]] = OrderedDict()
        self._lock = threading.Lock()  # JWKS-URL mode verifies in worker threads

    def get(self, token: str, now: float) -> Actor | None:
        with self._lock:
            entry = self._entries.get(token)
            if entry is None:
                return None
            if entry[1] <= now:
                del self._entries[token]
                return None
            self._entries.move_to_end(token)
            return entry[0]

    def put(self, token: str, actor: Actor, until: float) -> None:
        with self._lock:
            self._entries[token] = (actor, until)
            self._entries.move_to_end(token)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        settings.check_startup()
        self.settings = settings
        self._verified = VerifiedTokens()
        self._issuer = settings.jwt_issuer
        self._key: Any
        if settings.auth_mode is AuthMode.local:
            self._algorithms = [LOCAL_ALGORITHM]
            self._key = load_or_create_local_secret(settings.local_key_file)
            self._jwks_client = None
        else:
            self._algorithms = list(settings.jwt_algorithms)
            if settings.jwks_file:
                self._jwk_set = jwt.PyJWKSet.from_json(Path(settings.jwks_file).read_text())
                self._jwks_client = None
            elif settings.jwks_url:
                self._jwks_client = jwt.PyJWKClient(settings.jwks_url, cache_keys=True)
            else:  # OIDC discovery, on the first token (the provider may still be starting)
                self._jwks_client = _Discovered(settings.oidc_issuer or "", self)

    @property
    def fetches_keys(self) -> bool:
        """Verification may fetch the JWKS over the network (blocking I/O)."""
        return self._jwks_client is not None

    def _signing_key(self, token: str) -> Any:
        """The key to check ``token`` with: the local secret, or a ``PyJWK`` from the JWKS.

        A ``PyJWK`` (not its raw key) makes PyJWT refuse a token whose ``alg`` header does not
        match the key's own algorithm, instead of failing deep inside the crypto library.
        """
        if self.settings.auth_mode is AuthMode.local:
            return self._key
        if self._jwks_client is not None:
            return self._jwks_client.get_signing_key_from_jwt(token)
        kid = jwt.get_unverified_header(token).get("kid")
        keys = [k for k in self._jwk_set.keys if kid is None or k.key_id == kid]
        if not keys:
            raise jwt.InvalidTokenError("no key in the JWKS matches the token's kid")
        return keys[0]

    def verify(self, token: str) -> Actor:
        """The actor of a valid token; 401 for anything else. A token verified before is
        answered from memory (``VerifiedTokens``) until it expires, at most five minutes."""
        now = time.time()
        actor = self._verified.get(token, now)
        if actor is not None:
            return actor
        actor, expires = self._decode(token)
        self._verified.put(token, actor, min(expires, now + VERIFIED_TOKEN_SECONDS))
        return actor

    def _decode(self, token: str) -> tuple[Actor, float]:
        try:
            claims = jwt.decode(
                token,
                self._signing_key(token),
                algorithms=self._algorithms,
                audience=self.settings.jwt_audience,
                issuer=self._issuer,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise _unauthenticated(msg("not-authenticated.expired")) from exc
        except jwt.PyJWKClientConnectionError as exc:
            log.warning("JWKS could not be fetched", exc_info=True)
            raise ServiceUnavailable(
                msg("identity-provider-unavailable"),
                code="identity-provider-unavailable",
                headers={"Retry-After": "10"},
            ) from exc
        except (jwt.PyJWTError, TypeError, ValueError) as exc:
            # The reason goes to the log (in aggregate, app/api/limits.py); the client gets a
            # fixed text, since the exception may quote parts of the (attacker-controlled)
            # token such as its kid.
            error = _unauthenticated(msg("not-authenticated.invalid"))
            error.reason = str(exc)
            raise error from exc
        return actor_from_claims(claims, self.settings), float(claims["exp"])


KEY_REFETCH_COOLDOWN = 30.0
"""Seconds between two fetches of the keys for an unknown key id: a provider's new key is
taken up within this time after the first token signed with it, and a flood of made-up key ids
costs the provider one request per period."""


class _Discovered:
    """OIDC discovery (issue 19): ``{issuer}/.well-known/openid-configuration`` names the
    provider's issuer and its keys (``jwks_uri``); read on the first token, then the keys are
    PyJWKClient's: cached, and fetched again for a key id it does not know (rotation)."""

    def __init__(self, issuer: str, verifier: TokenVerifier) -> None:
        self._url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        self._verifier = verifier
        self._client: jwt.PyJWKClient | None = None
        self._lock = threading.Lock()

    def get_signing_key_from_jwt(self, token: str) -> Any:
        return self._keys().get_signing_key_from_jwt(token)

    def _keys(self) -> jwt.PyJWKClient:
        with self._lock:
            if self._client is None:
                try:
                    with urllib.request.urlopen(self._url, timeout=10) as response:  # noqa: S310
                        found = json.load(response)
                    issuer, keys = found["issuer"], found["jwks_uri"]
                except (OSError, ValueError, KeyError, TypeError) as exc:
                    raise jwt.PyJWKClientConnectionError(
                        f"OIDC discovery at {self._url} failed: {exc}"
                    ) from exc
                self._verifier._issuer = issuer  # the tokens' iss is the provider's own
                self._client = jwt.PyJWKClient(
                    keys, cache_keys=True, cooldown_duration=KEY_REFETCH_COOLDOWN
                )
            return self._client


def _claim(claims: dict[str, Any], path: str) -> Any:
    """A claim by name, or by a dotted path into nested claims (``realm_access.roles``)."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _string_list(value: Any, claim: str) -> list[str]:
    """A claim that is a space-separated string or a list of strings; anything else is bad."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise _unauthenticated(msg("not-authenticated.claim-not-a-list", claim=claim))


def actor_from_claims(claims: dict[str, Any], settings: Settings | None = None) -> Actor:
    """The actor of verified claims, read through the configured claim names (issue 19): a
    service client when its client id claim equals ``sub``, otherwise a person whose personnel
    number and roles are the configured claims."""
    names = {
        "number": settings.claim_personnel_number if settings else "sub",
        "roles": settings.claim_roles if settings else "roles",
        "scopes": settings.claim_scopes if settings else "scope",
        "client": settings.claim_client_id if settings else "client_id",
    }
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise _unauthenticated(msg("not-authenticated.claim-empty", claim="sub"))
    if _claim(claims, names["client"]) == subject:
        scopes = frozenset(_string_list(_claim(claims, names["scopes"]), names["scopes"]))
        return Actor(kind="client", subject=subject, scopes=scopes)
    number = _claim(claims, names["number"])
    if not isinstance(number, str) or not number:
        raise _unauthenticated(msg("not-authenticated.claim-empty", claim=names["number"]))
    subject = number
    raw_roles = _string_list(_claim(claims, names["roles"]), names["roles"])
    roles = frozenset(Role(r) for r in raw_roles if r in Role.__members__)
    if not roles:
        raise _unauthenticated(msg("not-authenticated.no-known-role"))
    return Actor(kind="person", subject=subject, roles=roles)


def mint_local_token(
    settings: Settings,
    *,
    subject: str,
    roles: list[str] | None = None,
    client_scopes: list[str] | None = None,
    ttl_minutes: int | None = None,
) -> str:
    """A local-mode token for a person (``roles``) or a service client (``client_scopes``)."""
    if settings.auth_mode is not AuthMode.local:
        raise RuntimeError("tokens can only be minted in local auth mode")
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": subject,
        "iat": now,
        "exp": now + 60 * (ttl_minutes or settings.token_ttl_minutes),
        "jti": secrets.token_hex(8),
    }
    if client_scopes is not None:
        claims["client_id"] = subject
        claims["scope"] = " ".join(client_scopes)
    else:
        claims["roles"] = [Role(r).value for r in roles or []]
    secret = load_or_create_local_secret(settings.local_key_file)
    return jwt.encode(claims, secret, algorithm=LOCAL_ALGORITHM)
