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

import secrets
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import jwt

from app.config import AuthMode, Settings
from app.errors import Forbidden, NotAuthenticated

LOCAL_ALGORITHM = "HS256"


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
    wanted = [f"role {r.value}" for r in roles] + [f"scope {s}" for s in scopes]
    raise Forbidden("This needs " + " or ".join(wanted) + ".")


def _unauthenticated(detail: str, *, error: str = "invalid_token") -> NotAuthenticated:
    description = detail.replace('"', "'")
    challenge = f'Bearer realm="goedgesprek", error="{error}", error_description="{description}"'
    return NotAuthenticated(detail, headers={"WWW-Authenticate": challenge})


def missing_token() -> NotAuthenticated:
    return NotAuthenticated(
        "This request needs a bearer token in the Authorization header.",
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


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        settings.check_production_auth()
        self.settings = settings
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
            else:
                self._jwks_client = jwt.PyJWKClient(settings.jwks_url, cache_keys=True)

    @property
    def fetches_keys(self) -> bool:
        """Verification may fetch the JWKS over the network (blocking I/O)."""
        return self._jwks_client is not None

    def _signing_key(self, token: str) -> Any:
        if self.settings.auth_mode is AuthMode.local:
            return self._key
        if self._jwks_client is not None:
            return self._jwks_client.get_signing_key_from_jwt(token).key
        kid = jwt.get_unverified_header(token).get("kid")
        keys = [k for k in self._jwk_set.keys if kid is None or k.key_id == kid]
        if not keys:
            raise jwt.InvalidTokenError("no key in the JWKS matches the token's kid")
        return keys[0].key

    def verify(self, token: str) -> Actor:
        try:
            claims = jwt.decode(
                token,
                self._signing_key(token),
                algorithms=self._algorithms,
                audience=self.settings.jwt_audience,
                issuer=self.settings.jwt_issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise _unauthenticated("The token has expired.") from exc
        except (jwt.InvalidTokenError, jwt.PyJWKClientError, ValueError) as exc:
            raise _unauthenticated(f"The token is not valid: {exc}.") from exc
        return actor_from_claims(claims)


def actor_from_claims(claims: dict[str, Any]) -> Actor:
    subject = str(claims["sub"])
    if claims.get("client_id") and claims["client_id"] == subject:
        scopes = frozenset(str(claims.get("scope", "")).split())
        return Actor(kind="client", subject=subject, scopes=scopes)
    raw_roles = claims.get("roles") or []
    if isinstance(raw_roles, str):
        raw_roles = raw_roles.split()
    roles = frozenset(Role(r) for r in raw_roles if r in Role.__members__)
    if not roles:
        raise _unauthenticated("The token names no known role (employee, manager, hr).")
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
