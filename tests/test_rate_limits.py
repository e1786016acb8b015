"""Rate limits (issue 16): failed authentications per client address and per claimed subject,
requests per person and per client; 429 problem+json with Retry-After; refused tokens logged
in aggregate."""

from __future__ import annotations

import logging

import jwt
import pytest

from tests.conftest import bind_sessions, make_client, restore_sessions

FORGED = jwt.encode({"sub": "100003", "roles": ["hr"]}, "not-the-key-of-this-service-1234", "HS256")


@pytest.fixture
def limited(app_factory, sessionmaker):
    """An app with small limits, on the test's transaction."""
    made = []

    def make(**limits):
        app = app_factory(**limits)
        original = bind_sessions(app, sessionmaker)
        made.append((app, original))
        return make_client(app)

    yield make
    for app, original in made:
        restore_sessions(app, original)


def _too_many(response, code: str) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code
    assert 1 <= int(response.headers["Retry-After"]) <= 60


async def test_failed_authentications_per_address_answer_429(limited, auth):
    async with limited(rate_limit_failed_auth_per_address="3/minute") as client:
        forged = {"Authorization": f"Bearer {FORGED}"}
        for _ in range(3):
            assert (await client.get("/v1/me", headers=forged)).status_code == 401
        _too_many(await client.get("/v1/me", headers=forged), "too-many-failed-authentications")
        # The address is held back, whatever it sends now.
        _too_many(
            await client.get("/v1/me", headers=auth(role="hr", sub="100003")),
            "too-many-failed-authentications",
        )


async def test_failed_authentications_per_subject_answer_429(limited, auth):
    async with limited(rate_limit_failed_auth_per_subject="2/minute") as client:
        forged = {"Authorization": f"Bearer {FORGED}"}  # claims to be 100003
        for _ in range(2):
            assert (await client.get("/v1/me", headers=forged)).status_code == 401
        _too_many(await client.get("/v1/me", headers=forged), "too-many-failed-authentications")
        # Another subject from the same address is not held back by 100003's failures.
        assert (await client.get("/v1/me", headers=auth(sub="100001"))).status_code == 200


async def test_requests_per_person_and_per_client_answer_429(limited, auth, org):
    async with limited(rate_limit_person="3/minute", rate_limit_client="2/minute") as client:
        mo, mila = auth(sub="100001"), auth(role="manager", sub="100002")
        for _ in range(3):
            assert (await client.get("/v1/me", headers=mo)).status_code == 200
        _too_many(await client.get("/v1/me", headers=mo), "too-many-requests")
        assert (await client.get("/v1/me", headers=mila)).status_code == 200  # her own count
        hris = auth(client="hris", scopes=["people:read"])
        for _ in range(2):
            assert (await client.get("/v1/employees", headers=hris)).status_code == 200
        _too_many(await client.get("/v1/employees", headers=hris), "too-many-requests")


async def test_refused_tokens_are_logged_in_aggregate_not_one_line_each(limited, caplog):
    async with limited() as client:
        forged = {"Authorization": f"Bearer {FORGED}"}
        with caplog.at_level(logging.INFO, logger="app.auth"):
            for _ in range(50):
                assert (await client.get("/v1/me", headers=forged)).status_code == 401
        lines = [r for r in caplog.records if r.name == "app.auth"]
        assert len(lines) == 1 and "token refused" in lines[0].getMessage()


def test_a_rate_that_is_not_one_is_refused_at_start(tmp_path):
    from pydantic import ValidationError

    from app.config import Settings

    with pytest.raises(ValidationError, match="not a rate"):
        Settings(data_dir=tmp_path, rate_limit_person="lots")
