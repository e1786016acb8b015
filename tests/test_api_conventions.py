"""API conventions (the NL GOV API Design Rules, docs/design.md): headers, errors, paths."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import typing
from collections.abc import Iterator

import pytest

from app.config import API_VERSION
from app.logs import JsonFormatter, request_id_var
from tests.conftest import bind_sessions, make_client

PROBLEM = "application/problem+json"
GOOD_PROBE = {"name": "alpha", "weight": 10, "dueDate": "2026-12-01"}


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["title"] and body["detail"] and body["type"].endswith(code)
    assert response.headers["API-Version"] == API_VERSION
    return body


async def test_openapi_is_public_with_contact_and_semver_version(client):
    response = await client.get("/v1/openapi.json")
    assert response.status_code == 200
    info = response.json()["info"]
    assert info["version"] == API_VERSION == response.headers["API-Version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", info["version"])
    assert {"name", "email", "url"} <= set(info["contact"])
    assert response.json()["servers"] == [{"url": "/v1", "description": "This server, version 1."}]


async def test_api_version_header_on_success_and_on_errors(client, auth):
    for path, status in [("/v1/health", 200), ("/v1/me", 401), ("/v1/unknown", 404)]:
        response = await client.get(path)
        assert response.status_code == status
        assert response.headers["API-Version"] == API_VERSION
    response = await client.get("/v1/me", headers=auth(role="hr"))
    assert response.headers["API-Version"] == API_VERSION


async def test_unknown_route_is_404_problem(client):
    body = assert_problem(await client.get("/v1/no-such-thing"), 404, "not-found")
    assert body["instance"] == "/v1/no-such-thing"


async def test_trailing_slash_is_404_not_a_redirect(client):
    response = await client.get("/v1/health/", follow_redirects=False)
    assert_problem(response, 404, "not-found")


async def test_wrong_method_is_405_problem_with_allow(client):
    response = await client.delete("/v1/health")
    assert_problem(response, 405, "method-not-allowed")
    assert "GET" in response.headers["allow"]


async def test_unsupported_media_type_is_415(probe_client, auth):
    response = await probe_client.post(
        "/v1/probes",
        content="name=alpha",
        headers={**auth(), "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_problem(response, 415, "unsupported-media-type")


async def test_json_suffix_media_types_are_accepted(probe_client, auth):
    response = await probe_client.post(
        "/v1/probes",
        content=json.dumps(GOOD_PROBE),
        headers={**auth(), "Content-Type": "application/merge-patch+json"},
    )
    assert response.status_code == 201, response.text


async def test_malformed_json_is_400_problem(probe_client, auth):
    response = await probe_client.post(
        "/v1/probes",
        content='{"name": "alpha",',
        headers={**auth(), "Content-Type": "application/json"},
    )
    assert_problem(response, 400, "malformed-json")


async def test_validation_errors_are_400_listing_every_invalid_field(probe_client, auth):
    response = await probe_client.post(
        "/v1/probes",
        json={"name": "", "weight": 1000, "dueDate": "not-a-date", "colour": "red"},
        headers=auth(),
    )
    body = assert_problem(response, 400, "invalid-input")
    by_name = {p["name"]: p for p in body["invalidParams"]}
    assert set(by_name) == {"name", "weight", "dueDate", "colour"}
    assert by_name["colour"]["reason"] == "unknown field"
    assert by_name["weight"]["in"] == "body"
    assert by_name["weight"]["code"] == "less_than_equal"


async def test_missing_required_fields_are_named(probe_client, auth):
    response = await probe_client.post("/v1/probes", json={}, headers=auth())
    body = assert_problem(response, 400, "invalid-input")
    assert {p["name"] for p in body["invalidParams"]} == {"name", "weight", "dueDate"}


async def test_invalid_query_parameter_is_400_not_422(client, auth):
    response = await client.get("/v1/audit-events?pageSize=1000", headers=auth(role="hr"))
    body = assert_problem(response, 400, "invalid-input")
    assert body["invalidParams"][0]["name"] == "pageSize"
    assert body["invalidParams"][0]["in"] == "query"


async def test_camel_case_json_out(probe_client, auth):
    response = await probe_client.post("/v1/probes", json=GOOD_PROBE, headers=auth())
    assert response.status_code == 201
    assert set(response.json()) == {"id", "name", "weight"}
    health = await probe_client.get("/v1/health/ready")
    assert "schemaRevision" in health.json()


async def test_body_over_one_mebibyte_is_413(probe_client, auth):
    big = {**GOOD_PROBE, "note": "x" * (1024 * 1024)}
    response = await probe_client.post("/v1/probes", json=big, headers=auth())
    assert_problem(response, 413, "payload-too-large")


async def test_chunked_body_over_limit_is_413(probe_client, auth):
    async def chunks():
        yield b'{"name": "alpha", "weight": 1, "dueDate": "2026-01-01", "note": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    response = await probe_client.post(
        "/v1/probes",
        content=chunks(),
        headers={**auth(), "Content-Type": "application/json"},
    )
    assert_problem(response, 413, "payload-too-large")


async def test_unexpected_exception_is_500_problem_without_trace(probe_client, caplog):
    with caplog.at_level(logging.ERROR, logger="goedgesprek.request"):
        response = await probe_client.get("/v1/probes/boom")
    body = assert_problem(response, 500, "internal-error")
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and "secret internal detail" in str(logged[0].exc_info[1])
    assert response.headers["X-Request-ID"]
    assert body["instance"] == "/v1/probes/boom"


async def test_security_headers_and_no_store(client):
    response = await client.get("/v1/health")
    headers = response.headers
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=")


async def test_request_id_is_generated_or_echoed(client):
    generated = await client.get("/v1/health")
    assert re.fullmatch(r"[0-9a-f-]{36}", generated.headers["X-Request-ID"])
    echoed = await client.get("/v1/health", headers={"X-Request-ID": "trace-abc.123"})
    assert echoed.headers["X-Request-ID"] == "trace-abc.123"
    hostile = await client.get("/v1/health", headers={"X-Request-ID": "a b\tc<script>"})
    assert hostile.headers["X-Request-ID"] != "a b\tc<script>"


@contextlib.contextmanager
def request_log_lines() -> Iterator[list[str]]:
    """The request logger's lines, as the JSON formatter writes them, while the block runs."""
    lines: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(JsonFormatter().format(record))

    handler = Capture()
    logger = logging.getLogger("goedgesprek.request")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)


