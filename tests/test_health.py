"""GET /v1/health and /v1/health/ready."""

from __future__ import annotations

from sqlalchemy import text

from app.migrate import head_revision
from tests.conftest import make_client


async def test_health_is_public_and_alive(client):
    response = await client.get("/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_ready_when_database_answers_at_head(client):
    response = await client.get("/v1/health/ready")
    assert response.status_code == 200
    assert response.json()["schemaRevision"] == head_revision()


async def test_not_ready_when_migrations_are_behind(client, connection):
    await connection.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    response = await client.get("/v1/health/ready")
    assert response.status_code == 503
    assert response.json()["code"] == "migrations-pending"
    assert response.headers["Retry-After"].isdigit()
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_not_ready_when_database_is_unreachable(app_factory):
    app = app_factory(database_url="postgresql://nobody@127.0.0.1:9/nothing")
    async with make_client(app) as client:
        response = await client.get("/v1/health/ready")
        assert response.status_code == 503
        assert response.json()["code"] == "database-unavailable"
        assert response.headers["Retry-After"].isdigit()
        alive = await client.get("/v1/health")
        assert alive.status_code == 200
    await app.state.engine.dispose()
