"""The committed OpenAPI document, and its shape under the API Design Rules."""

from __future__ import annotations

import json
from pathlib import Path

from app.openapi_export import generate
from app.schemas import ApiModel

COMMITTED = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"


def test_committed_openapi_document_is_up_to_date():
    assert COMMITTED.read_text() == generate(), "run `make openapi` and commit the result"


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_response_declares_api_version_and_errors_are_problems():
    document = json.loads(generate())
    for path, method, operation in _operations(document):
        responses = operation["responses"]
        # FastAPI's own 422 (validation) is replaced by a 400; a declared 422 (a rule of the
        # regulation, an Idempotency-Key reused) stays, as a problem.
        assert responses.get("422", {}).get("description") != "Validation Error", (method, path)
        assert "500" in responses, (method, path)
        for status, response in responses.items():
            assert "API-Version" in response["headers"], (method, path, status)
            if status[0] in "45":
                assert list(response["content"]) == ["application/problem+json"]
        if operation.get("security"):
            assert {"401", "403"} <= set(responses), (method, path)
        if operation.get("parameters") or method in {"post", "put", "patch"}:
            assert "400" in responses, (method, path)


def test_paths_are_relative_to_the_v1_server_and_kebab_case():
    document = json.loads(generate())
    assert document["servers"][0]["url"] == "/v1"
    for path in document["paths"]:
        assert not path.startswith("/v1") and not path.endswith("/")
        literal = [part for part in path.split("/") if not part.startswith("{")]
        assert all(part == part.lower() for part in literal), path


def test_body_operations_declare_413_and_415(probe_session_app):
    from app.api.openapi import build_openapi

    operation = build_openapi(probe_session_app)["paths"]["/probes"]["post"]
    assert {"400", "401", "403", "413", "415", "500"} <= set(operation["responses"])
    assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]


def test_every_free_string_states_that_it_holds_no_nul_character():
    """Issue 16: the service refuses NUL in any text (PostgreSQL cannot store it); the document
    says so, so that a client's validation and the service's agree."""
    import json

    from app.api.openapi import NO_NUL
    from app.openapi_export import generate

    document = json.loads(generate())
    loose = []

    def walk(node, where):
        if isinstance(node, dict):
            kind = node.get("type")
            if (kind == "string" or (isinstance(kind, list) and "string" in kind)) and not any(
                key in node for key in ("pattern", "format", "enum", "const")
            ):
                loose.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    from app.api.openapi import PROBLEM_SCHEMAS

    schemas = document["components"]["schemas"]
    walk({k: v for k, v in schemas.items() if k not in PROBLEM_SCHEMAS}, "#/components/schemas")
    for path, item in document["paths"].items():
        for method, operation in item.items():
            walk(operation.get("parameters", []), f"{method} {path}")
    assert loose == []
    assert '"pattern": "^[^\\u0000]*$"' in generate()
    assert NO_NUL == "^[^\x00]*$"


def test_ranges_are_stated_as_json_schema_keywords():
    """`minimum`/`maximum`, never Pydantic's own `ge`/`le`, which no client reads (a scale
    of 1-5 once leaked as `ge`/`le` behind a before-validator)."""
    import json

    from app.openapi_export import generate

    leaked = []

    def walk(node, where):
        if isinstance(node, dict):
            leaked.extend(f"{where}/{k}" for k in ("ge", "le", "gt", "lt") if k in node)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    document = json.loads(generate())
    walk(document, "#")
    assert leaked == []
    score = document["components"]["schemas"]["KnowledgeRatingIn"]["properties"]["score"]
    assert (score["minimum"], score["maximum"]) == (1, 5)


def undocumented(schemas: dict) -> list[str]:
    """Issue 19: the component schemas, and the properties of each, without a description.

    A property needs a description of its own, also when it is a `$ref` (next to the `$ref`, or
    around the `anyOf` of a nullable one): the referenced schema says what the type is, the
    property what it is for (`manager: EmployeeRef` is "the manager today"). Properties of
    objects nested inline in a schema count too."""
    missing = []

    def described(node: dict) -> bool:
        return isinstance(node.get("description"), str) and node["description"].strip() != ""

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if not described(prop):
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}/{key}" if key != "properties" else where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for name, schema in schemas.items():
        if not described(schema):
            missing.append(name)
        walk(schema, name)
    return sorted(set(missing))


def test_every_schema_and_every_property_has_a_description():
    """Issue 19: a frontend developer reads what each schema and property is, its unit or
    format, and the rule of the regulation behind it, in the document itself. A schema or a
    field added without a docstring (or `Field(description=...)`) fails here."""
    schemas = json.loads(generate())["components"]["schemas"]
    assert undocumented(schemas) == []


class DocumentedProbe(ApiModel):
    """A documented schema."""

    size: int
    """A documented field."""


class LooseProbe(ApiModel):
    count: int
    part: DocumentedProbe
    other: DocumentedProbe
    """The other part."""


def test_an_undocumented_field_or_schema_is_found():
    """The check above catches what it must: a field without a docstring, a `$ref` property
    without a description of its own, and a schema without a class docstring."""
    from fastapi import FastAPI

    from app.api.openapi import build_openapi

    app = FastAPI()

    @app.get("/loose")
    def loose() -> LooseProbe:  # pragma: no cover - never called
        raise NotImplementedError

    schemas = build_openapi(app)["components"]["schemas"]
    assert schemas["LooseProbe"]["properties"]["other"]["description"] == "The other part."
    assert undocumented(schemas) == ["LooseProbe", "LooseProbe.count", "LooseProbe.part"]


def test_descriptions_are_written_for_the_reader_of_the_api():
    """Class and field docstrings become the public document: no reStructuredText (``x``) of
    developer notes, and no words about how the code builds a response."""
    schemas = json.loads(generate())["components"]["schemas"]
    leaked = []

    def walk(node, where):
        if isinstance(node, dict):
            text = node.get("description")
            if isinstance(text, str) and ("``" in text or "ORM" in text):
                leaked.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(schemas, "#/components/schemas")
    assert leaked == []