async def test_log_lines_are_json_with_the_request_id(client):
    with request_log_lines() as lines:
        response = await client.get("/v1/health", headers={"X-Request-ID": "req-42"})
    assert response.status_code == 200
    parsed = [json.loads(line) for line in lines]
    access = [p for p in parsed if p["message"] == "request"]
    assert access and access[0]["requestId"] == "req-42"
    assert access[0]["status"] == 200 and access[0]["path"] == "/v1/health"
    assert request_id_var.get() is None  # reset after the request


async def test_cors_only_for_configured_origins(app_factory):
    app = app_factory(cors_origins=["https://frontend.example"])
    async with make_client(app) as client:
        allowed = await client.options(
            "/v1/health",
            headers={
                "Origin": "https://frontend.example",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization, x-request-id",
            },
        )
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://frontend.example"
        assert allowed.headers["API-Version"] == API_VERSION
        refused = await client.get("/v1/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in refused.headers
    async with make_client(app_factory()) as client:
        default = await client.get("/v1/health", headers={"Origin": "https://frontend.example"})
        assert "access-control-allow-origin" not in default.headers


async def test_refused_cors_preflight_is_a_problem(app_factory):
    app = app_factory(cors_origins=["https://frontend.example"])
    async with make_client(app) as client:
        response = await client.options(
            "/v1/health",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        )
    body = assert_problem(response, 400, "cors-refused")
    assert "origin" in body["detail"].lower()


async def test_browsers_can_read_500_and_413_from_allowed_origins(sessionmaker, auth, app_factory):
    from tests.probe import probe_router

    app = app_factory(cors_origins=["https://frontend.example"])
    app.include_router(probe_router)
    bind_sessions(app, sessionmaker)
    origin = {"Origin": "https://frontend.example"}
    async with make_client(app) as client:
        boom = await client.get("/v1/probes/boom", headers=origin)
        big = await client.post(
            "/v1/probes", content=b"x" * (1024 * 1024 + 1), headers={**origin, **auth()}
        )
    for response, status in [(boom, 500), (big, 413)]:
        assert response.status_code == status
        assert response.headers["access-control-allow-origin"] == "https://frontend.example"
        assert response.headers["API-Version"] == API_VERSION


async def test_errors_under_the_docs_assets_are_not_cacheable(client):
    missing = await client.get("/v1/docs/static/nope.js")
    assert missing.status_code == 404
    assert missing.headers["Cache-Control"] == "no-store"


async def test_head_is_get_without_a_body(client):
    get = await client.get("/v1/health")
    head = await client.head("/v1/health")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["API-Version"] == API_VERSION
    assert head.headers["content-length"] == get.headers["content-length"]


async def test_snake_case_body_fields_are_unknown_fields(probe_client, auth):
    response = await probe_client.post(
        "/v1/probes", json={"name": "a", "weight": 1, "due_date": "2026-01-01"}, headers=auth()
    )
    body = assert_problem(response, 400, "invalid-input")
    by_name = {p["name"]: p for p in body["invalidParams"]}
    assert by_name["due_date"]["reason"] == "unknown field"
    assert by_name["dueDate"]["code"] == "missing"


async def test_nul_characters_are_400_naming_the_field(probe_client, auth):
    response = await probe_client.post(
        "/v1/probes", json={**GOOD_PROBE, "name": "a\u0000b"}, headers=auth()
    )
    body = assert_problem(response, 400, "invalid-input")
    assert [p["name"] for p in body["invalidParams"]] == ["name"]
    query = await probe_client.get("/v1/audit-events?actorId=%00", headers=auth(role="hr"))
    body = assert_problem(query, 400, "invalid-input")
    assert body["invalidParams"][0]["name"] == "actorId"
    assert body["invalidParams"][0]["in"] == "query"


async def test_a_body_that_is_not_utf8_is_malformed_json(probe_client, auth):
    response = await probe_client.post(
        "/v1/probes",
        content=b'{"name": "\xff\xfe"}',
        headers={**auth(), "Content-Type": "application/json"},
    )
    assert_problem(response, 400, "malformed-json")


async def test_authentication_is_judged_before_the_body(probe_client):
    for headers, content in [
        ({"Content-Type": "text/plain"}, "hello"),
        ({"Content-Type": "application/json"}, "{not json"),
    ]:
        response = await probe_client.post("/v1/probes", content=content, headers=headers)
        assert_problem(response, 401, "not-authenticated")


def _api_routes(routes):
    from fastapi.routing import APIRoute

    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # FastAPI keeps included routers as branches
            yield from _api_routes(route.original_router.routes)


def test_every_request_body_is_an_api_input(probe_session_app):
    from app.schemas import ApiInput

    bodies = [
        route.body_field.field_info.annotation
        for route in _api_routes(probe_session_app.routes)
        if route.body_field is not None
    ]
    assert bodies, "the probe routes have at least one body"
    for body in bodies:
        # A discriminated union (e.g. the kinds of agreement) is checked member by member.
        members = [a for a in typing.get_args(body) if isinstance(a, type)] or [body]
        for model in typing.get_args(members[0]) or members:
            assert issubclass(model, ApiInput), model


async def test_the_service_logs_json_lines_with_the_request_id_to_stderr(client, capfd):
    from app.logs import configure_logging

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging("INFO")
        await client.get("/v1/health", headers={"X-Request-ID": "req-stderr-1"})
    finally:
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line]
    access = [line for line in lines if line.get("message") == "request"]
    assert access and access[-1]["requestId"] == "req-stderr-1"
    assert {"time", "level", "logger", "message"} <= set(access[-1])


