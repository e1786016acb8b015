"""Issue 19: the OpenAPI document's examples (app/api/examples.py) — one for every JSON request
body and 2xx JSON response, valid against its schema and accepted by the service's own models;
the main flows send them (test_examples_flow.py)."""

from __future__ import annotations

import json
from functools import cache

import jsonschema_rs
from fastapi.routing import APIRoute
from pydantic import TypeAdapter

from app.api import examples
from app.config import API_PREFIX
from app.openapi_export import generate


@cache
def _document() -> dict:
    return json.loads(generate())


def _media(document):
    """(where, media type object, schema) for every JSON body and 2xx JSON response."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                yield (method, path, "request"), body
            for status, response in operation["responses"].items():
                media = response.get("content", {}).get("application/json")
                if status.startswith("2") and media:
                    yield (method, path, status), media


def _values(media, document=None):
    """The example values of a media type, ``$ref``s to ``components/examples`` resolved."""
    examples = (document or _document())["components"].get("examples", {})
    found = []
    for example in media.get("examples", {}).values():
        if "$ref" in example:
            example = examples[example["$ref"].rsplit("/", 1)[-1]]
        found.append(example["value"])
    return found


def test_every_json_request_body_and_2xx_response_has_an_example():
    document = _document()
    found = list(_media(document))
    assert len(found) > 120
    without = [where for where, media in found if not _values(media)]
    assert without == []


def test_a_body_of_several_kinds_has_an_example_of_each():
    document = _document()
    body = document["paths"]["/cycles/{cycleId}/agreements"]["post"]["requestBody"]
    media = body["content"]["application/json"]
    kinds = {value["kind"] for value in _values(media)}
    assert kinds == {"work", "development", "career", "condition"}


def test_every_example_is_valid_against_its_schema():
    document = _document()
    errors = []
    for where, media in _media(document):
        # The schema resolved against the whole document, its formats checked (date, uuid …).
        validator = jsonschema_rs.Draft202012Validator(
            {**document, **media["schema"]}, validate_formats=True
        )
        for value in _values(media):
            errors += [(where, error.message) for error in validator.iter_errors(value)]
    assert errors == []


def _body_models(app):
    for route in app.routes:
        if isinstance(route, APIRoute) and route.body_field is not None:
            for method in route.methods:
                path = route.path.removeprefix(API_PREFIX)
                yield (method.lower(), path), route.body_field.field_info.annotation


def test_every_request_example_is_accepted_by_the_service_model(session_app):
    """Beyond the schema: the cross-field rules of the models (a date after another, weights
    that add up) accept the examples too."""
    document = _document()
    refused = []
    for (method, path), model in _body_models(session_app):
        media = document["paths"][path][method]["requestBody"]["content"]["application/json"]
        for value in _values(media):
            try:
                TypeAdapter(model).validate_python(value)
            except ValueError as error:
                refused.append((method, path, str(error)))
    assert refused == []


def test_a_text_without_an_example_value_is_an_error_not_a_placeholder():
    schemas = {"Thing": {"type": "object", "properties": {"nickname": {"type": "string"}}}}
    document = {
        "components": {"schemas": schemas},
        "paths": {
            "/things": {
                "get": {
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            }
                        }
                    }
                }
            }
        },
    }
    assert examples.attach(document) == ["Thing.nickname"]
    media = document["paths"]["/things"]["get"]["responses"]["200"]["content"]
    assert "examples" not in media["application/json"]


def test_a_shared_value_is_used_only_where_it_fits_the_property():
    """``agreements`` is a count in a report row and a list elsewhere: the count's value is not
    forced into a list."""
    document = _document()
    row = document["components"]["schemas"]["CareerRow"]["properties"]["agreements"]
    assert "integer" in row["type"]
    example = document["components"]["examples"]["DevelopmentReport"]["value"]
    assert isinstance(example["career"][0]["agreements"], int)
