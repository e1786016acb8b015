"""Sign-in by OpenID Connect discovery (issue 19): GOEDGESPREK_OIDC_ISSUER → the provider's
.well-known/openid-configuration → its jwks_uri; keys cached and fetched again when the provider
rotates them; claims mapped by configuration. Against a real local HTTP server that plays the
identity provider."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from app.auth import TokenVerifier
from app.config import Settings
from app.errors import NotAuthenticated, ServiceUnavailable


class Provider:
    """A minimal OIDC provider: discovery, a JWKS it can rotate, and signed tokens."""

    def __init__(self) -> None:
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.requests: list[str] = []
        self.rotate("key-1")
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                provider.requests.append(self.path)
                if self.path == "/realms/gemeente/.well-known/openid-configuration":
                    body = {
                        "issuer": provider.issuer,
                        "jwks_uri": f"{provider.base}/realms/gemeente/certs",
                        "authorization_endpoint": f"{provider.base}/auth",
                        "token_endpoint": f"{provider.base}/token",
                    }
                elif self.path == "/realms/gemeente/certs":
                    body = {"keys": [provider.jwk(kid) for kid in provider.keys]}
                else:
                    self.send_error(404)
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.issuer = f"{self.base}/realms/gemeente"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def rotate(self, kid: str) -> None:
        self.keys = {kid: rsa.generate_private_key(public_exponent=65537, key_size=2048)}

    def jwk(self, kid: str) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.keys[kid].public_key()))
        return {**public, "kid": kid, "use": "sig", "alg": "RS256"}

    def token(self, **claims) -> str:
        (kid, key), now = next(iter(self.keys.items())), int(time.time())
        body = {"iss": self.issuer, "aud": "goedgesprek", "iat": now, "exp": now + 300, **claims}
        return jwt.encode(body, key, algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def provider() -> Iterator[Provider]:
    found = Provider()
    yield found
    found.server.shutdown()


def settings(provider: Provider, **extra) -> Settings:
    return Settings(
        auth_mode="jwks",
        oidc_issuer=provider.issuer,
        jwt_audience="goedgesprek",
        database_url="postgresql://unused@127.0.0.1:9/x",
        **extra,
    )


def test_oidc_discovery_finds_the_issuer_and_the_keys(provider):
    verifier = TokenVerifier(settings(provider))
    assert verifier.fetches_keys  # verified off the event loop
    actor = verifier.verify(provider.token(sub="100001", roles=["manager"]))
    assert (actor.kind, actor.subject, {r.value for r in actor.roles}) == (
        "person",
        "100001",
        {"manager"},
    )
    assert provider.requests[:2] == [
        "/realms/gemeente/.well-known/openid-configuration",
        "/realms/gemeente/certs",
    ]
    # A token of another issuer is refused, signature or not.
    other = jwt.encode(
        {"iss": "https://elsewhere", "aud": "goedgesprek", "exp": time.time() + 60, "sub": "1"},
        next(iter(provider.keys.values())),
        algorithm="RS256",
        headers={"kid": "key-1"},
    )
    with pytest.raises(NotAuthenticated):
        verifier.verify(other)


def test_rotated_keys_are_fetched_again_and_old_tokens_stop_working(provider, monkeypatch):
    monkeypatch.setattr("app.auth.KEY_REFETCH_COOLDOWN", 0.0)  # no waiting in a test
    verifier = TokenVerifier(settings(provider))
    old = provider.token(sub="100001", roles=["employee"])
    assert verifier.verify(old).subject == "100001"
    provider.rotate("key-2")
    fresh = provider.token(sub="100002", roles=["employee"])
    assert verifier.verify(fresh).subject == "100002"  # an unknown kid: the keys again
    assert provider.requests.count("/realms/gemeente/certs") == 2
    with pytest.raises(NotAuthenticated):
        TokenVerifier(settings(provider)).verify(old)  # its key is gone


def test_the_claims_are_mapped_by_configuration(provider):
    """A provider whose personnel number is employeeNumber and whose roles sit in
    realm_access.roles (Keycloak's shape); a service client with its scopes in scp."""
    verifier = TokenVerifier(
        settings(
            provider,
            claim_personnel_number="employeeNumber",
            claim_roles="realm_access.roles",
            claim_scopes="scp",
            claim_client_id="azp",
        )
    )
    person = verifier.verify(
        provider.token(
            sub="f3a1c9e2-user-guid",
            employeeNumber="100003",
            realm_access={"roles": ["hr", "offline_access"]},
        )
    )
    assert (person.kind, person.subject, {r.value for r in person.roles}) == (
        "person",
        "100003",
        {"hr"},
    )
    client = verifier.verify(provider.token(sub="hris", azp="hris", scp="people:write"))
    assert (client.kind, client.subject, client.scopes) == ("client", "hris", {"people:write"})
    with pytest.raises(NotAuthenticated):
        verifier.verify(provider.token(sub="x", realm_access={"roles": ["hr"]}))  # no number


def test_a_provider_that_cannot_be_reached_is_a_503_not_a_401(provider):
    verifier = TokenVerifier(settings(provider))
    token = provider.token(sub="100001", roles=["employee"])
    provider.server.shutdown()
    provider.server.server_close()
    with pytest.raises(ServiceUnavailable):
        verifier.verify(token)


def test_jwks_mode_starts_with_an_oidc_issuer_alone():
    Settings(
        auth_mode="jwks",
        oidc_issuer="https://login.example.nl/realms/gemeente",
        jwt_audience="goedgesprek",
        database_url="postgresql://unused@127.0.0.1:9/x",
    ).check_startup()


def test_the_openapi_document_offers_the_provider_when_one_is_configured(app_factory):
    app = app_factory(
        auth_mode="jwks",
        oidc_issuer="https://login.example.nl/realms/gemeente",
        jwt_audience="goedgesprek",
    )
    document = app.openapi()
    scheme = document["components"]["securitySchemes"]["openIdConnect"]
    assert scheme == {
        "type": "openIdConnect",
        "description": "The organisation's identity provider (authorization code with PKCE).",
        "openIdConnectUrl": (
            "https://login.example.nl/realms/gemeente/.well-known/openid-configuration"
        ),
    }
    me = document["paths"]["/me"]["get"]
    assert me["security"] == [{"bearerAuth": []}, {"openIdConnect": []}]
