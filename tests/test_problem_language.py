"""Problems in Dutch (issue 19): with ``Accept-Language`` preferring ``nl`` the ``title`` and
``detail`` of every problem are Dutch, from every path (domain errors, validation, unknown routes,
authentication, media types, body limits, rate limits, a database outage, the 500 of the error
boundary, a refused CORS preflight); English otherwise. ``code``, ``rule``, ``type``,
``status`` and ``invalidParams`` never change; ``Content-Language`` says which language it is,
``Vary`` names ``Accept-Language``. Successful responses are unchanged."""

from __future__ import annotations

import jwt
import pytest

from tests.appraisals import agreed_and_held
from tests.conftest import bind_sessions, make_client, restore_sessions
from tests.cycles import current_cycle, talk_of

DUTCH = {"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"}
PROBLEM = "application/problem+json"
TRANSLATED = {"title", "detail"}


def _vary(response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("vary", "").split(",")}


def same_problem(english, dutch, status: int, code: str) -> tuple[dict, dict]:
    """The two answers to one request, in English and in Dutch: the same problem, only its
    title and detail in the other language."""
    for response, language in ((english, "en"), (dutch, "nl")):
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith(PROBLEM)
        assert response.headers["content-language"] == language
        assert "accept-language" in _vary(response)
    en, nl = english.json(), dutch.json()
    assert en["code"] == nl["code"] == code
    assert {k: v for k, v in en.items() if k not in TRANSLATED} == {
        k: v for k, v in nl.items() if k not in TRANSLATED
    }
    assert en["title"] != nl["title"] and en["detail"] != nl["detail"]
    return en, nl


async def both(send, *args, headers: dict | None = None, **kwargs):
    """The request without Accept-Language (English, the default) and with Dutch preferred."""
    english = await send(*args, headers=headers or {}, **kwargs)
    dutch = await send(*args, headers={**(headers or {}), **DUTCH}, **kwargs)
    return english, dutch


# --- the HTTP layer --------------------------------------------------------------------------


async def test_an_unknown_route_is_not_found_in_dutch(client):
    en, nl = same_problem(*await both(client.get, "/v1/no-such-thing"), 404, "not-found")
    assert (en["title"], en["detail"]) == ("Not found", "No resource exists at this path.")
    assert (nl["title"], nl["detail"]) == ("Niet gevonden", "Er bestaat geen resource op dit pad.")


async def test_a_wrong_method_is_405_in_dutch_with_allow_kept(client):
    english, dutch = await both(client.delete, "/v1/health")
    en, nl = same_problem(english, dutch, 405, "method-not-allowed")
    assert (en["title"], nl["title"]) == ("Method not allowed", "Methode niet toegestaan")
    assert english.headers["allow"] == dutch.headers["allow"]


async def test_a_validation_400_in_dutch_keeps_its_invalid_params(probe_client, auth):
    body = {"name": "", "weight": 1000, "dueDate": "not-a-date", "colour": "red"}
    en, nl = same_problem(
        *await both(probe_client.post, "/v1/probes", json=body, headers=auth()),
        400,
        "invalid-input",
    )
    assert en["detail"] == "4 invalid parameter(s): colour, dueDate, name, weight."
    assert nl["detail"] == "Ongeldige parameters (4): colour, dueDate, name, weight."
    assert nl["title"] == "Ongeldige invoer"
    # The reasons stay as they are (English, Pydantic's): only title and detail are translated.
    assert {p["name"]: p["reason"] for p in nl["invalidParams"]}["colour"] == "unknown field"


async def test_malformed_json_in_dutch(probe_client, auth):
    headers = {**auth(), "Content-Type": "application/json"}
    en, nl = same_problem(
        *await both(probe_client.post, "/v1/probes", content='{"name": "a",', headers=headers),
        400,
        "malformed-json",
    )
    assert (en["title"], nl["title"]) == ("Malformed JSON", "Ongeldige JSON")
    assert nl["detail"].startswith("De inhoud van het verzoek is geen geldige JSON")


async def test_a_missing_token_is_401_in_dutch_with_its_challenge(client):
    english, dutch = await both(client.get, "/v1/me")
    en, nl = same_problem(english, dutch, 401, "not-authenticated")
    assert nl == {
        **en,
        "title": "Niet aangemeld",
        "detail": "Voor dit verzoek is een bearer-token in de Authorization-header nodig.",
    }
    assert english.headers["www-authenticate"] == dutch.headers["www-authenticate"]


