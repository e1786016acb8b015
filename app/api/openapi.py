"""The OpenAPI document, shaped for the NL GOV API Design Rules (``openapi/adr/linter.yaml``).

FastAPI's document is post-processed once: paths are made relative to the ``/v1`` server, every
2xx/3xx response declares ``API-Version``, every error is ``application/problem+json`` with the
Problem schema, FastAPI's 422 becomes our 400, and the standard errors are declared everywhere.
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.api import examples
from app.api.schemas import Problem
from app.config import API_PREFIX, API_VERSION
from app.errors import PROBLEM_MEDIA_TYPE

CONTACT = {
    "name": "Team E-module, Gemeente Maastricht",
    "email": "e-module@maastricht.nl",
    "url": "https://www.gemeentemaastricht.nl",
}

DESCRIPTION = """\
The E-module of the *Regeling gesprekscyclus het goede gesprek* (Gemeente Maastricht, 2014):
planning, progress and appraisal talks, agreements, ratings, signatures and objections.

Errors are `application/problem+json` (RFC 9457) with a stable `code`; when a rule of the
regulation is violated, `rule` names it (e.g. `R6.3`). Input errors list every invalid field in
`invalidParams`. Every response carries `API-Version`.

A problem's `title` and `detail` are in English by default, and in Dutch when `Accept-Language`
prefers it (`Accept-Language: nl`; `nl-NL` and `nl-BE` count as Dutch, q-values are honoured).
`Content-Language` says which it is. Programs read `code` (and `rule`): they never change with
the language, nor do `type`, `status` and `invalidParams` (whose `reason` texts stay English).
"""

_ERROR_TEXT = {
    "400": "Invalid input: every invalid field is listed in `invalidParams`.",
    "401": "Missing, malformed or expired bearer token.",
    "403": "The actor may not do this.",
    "404": "Not found, or not visible to this actor.",
    "413": "The request body is larger than the limit (1 MiB unless configured otherwise).",
    "406": "The Accept header allows none of the media types this operation produces.",
    "415": "The request body is not JSON.",
    "429": "Too many requests, or too many failed authentications; see `Retry-After`.",
    "500": "Unexpected error; logged with the request id.",
    "503": "The database cannot be reached; see `Retry-After`.",
}
_HEADERS = {
    "API-Version": {
        "description": "The SemVer version of the API.",
        "schema": {"type": "string", "example": API_VERSION},
    },
    "X-Request-ID": {
        "description": "Id of this request, also in the service's log lines.",
        "schema": {"type": "string"},
    },
}
_CONTENT_LANGUAGE = {
    "description": "The language of the problem's `title` and `detail`: `nl` when "
    "`Accept-Language` prefers Dutch, otherwise `en`.",
    "schema": {"type": "string", "enum": ["en", "nl"]},
}


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _header_refs() -> dict[str, Any]:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in _HEADERS}


def _shape_operation(method: str, operation: dict[str, Any], path: str) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    if responses.get("422", {}).get("description") == "Validation Error":
        responses.pop("422")  # FastAPI's own: our invalid input is a 400
    needs_400 = method in {"post", "put", "patch"} or bool(operation.get("parameters"))
    wanted = ["406", "500"]
    if path != "/health":  # liveness needs no database
        wanted.append("503")
    if needs_400 or "requestBody" in operation:
        wanted.append("400")
    if "requestBody" in operation:
        wanted += ["413", "415"]
    if operation.get("security"):
        wanted += ["401", "403", "429"]
    if "{" in path:
        wanted.append("404")
    for status in wanted:
        responses.setdefault(status, {"description": _ERROR_TEXT[status]})
    for status, response in responses.items():
        if status.startswith(("2", "3")):
            response.setdefault("headers", {}).update(_header_refs())
            if status == "201":  # issue 19: where the created resource is read
                response["headers"]["Location"] = {
                    "description": "Where the created resource (or the one it was created "
                    "in) is read, e.g. /v1/talks/{talkId}/appraisal.",
                    "schema": {"type": "string", "format": "uri-reference"},
                }
            if "304" in responses and status in {"200", "304"}:
                response["headers"]["ETag"] = {
                    "description": "Strong validator of the representation (If-None-Match).",
                    "schema": {"type": "string"},
                }
        elif status.startswith(("4", "5")):
            response["content"] = _problem_content()
            response.setdefault("headers", {}).update(_header_refs())
            response["headers"]["Content-Language"] = {
                "$ref": "#/components/headers/Content-Language"
            }
            if status in {"429", "503"}:
                response["headers"]["Retry-After"] = {
                    "description": "Seconds to wait before trying again.",
                    "schema": {"type": "integer"},
                }
            if status == "401":
                response["headers"]["WWW-Authenticate"] = {
                    "description": "The bearer challenge (RFC 6750).",
                    "schema": {"type": "string"},
                }
    operation["responses"] = dict(sorted(responses.items()))


def _flatten_nullable_scalars(schemas: dict[str, Any]) -> None:
    """`anyOf: [{type: string, format: date}, {type: null}]` → `type: [string, null]`, `format:
    date`: the same schema (OpenAPI 3.1), in the shape the ADR date-format rule can read."""
    for schema in schemas.values():
        for name, prop in schema.get("properties", {}).items():
            options = prop.get("anyOf")
            if not options or len(options) != 2 or {"type": "null"} not in options:
                continue
            (other,) = [option for option in options if option != {"type": "null"}]
            if "$ref" in other or not isinstance(other.get("type"), str):
                continue
            merged = {k: v for k, v in prop.items() if k != "anyOf"}
            # The property's own description (its docstring) wins over the type's (e.g. the
            # score's scale): it says what this property is.
            merged.update(
                {k: v for k, v in other.items() if not (k == "description" and k in merged)}
            )
            merged["type"] = [other["type"], "null"]
            if "enum" in merged and None not in merged["enum"]:
                # null is one of the values too, or a null answer fails the schema.
                merged["enum"] = [*merged["enum"], None]
            schema["properties"][name] = merged


PROBLEM_SCHEMAS = frozenset({"Problem", "InvalidParam"})
NO_NUL = "^[^\u0000]*$"
"""Text without a NUL character: what every string of the API is (PostgreSQL cannot store one;
the service refuses it with a 400)."""


def _state_no_nul(node: Any) -> None:
    """Every string schema without a pattern, format or fixed values gets ``NO_NUL``: the
    constraint the service enforces, stated (the keys' own patterns exclude NUL already)."""
    if isinstance(node, list):
        for item in node:
            _state_no_nul(item)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    is_string = kind == "string" or (isinstance(kind, list) and "string" in kind)
    if is_string and not any(key in node for key in ("pattern", "format", "enum", "const")):
        node["pattern"] = NO_NUL
    for value in node.values():
        _state_no_nul(value)


def build_openapi(app: FastAPI) -> dict[str, Any]:
    raw = get_openapi(
        title="goedgesprek — E-module gesprekscyclus",
        version=API_VERSION,
        summary="Performance-talk cycle of the Regeling gesprekscyclus het goede gesprek.",
        description=DESCRIPTION,
        routes=app.routes,
        contact=CONTACT,
        license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        tags=getattr(app, "openapi_tags", None),
    )
    document = copy.deepcopy(raw)
    document["servers"] = [{"url": API_PREFIX, "description": "This server, version 1."}]
    paths = {}
    for path, item in raw.get("paths", {}).items():
        relative = path[len(API_PREFIX) :] if path.startswith(API_PREFIX) else path
        item = document["paths"][path]
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                _shape_operation(method, operation, relative)
        paths[relative] = item
    document["paths"] = paths
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    problem = Problem.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    # FastAPI's own validation schemas are never returned: errors are Problems.
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    _flatten_nullable_scalars(schemas)
    # A problem may quote what the client sent (an unknown parameter's name), NUL and all.
    _state_no_nul({name: schema for name, schema in schemas.items() if name not in PROBLEM_SCHEMAS})
    for item in paths.values():
        for operation in item.values():
            if isinstance(operation, dict):
                _state_no_nul(operation.get("parameters", []))
    components["headers"] = {**_HEADERS, "Content-Language": _CONTENT_LANGUAGE}
    examples.attach(document)  # issue 19: what to send and what comes back, for every operation
    settings = getattr(app.state, "settings", None)
    issuer = getattr(settings, "oidc_issuer", None)
    if issuer:  # issue 19: sign in at the organisation's provider, as well as with a token
        components.setdefault("securitySchemes", {})["openIdConnect"] = {
            "type": "openIdConnect",
            "description": "The organisation's identity provider (authorization code with PKCE).",
            "openIdConnectUrl": issuer.rstrip("/") + "/.well-known/openid-configuration",
        }
        for item in paths.values():
            for operation in item.values():
                if isinstance(operation, dict) and operation.get("security"):
                    operation["security"] = [*operation["security"], {"openIdConnect": []}]
    return document


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
