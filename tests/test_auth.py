"""Bearer tokens: local HS256 mode and production JWKS mode (RS256/ES256)."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from app.auth import Role, TokenVerifier, actor_from_claims, mint_local_token
from app.config import AuthMode, ConfigurationError, Settings
from app.errors import NotAuthenticated


async def test_missing_token_is_401_with_www_authenticate(client):
    response = await client.get("/v1/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="goedgesprek"')
    assert response.json()["code"] == "not-authenticated"


async def test_token_only_in_authorization_header_not_in_query(client, token):
    response = await client.get(f"/v1/me?access_token={token()}")
    assert response.status_code == 401


async def test_person_token_resolves_to_actor(client, auth):
    response = await client.get("/v1/me", headers=auth(role=["manager", "employee"], sub="200002"))
    assert response.status_code == 200
    assert response.json() == {
        "kind": "person",
        "subject": "200002",
        "roles": ["employee", "manager"],
        "scopes": [],
        "employee": None,  # not synchronised from the HR system
    }


async def test_client_token_resolves_to_service_client(client, auth):
    response = await client.get("/v1/me", headers=auth(client="hris", scopes=["people:write"]))
    assert response.json() == {
        "kind": "client",
        "subject": "hris",
        "roles": [],
        "scopes": ["people:write"],
        "employee": None,
    }


async def test_expired_token_is_401(client, token):
    response = await client.get("/v1/me", headers={"Authorization": f"Bearer {token(ttl=-1)}"})
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


async def test_token_signed_with_another_secret_is_401(client, settings):
    other = settings.model_copy(update={"data_dir": settings.data_dir / "elsewhere"})
    forged = mint_local_token(other, subject="100001", roles=["hr"])
    response = await client.get("/v1/me", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401


def _unsigned(claims: dict) -> str:
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


async def test_alg_none_is_refused(client, settings):
    claims = {
        "sub": "100001",
        "roles": ["hr"],
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "exp": int(time.time()) + 600,
    }
    response = await client.get("/v1/me", headers={"Authorization": f"Bearer {_unsigned(claims)}"})
    assert response.status_code == 401


async def test_wrong_scheme_or_garbage_is_401(client):
    for value in ["Basic dXNlcjpwYXNz", "Bearer not-a-jwt", "Bearer"]:
        response = await client.get("/v1/me", headers={"Authorization": value})
        assert response.status_code == 401, value


def test_unknown_roles_are_ignored_and_no_known_role_is_no_identity():
    with pytest.raises(NotAuthenticated):
        actor_from_claims({"sub": "1", "roles": ["superuser"]})
    actor = actor_from_claims({"sub": "1", "roles": ["hr", "superuser"]})
    assert actor.roles == frozenset({Role.hr})


def _jwks_settings(tmp_path, public_jwk: dict, **extra) -> Settings:
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [public_jwk]}))
    return Settings(
        database_url="postgresql://unused@localhost/unused",
        data_dir=tmp_path,
        auth_mode=AuthMode.jwks,
        jwks_file=jwks,
        jwt_issuer="https://idp.maastricht.example",
        jwt_audience="goedgesprek",
        **extra,
    )


def _claims(**overrides) -> dict:
    claims = {
        "sub": "300003",
        "roles": ["manager"],
        "iss": "https://idp.maastricht.example",
        "aud": "goedgesprek",
        "exp": int(time.time()) + 600,
    }
    claims.update(overrides)
    return claims


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_production_mode_verifies_asymmetric_tokens_against_jwks(tmp_path, algorithm):
    if algorithm == "RS256":
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    else:
        private = ec.generate_private_key(ec.SECP256R1())
        public_jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private.public_key()))
    public_jwk.update({"kid": "k1", "alg": algorithm, "use": "sig"})
    verifier = TokenVerifier(_jwks_settings(tmp_path, public_jwk))

    good = jwt.encode(_claims(), private, algorithm=algorithm, headers={"kid": "k1"})
    actor = verifier.verify(good)
    assert actor.subject == "300003" and actor.roles == frozenset({Role.manager})

    for bad_claims in [_claims(iss="https://other"), _claims(aud="other"), _claims(exp=1)]:
        bad = jwt.encode(bad_claims, private, algorithm=algorithm, headers={"kid": "k1"})
        with pytest.raises(NotAuthenticated):
            verifier.verify(bad)
    without_exp = _claims()
    del without_exp["exp"]
    with pytest.raises(NotAuthenticated):
        verifier.verify(jwt.encode(without_exp, private, algorithm=algorithm))
    with pytest.raises(NotAuthenticated):
        verifier.verify(_unsigned(_claims()))
    # A symmetric token (HS256) is refused in production mode, whatever its secret.
    with pytest.raises(NotAuthenticated):
        verifier.verify(jwt.encode(_claims(), "a-shared-secret-of-32-bytes-long!", "HS256"))


def test_production_mode_refuses_to_start_without_configuration(tmp_path, app_factory):
    bare = Settings(
        database_url="postgresql://unused@localhost/unused",
        data_dir=tmp_path,
        auth_mode=AuthMode.jwks,
    )
    with pytest.raises(ConfigurationError, match="JWKS"):
        TokenVerifier(bare)
    with pytest.raises(ConfigurationError):
        app_factory(auth_mode=AuthMode.jwks, jwks_file=None, jwks_url=None)


def test_production_mode_only_accepts_asymmetric_algorithms():
    with pytest.raises(ValueError, match="jwt_algorithms"):
        Settings(jwt_algorithms=["HS256"])


def test_local_secret_is_private_to_its_owner(settings):
    mint_local_token(settings, subject="1", roles=["employee"])
    assert (settings.local_key_file.stat().st_mode & 0o077) == 0


def test_local_mode_is_the_default_only_with_the_embedded_database(tmp_path):
    assert Settings(data_dir=tmp_path).auth_mode is AuthMode.local
    with_db = Settings(database_url="postgresql://x@localhost/x", data_dir=tmp_path)
    assert with_db.auth_mode is AuthMode.jwks
    with pytest.raises(ConfigurationError):
        with_db.check_startup()


def test_a_token_whose_alg_does_not_fit_the_key_is_401_not_500(tmp_path):
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key()))
    public_jwk.update({"kid": "k1", "alg": "RS256"})
    verifier = TokenVerifier(_jwks_settings(tmp_path, public_jwk))
    ec_key = ec.generate_private_key(ec.SECP256R1())
    mismatched = jwt.encode(_claims(), ec_key, algorithm="ES256", headers={"kid": "k1"})
    with pytest.raises(NotAuthenticated):
        verifier.verify(mismatched)


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "1", "roles": 123},
        {"sub": "1", "roles": True},
        {"sub": "1", "roles": [["hr"]]},
        {"sub": "1", "roles": {"hr": 1}},
        {"sub": 42, "roles": ["hr"]},
        {"sub": "c", "client_id": "c", "scope": {"a": 1}},
    ],
)
def test_malformed_claims_are_401_not_500(claims):
    with pytest.raises(NotAuthenticated):
        actor_from_claims(claims)


def test_scope_may_be_a_list_of_strings():
    actor = actor_from_claims({"sub": "c", "client_id": "c", "scope": ["a:read", "b:write"]})
    assert actor.scopes == {"a:read", "b:write"}


async def test_nothing_from_the_token_reaches_the_challenge_header(client):
    header = {"alg": "HS256", "kid": "k\u20ac\r\nX-Evil: 1"}
    forged = jwt.encode({"sub": "1"}, "x" * 32, algorithm="HS256", headers=header)
    response = await client.get("/v1/me", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.isascii() and "Evil" not in challenge


def test_unreachable_identity_provider_is_503_not_401(tmp_path):
    from app.errors import ServiceUnavailable

    settings = Settings(
        database_url="postgresql://unused@localhost/unused",
        data_dir=tmp_path,
        auth_mode=AuthMode.jwks,
        jwks_url="http://127.0.0.1:9/jwks.json",
        jwt_issuer="https://idp.maastricht.example",
    )
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(_claims(), private, algorithm="RS256", headers={"kid": "k1"})
    verifier = TokenVerifier(settings)
    assert verifier.fetches_keys
    with pytest.raises(ServiceUnavailable) as raised:
        verifier.verify(token)
    assert raised.value.headers["Retry-After"].isdigit()
    assert "127.0.0.1" not in raised.value.detail


def test_a_verified_token_is_remembered_until_it_expires_and_no_longer():
    from app.auth import Actor, VerifiedTokens

    tokens = VerifiedTokens(size=2)
    actor = Actor(kind="person", subject="100001")
    tokens.put("a", actor, until=100.0)
    assert tokens.get("a", now=99.0) is actor
    assert tokens.get("a", now=100.0) is None  # expired: forgotten, verified afresh
    assert tokens.get("a", now=50.0) is None
    tokens.put("b", actor, until=200.0)
    tokens.put("c", actor, until=200.0)
    tokens.put("d", actor, until=200.0)  # bounded: the least recently used goes
    assert tokens.get("b", now=1.0) is None
    assert tokens.get("d", now=1.0) is actor


def test_a_remembered_verification_ends_with_the_tokens_expiry(settings):
    verifier = TokenVerifier(settings)
    token = mint_local_token(settings, subject="100001", roles=["employee"], ttl_minutes=2)
    actor = verifier.verify(token)
    exp = jwt.decode(token, options={"verify_signature": False})["exp"]
    assert verifier._verified.get(token, now=exp - 1) is actor
    assert verifier._verified.get(token, now=exp) is None  # then it is verified (and refused)