def test_every_route_is_transactional(session_app):
    from app.api.routing import ApiRoute

    routes = list(_api_routes(session_app.routes))
    assert routes
    assert all(isinstance(route, ApiRoute) for route in routes), [
        route.path for route in routes if not isinstance(route, ApiRoute)
    ]


# --- Allow (issue 16): every method of the path, on a 405 and on OPTIONS ----------------------


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/v1/employees/E0001", "GET, PUT, OPTIONS"),
        ("PATCH", "/v1/clock", "GET, PUT, DELETE, OPTIONS"),
        ("POST", "/v1/clock", "GET, PUT, DELETE, OPTIONS"),
        ("DELETE", "/v1/cycles", "GET, OPTIONS"),
    ],
)
async def test_a_405_names_every_method_of_the_path(client, method, path, allow):
    response = await client.request(method, path)
    assert response.status_code == 405
    assert response.headers["Allow"] == allow
    assert response.json()["code"] == "method-not-allowed"


async def test_options_answers_with_every_method_of_the_path(client):
    response = await client.options("/v1/clock")
    assert response.status_code == 204 and response.content == b""
    assert response.headers["Allow"] == "GET, PUT, DELETE, OPTIONS"
    talk = await client.options("/v1/talks/7a0c2b9e-2a55-4c61-9c55-1f0e9e8c6f11/appointment")
    assert talk.headers["Allow"] == "PUT, OPTIONS"