async def test_an_unsupported_media_type_is_415_in_dutch(probe_client, auth):
    headers = {**auth(), "Content-Type": "application/x-www-form-urlencoded"}
    en, nl = same_problem(
        *await both(probe_client.post, "/v1/probes", content="name=a", headers=headers),
        415,
        "unsupported-media-type",
    )
    assert en["detail"] == "The request body must be JSON: send Content-Type: application/json."
    assert nl["title"] == "Mediatype niet ondersteund"
    assert "application/json" in nl["detail"] and nl["detail"].startswith("De inhoud")


async def test_not_acceptable_is_406_in_dutch(client, auth):
    headers = {**auth(role="hr"), "Accept": "text/csv"}
    en, nl = same_problem(*await both(client.get, "/v1/me", headers=headers), 406, "not-acceptable")
    assert en["detail"] == (
        "This resource comes as application/json; the Accept header allows none of them."
    )
    assert nl["detail"] == (
        "Deze resource is beschikbaar als application/json; de Accept-header staat geen daarvan "
        "toe."
    )


async def test_a_body_over_the_limit_is_413_in_dutch_before_anything_else(probe_client, auth):
    big = b"x" * (1024 * 1024 + 1)
    en, nl = same_problem(
        *await both(probe_client.post, "/v1/probes", content=big, headers=auth()),
        413,
        "payload-too-large",
    )
    assert en["detail"] == "The request body is larger than 1048576 bytes."
    assert nl["title"] == "Inhoud van het verzoek te groot"
    assert nl["detail"] == "De inhoud van het verzoek is groter dan 1048576 bytes."


async def test_the_500_of_the_error_boundary_is_in_dutch(probe_client):
    en, nl = same_problem(*await both(probe_client.get, "/v1/probes/boom"), 500, "internal-error")
    assert en["detail"] == "An unexpected error occurred; it has been logged with the request id."
    assert nl["title"] == "Interne serverfout"
    assert "secret internal detail" not in str(nl)


async def test_a_refused_cors_preflight_is_in_dutch(app_factory):
    app = app_factory(cors_origins=["https://frontend.example"])
    preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    async with make_client(app) as client:
        en, nl = same_problem(
            *await both(client.options, "/v1/health", headers=preflight), 400, "cors-refused"
        )
    assert en["detail"] == "Disallowed CORS origin."
    assert nl["detail"] == "CORS niet toegestaan voor deze herkomst (origin)."


FORGED = jwt.encode({"sub": "100003", "roles": ["hr"]}, "not-the-key-of-this-service-1234", "HS256")


async def test_too_many_failed_authentications_is_429_in_dutch(app_factory, sessionmaker):
    app = app_factory(rate_limit_failed_auth_per_address="2/minute")
    original = bind_sessions(app, sessionmaker)
    forged = {"Authorization": f"Bearer {FORGED}"}
    try:
        async with make_client(app) as client:
            for _ in range(2):
                assert (await client.get("/v1/me", headers=forged)).status_code == 401
            english, dutch = await both(client.get, "/v1/me", headers=forged)
    finally:
        restore_sessions(app, original)
    en, nl = same_problem(english, dutch, 429, "too-many-failed-authentications")
    assert en["detail"] == "Too many failed authentications; try again later."
    assert nl["title"] == "Te veel verzoeken"
    assert nl["detail"] == "Te veel mislukte aanmeldpogingen; probeer het later opnieuw."
    assert english.headers["retry-after"] and dutch.headers["retry-after"]


async def test_a_database_outage_is_503_in_dutch(dead_app, auth):
    async with make_client(dead_app) as client:
        en, nl = same_problem(
            *await both(client.get, "/v1/me", headers=auth(role="hr", sub="100003")),
            503,
            "database-unavailable",
        )
    assert en["detail"] == (
        "The database cannot be reached or dropped the connection; try again shortly."
    )
    assert nl["title"] == "Dienst niet beschikbaar"
    assert nl["detail"].startswith("De database is niet bereikbaar")


# --- the negotiation over HTTP ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [
        (None, "en"),
        ("nl", "nl"),
        ("nl-BE", "nl"),
        ("en;q=0.5, nl", "nl"),
        ("nl;q=0.5, en", "en"),
        ("en, nl", "en"),
        ("nl;q=0", "en"),
        ("fr-FR, de", "en"),
        ("*", "en"),
        ("nl;q=oops", "en"),
    ],
)
async def test_the_language_follows_accept_language(client, accept_language, language):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = await client.get("/v1/no-such-thing", headers=headers)
    assert response.headers["content-language"] == language
    assert response.json()["title"] == {"en": "Not found", "nl": "Niet gevonden"}[language]


