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


async def test_metrics_for_prometheus_count_requests_by_route_template(client, auth):
    """Issue 19: /metrics, outside /v1 and the OpenAPI document: requests and latency per route
    template (never a concrete id), the database pools and the event outbox."""
    series = 'goedgesprek_http_requests_total{method="GET",route="/v1/talks/{talkId}",status="404"}'

    async def counted() -> float:
        for line in (await client.get("/metrics")).text.splitlines():
            if line.startswith(series):
                return float(line.split()[-1])
        return 0.0

    before = await counted()
    headers = auth(role="hr", sub="100003")
    for talk in ("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"):
        await client.get(f"/v1/talks/{talk}", headers=headers)
    assert await counted() == before + 2
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    body = response.text
    assert "11111111" not in body  # the template, not the path
    assert 'goedgesprek_http_request_duration_seconds_bucket{le="0.005",method="GET"' in body
    assert 'goedgesprek_db_pool_connections{pool="write",state="in_use"}' in body
    assert "goedgesprek_outbox_pending_events " in body
    assert "goedgesprek_outbox_lag_seconds " in body
    assert "/metrics" not in (await client.get("/v1/openapi.json")).json()["paths"]