# --- 406 (issue 16): on every route when the Accept header allows nothing it produces ----------


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        ("application/xml", 406),
        ("text/html", 406),
        ("application/json;q=0, */*", 406),
        ("application/json", 200),
        ("application/*", 200),
        ("text/html, application/json;q=0.5", 200),
        ("*/*", 200),
    ],
)
async def test_a_route_answers_406_when_the_accept_header_allows_none_of_its_types(
    client, auth, accept, status
):
    response = await client.get("/v1/me", headers={**auth(role="hr"), "Accept": accept})
    assert response.status_code == status, response.text
    if status == 406:
        assert response.json()["code"] == "not-acceptable"
        assert "application/json" in response.json()["detail"]
        assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_pdf_route_offers_only_its_pdf(client, auth):
    url = "/v1/talks/7a0c2b9e-2a55-4c61-9c55-1f0e9e8c6f11/appraisal/archive-copy"
    refused = await client.get(url, headers={**auth(role="hr"), "Accept": "application/json"})
    assert refused.status_code == 406 and "application/pdf" in refused.json()["detail"]
    # Accepting a PDF gets past negotiation to the lookup (no such talk here).
    found = await client.get(url, headers={**auth(role="hr"), "Accept": "application/pdf"})
    assert found.status_code == 404


# --- dates are text (issue 16): a number is never read as seconds since 1970 -----------------


async def test_a_date_given_as_a_number_is_refused_in_a_body_and_a_query(client, auth):
    hr = auth(role="hr", sub="100003")
    body = await client.put("/v1/clock", json={"today": 0}, headers=hr)
    assert body.status_code == 400, body.text
    assert body.json()["invalidParams"][0]["name"] == "today"
    query = await client.get("/v1/appraisal-outcomes?finalisedSince=0", headers=hr)
    assert query.status_code == 400, query.text
    assert query.json()["invalidParams"][0]["name"] == "finalisedSince"
    for url, name in (
        ("/v1/cycles?dueBefore=0", "dueBefore"),
        ("/v1/reports/rollout?by=0", "by"),
    ):
        refused = await client.get(url, headers=hr)
        assert refused.status_code == 400, (url, refused.text)
        assert refused.json()["invalidParams"][0]["name"] == name
    moment = await client.put(
        "/v1/talks/7a0c2b9e-2a55-4c61-9c55-1f0e9e8c6f11/appointment",
        json={"startsAt": 1767225600, "location": "Mosae Forum"},
        headers={**hr, "If-Match": "*"},
    )
    assert moment.status_code == 400 and moment.json()["invalidParams"][0]["name"] == "startsAt"


def test_a_whole_number_is_an_integer_as_json_schema_means_it():
    """Issue 16: ``3.0`` is an integer in JSON Schema, so the service takes it; text and
    booleans are not, and neither is ``3.5``."""
    from pydantic import ValidationError

    from app.appraisals.schemas import SignatureIn

    assert SignatureIn.model_validate({"contentVersion": 3.0, "kind": "agree"}).content_version == 3
    for bad in ("3", True, 3.5):
        with pytest.raises(ValidationError):
            SignatureIn.model_validate({"contentVersion": bad, "kind": "agree"})


async def test_a_date_range_without_its_end_names_the_dependency_not_a_missing_field(client, auth):
    """``to`` is optional in the document; only together with ``from`` is it needed: a code of
    the service's own (``incomplete_range``), not the schema's ``missing``."""
    response = await client.get(
        "/v1/reports/coverage?from=2026-01-01", headers=auth(role="hr", sub="100003")
    )
    assert response.status_code == 400
    assert [(p["name"], p["in"], p["code"]) for p in response.json()["invalidParams"]] == [
        ("to", "query", "incomplete_range")
    ]


def test_every_201_operation_says_where_its_resource_is_read():
    """Issue 19: `Location` on every 201, from one table (app/api/locations.py), declared in
    the OpenAPI document."""
    import json

    from app.api.locations import LOCATIONS
    from app.openapi_export import generate

    document = json.loads(generate())
    created = {
        operation["operationId"]: operation["responses"]["201"]
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "201" in operation.get("responses", {})
    }
    assert set(created) == set(LOCATIONS)
    assert all("Location" in response["headers"] for response in created.values())