async def test_a_successful_response_is_unchanged_by_accept_language(client, auth):
    hr = auth(role="hr", sub="100003")
    english = await client.get("/v1/health", headers=hr)
    dutch = await client.get("/v1/health", headers={**hr, **DUTCH})
    assert english.status_code == dutch.status_code == 200
    assert english.json() == dutch.json()
    assert "content-language" not in dutch.headers
    assert "accept-language" not in _vary(dutch)


# --- the rules of the regulation in Dutch ----------------------------------------------------


@pytest.fixture
async def appraisal_cycle(client, org, manager, employee) -> dict:
    return await agreed_and_held(client, manager, employee)


async def test_r6_3_the_talk_before_the_draft_is_shared_is_refused_in_dutch(
    client, appraisal_cycle, manager
):
    talk = talk_of(appraisal_cycle, "appraisal")["id"]
    etag = (await client.get(f"/v1/talks/{talk}", headers=manager)).headers["ETag"]
    appointment = {"startsAt": "2026-12-10T10:00:00+01:00", "location": "Kamer 2"}
    en, nl = same_problem(
        *await both(
            client.put,
            f"/v1/talks/{talk}/appointment",
            json=appointment,
            headers={**manager, "If-Match": etag},
        ),
        422,
        "draft-not-shared",
    )
    assert en["rule"] == nl["rule"] == "R6.3"
    assert (en["title"], en["detail"]) == (
        "Rule of the regulation violated",
        "The draft appraisal is not shared yet.",
    )
    assert (nl["title"], nl["detail"]) == (
        "Regel van de regeling geschonden",
        "De conceptbeoordeling is nog niet gedeeld.",
    )
    # The reason in invalidParams is the same English text in both: only detail is translated.
    assert nl["invalidParams"] == en["invalidParams"]


async def test_r4_6_the_planning_talk_held_without_an_agreed_set_is_refused_in_dutch_words(
    client, org, manager
):
    cycle = await current_cycle(client, manager)
    planning = talk_of(cycle, "planning")["id"]
    en, nl = same_problem(
        *await both(
            client.post,
            f"/v1/talks/{planning}/completions",
            json={"heldOn": "2026-11-20"},
            headers=manager,
        ),
        422,
        "agreements-not-agreed",
    )
    assert en["rule"] == nl["rule"] == "R4.6"
    assert en["detail"].startswith("The planning talk is held only once the agreement set")
    assert en["detail"].endswith("(R4.7); it is open.")
    # The talk kind and the set's state in the regulation's words, not the API's identifiers.
    assert nl["detail"].startswith("Het planningsgesprek wordt pas gehouden als de afsprakenset")
    assert nl["detail"].endswith("de afsprakenset is nu nog door niemand geaccordeerd.")


async def test_r3_2_r4_1_the_blockers_of_an_approval_are_each_in_dutch(client, org, manager):
    cycle = await current_cycle(client, manager)
    planning = talk_of(cycle, "planning")["id"]
    en, nl = same_problem(
        *await both(
            client.post,
            f"/v1/talks/{planning}/approvals",
            json={"setVersion": 0},
            headers=manager,
        ),
        422,
        "competency-set-missing",
    )
    assert nl["rule"] == "R3.2"
    assert en["detail"] == (
        "The set cannot be agreed yet: The competency set is not composed yet. "
        "The set has no active work agreement."
    )
    assert nl["detail"] == (
        "Over de afsprakenset kan nog geen akkoord worden gegeven: De competentieset is nog "
        "niet samengesteld. De afsprakenset heeft geen lopende werkafspraak."
    )
    assert [p["rule"] for p in nl["invalidParams"]] == ["R3.2", "R4.1"]


async def test_r4_1_what_only_the_manager_does_is_named_in_dutch(client, org, manager, hr):
    cycle = await current_cycle(client, manager)
    en, nl = same_problem(
        *await both(
            client.put,
            f"/v1/cycles/{cycle['id']}/competency-set",
            json={"chosen": [], "crucial": []},
            headers=hr,
        ),
        403,
        "forbidden",
    )
    assert nl["rule"] == "R4.1"
    assert en["detail"] == (
        "Only the employee's manager (or delegated coordinator) composes the competency set."
    )
    assert nl["title"] == "Niet toegestaan"
    assert nl["detail"] == (
        "Alleen de leidinggevende van de medewerker (of de gedelegeerde coördinator) stelt de "
        "competentieset samen."
    )