async def test_request_logs_say_who_asked_without_personal_data(client, auth):
    """Issue 19: the actor's kind, a hash of a person's personnel number (never the number),
    and a service client's id."""
    with request_log_lines() as lines:
        for headers in (
            auth(role="employee", sub="100001"),
            auth(role="employee", sub="100001"),
            auth(client="hris", scopes=["people:read"]),
            {},
        ):
            await client.get("/v1/me", headers=headers)
    access = [p for p in map(json.loads, lines) if p["message"] == "request"]
    person, again, service, anonymous = access
    assert person["actorKind"] == "person" and person["subjectHash"] == again["subjectHash"]
    assert "100001" not in json.dumps(person)
    assert service["actorKind"] == "client" and service["clientId"] == "hris"
    assert "actorKind" not in anonymous


def test_every_tag_is_declared_with_a_description():
    """Issue 19: the docs page groups the operations by declared tags, in the flow's order."""
    import json

    from app.openapi_export import generate

    document = json.loads(generate())
    used = {
        tag
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        for tag in operation.get("tags", [])
    }
    declared = [tag["name"] for tag in document["tags"]]
    assert used <= set(declared) and len(declared) == len(set(declared))
    assert all(tag.get("description") for tag in document["tags"])
    assert declared.index("agreements") < declared.index("appraisals")


async def test_w3c_trace_context_is_continued_and_logged(client, auth):
    """Issue 19: a traceparent continues its trace; the request's log lines carry the trace id;
    without one a trace is started."""
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    parent = f"00-{trace_id}-00f067aa0ba902b7-01"
    with request_log_lines() as lines:
        await client.get("/v1/me", headers={**auth(role="hr", sub="100003"), "traceparent": parent})
        await client.get("/v1/me", headers=auth(role="hr", sub="100003"))
    continued, started = [p for p in map(json.loads, lines) if p["message"] == "request"]
    assert continued["traceId"] == trace_id
    assert len(started["traceId"]) == 32 and started["traceId"] != trace_id


async def test_with_tracing_on_opentelemetry_continues_the_callers_trace(app_factory, auth):
    """GOEDGESPREK_TRACE_EXPORT=console: a span per request, in the caller's trace."""
    import httpx

    app = app_factory(trace_export="console")
    assert app.state.tracer_provider is not None
    trace_id = "0af7651916cd43dd8448eb211c80319c"
    parent = f"00-{trace_id}-b7ad6b7169203331-01"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        with request_log_lines() as lines:
            await client.get(
                "/v1/me", headers={**auth(role="hr", sub="100003"), "traceparent": parent}
            )
    (logged,) = [p for p in map(json.loads, lines) if p["message"] == "request"]
    assert logged["traceId"] == trace_id
    app.state.tracer_provider.shutdown()


def test_nul_characters_are_refused_in_every_kind_of_field_without_a_database():
    """The NUL check answers text, numbers, dates and nested models at once (issue 20: an
    import validates 120,000 values) and still looks into lists, tuples, dicts and text
    subclasses such as enumerations."""
    from datetime import date
    from enum import StrEnum

    from pydantic import ValidationError

    from app.schemas import ApiInput

    class Colour(StrEnum):
        red = "red"
        nul = "a\x00b"

    class Inner(ApiInput):
        text: str

    class Outer(ApiInput):
        text: str = "ok"
        number: int = 1
        day: date = date(2026, 1, 1)
        tags: tuple[str, ...] = ()
        pairs: dict[str, str] | None = None
        colour: Colour = Colour.red
        inner: tuple[Inner, ...] = ()

    assert Outer(tags=["a"], pairs={"k": "v"}, inner=[{"text": "fine"}]).number == 1
    for bad, field in [
        ({"text": "a\x00"}, "text"),
        ({"tags": ["a", "b\x00"]}, "tags"),
        ({"pairs": {"k\x00": "v"}}, "pairs"),
        ({"pairs": {"k": "\x00"}}, "pairs"),
        ({"colour": "a\x00b"}, "colour"),
        ({"inner": [{"text": "x\x00"}]}, "inner"),
    ]:
        with pytest.raises(ValidationError) as refused:
            Outer(**bad)
        assert refused.value.errors()[0]["loc"][0] == field, bad
