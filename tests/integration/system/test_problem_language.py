"""Problem answers come in the request's language (German unless `?lang=` or Accept-Language asks for
English) with a stable `type` per kind of problem, whatever produced them: a service, a guard, the CSRF
check, the rate limiter, msgspec's validation or Litestar's routing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from litestar.testing import TestClient

from api.lib import problem_types
from api.lib.problem_types import PROBLEM_TYPE_BASE
from tests.support.accounts import csrf_headers, sign_in, unique_email
from tests.support.factories import make_organisation
from tests.support.offer_members import add_member

PROBLEM = "application/problem+json"


@pytest.fixture()
def ask(client_without_language: TestClient) -> Callable[..., dict[str, Any]]:
    """Sends a request in one of three ways: with no language at all (German is the default), with
    Accept-Language: en, or with ?lang=en against a German Accept-Language; returns the problem."""
    client = client_without_language

    def send(way: str, method: str, path: str, status: int, **kwargs: Any) -> dict[str, Any]:
        headers = dict(kwargs.pop("headers", {}))
        params = dict(kwargs.pop("params", {}))
        if way == "header":
            headers["Accept-Language"] = "en-GB,en;q=0.9"
        elif way == "query":
            headers["Accept-Language"] = "de-DE,de;q=0.9"
            params["lang"] = "en"
        response = client.request(method, path, headers=headers, params=params, **kwargs)
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith(PROBLEM)
        assert response.headers["content-language"] == ("de" if way == "default" else "en")
        body: dict[str, Any] = response.json()
        assert body["status"] == status
        assert body["type"].startswith(PROBLEM_TYPE_BASE)
        return body

    return send


ENGLISH = ["header", "query"]


def test_invalid_parameters_name_each_field_in_the_language_asked_for(ask) -> None:
    german = ask("default", "GET", "/api/v1/offers", 400, params={"lat": 91, "lon": 8})

    assert german["type"] == problem_types.INVALID_PARAMETERS.uri
    assert german["title"] == "Ungültige Angaben"
    assert german["detail"] == "lat: muss zwischen -90 und 90 liegen"
    assert german["invalid-params"] == [{"name": "lat", "reason": "muss zwischen -90 und 90 liegen", "in": "query"}]
    for way in ENGLISH:
        english = ask(way, "GET", "/api/v1/offers", 400, params={"lat": 91, "lon": 8})
        assert english["type"] == german["type"] and english["title"] == "Invalid parameters"
        assert english["invalid-params"] == [{"name": "lat", "reason": "must be between -90 and 90", "in": "query"}]


def test_msgspec_validation_errors_are_translated(ask) -> None:
    german = ask("default", "GET", "/api/v1/offers", 400, params={"limit": "ten", "commitment": "sometimes"})

    assert german["type"] == problem_types.INVALID_PARAMETERS.uri
    reasons = {p["name"]: p["reason"] for p in german["invalid-params"]}
    assert reasons["limit"] == "muss eine ganze Zahl oder null sein (gesendet: Text)"
    assert reasons["commitment"] == "'sometimes' ist kein erlaubter Wert"
    assert german["detail"].startswith("Ungültiger Wert für ")
    for way in ENGLISH:
        english = ask(way, "GET", "/api/v1/offers", 400, params={"limit": "ten", "commitment": "sometimes"})
        reasons = {p["name"]: p["reason"] for p in english["invalid-params"]}
        assert reasons == {"limit": "Expected `int | null`, got `str`", "commitment": "Invalid enum value 'sometimes'"}


@pytest.mark.parametrize(
    ("body", "german_reason", "english_reason"),
    [
        ({"email": 5}, "muss ein Text sein (gesendet: ganze Zahl)", "Expected `str`, got `int`"),
        ({}, "Pflichtfeld `email` fehlt", "Object missing required field `email`"),
        ({"email": "a@example.org", "x": 1}, "unbekanntes Feld `x`", "Object contains unknown field `x`"),
        ({"email": "a" * 300}, "darf höchstens 254 Zeichen lang sein", "Expected `str` of length <= 254"),
        ([], "muss ein Objekt sein (gesendet: Liste)", "Expected `object`, got `array`"),
    ],
)
def test_body_validation_reasons_are_translated(client, ask, body, german_reason: str, english_reason: str) -> None:
    headers = csrf_headers(client)

    german = ask("default", "POST", "/api/v1/password-resets", 400, json=body, headers=headers)
    english = ask("header", "POST", "/api/v1/password-resets", 400, json=body, headers=headers)

    assert german["type"] == english["type"] == problem_types.INVALID_PARAMETERS.uri
    assert [p["reason"] for p in german["invalid-params"]] == [german_reason]
    assert [p["reason"] for p in english["invalid-params"]] == [english_reason]


def test_malformed_json_is_a_bad_request_in_german(client, ask) -> None:
    headers = {**csrf_headers(client), "Content-Type": "application/json"}

    german = ask("default", "POST", "/api/v1/password-resets", 400, content=b'{"email": ', headers=headers)

    assert german["type"] == problem_types.BAD_REQUEST.uri
    assert (german["title"], german["detail"]) == ("Fehlerhafte Anfrage", "Der Inhalt ist kein vollständiges JSON.")


def test_an_unknown_offer_is_not_found(ask) -> None:
    offer_id = uuid.uuid4()

    german = ask("default", "GET", f"/api/v1/offers/{offer_id}", 404)

    assert german["type"] == problem_types.NOT_FOUND.uri
    assert german["title"] == "Nicht gefunden"
    assert german["detail"] == f"Kein veröffentlichtes Angebot mit der ID {offer_id}"
    for way in ENGLISH:
        english = ask(way, "GET", f"/api/v1/offers/{offer_id}", 404)
        assert (english["title"], english["detail"]) == ("Not found", f"No published offer with id {offer_id}")


def test_unknown_routes_and_methods_are_typed_and_translated(ask) -> None:
    route = ask("default", "GET", "/api/v1/no-such-thing", 404)
    method = ask("default", "PATCH", "/api/v1/categories", 405)
    english = ask("query", "PATCH", "/api/v1/categories", 405)

    assert (route["type"], route["title"]) == (problem_types.NOT_FOUND.uri, "Nicht gefunden")
    assert route["detail"] == "Unter dieser Adresse gibt es nichts."
    assert (method["type"], method["title"]) == (problem_types.METHOD_NOT_ALLOWED.uri, "Methode nicht erlaubt")
    assert method["detail"] == "Diese Adresse unterstützt diese Methode nicht."
    assert english["title"] == "Method not allowed"


def test_a_guard_asks_for_sign_in(client, ask) -> None:
    client.cookies.clear()

    german = ask("default", "GET", "/api/v1/me/volunteer-profile", 401)

    assert german["type"] == problem_types.UNAUTHORIZED.uri
    assert (german["title"], german["detail"]) == ("Anmeldung erforderlich", "Melde dich zuerst an")
    for way in ENGLISH:
        english = ask(way, "GET", "/api/v1/me/volunteer-profile", 401)
        assert (english["title"], english["detail"]) == ("Sign-in required", "Sign in first")


def test_a_missing_csrf_token_is_forbidden(client, ask) -> None:
    client.cookies.clear()
    client.get("/api/v1/session")

    german = ask("default", "POST", "/api/v1/password-resets", 403, json={"email": unique_email()})

    assert german["type"] == problem_types.FORBIDDEN.uri
    assert german["title"] == "Nicht erlaubt"
    assert german["detail"].startswith("Das CSRF-Token fehlt oder passt nicht")
    for way in ENGLISH:
        english = ask(way, "POST", "/api/v1/password-resets", 403, json={"email": unique_email()})
        assert (english["title"], english["detail"]) == ("Not allowed", "CSRF token verification failed")


def test_a_conflict_explains_itself(client, db, ask) -> None:
    organisation = make_organisation(db)
    owner = add_member(db, organisation, "owner")
    sign_in(client, owner)
    path = f"/api/v1/organisations/{organisation['id']}/members/{owner.id}"

    german = ask("default", "PUT", path, 409, json={"role": "editor"}, headers=csrf_headers(client))

    assert german["type"] == problem_types.CONFLICT.uri
    assert german["title"] == "Konflikt"
    assert german["detail"].startswith("Eine Organisation behält mindestens eine Inhaberin oder einen Inhaber")
    for way in ENGLISH:
        english = ask(way, "PUT", path, 409, json={"role": "editor"}, headers=csrf_headers(client))
        assert english["title"] == "Conflict" and "at least one owner" in english["detail"]


def test_too_many_requests_says_when_to_try_again(client, ask) -> None:
    client.cookies.clear()
    email = unique_email()
    for _ in range(3):  # rate_limit_password_reset is 3/hour per address asked for
        assert client.post("/api/v1/password-resets", json={"email": email},
                           headers=csrf_headers(client)).status_code == 202

    german = ask("default", "POST", "/api/v1/password-resets", 429, json={"email": email},
                 headers=csrf_headers(client))

    assert german["type"] == problem_types.TOO_MANY_REQUESTS.uri
    assert german["title"] == "Zu viele Anfragen"
    assert german["detail"].startswith("Zu viele Anfragen; versuche es in ")
    for way in ENGLISH:
        english = ask(way, "POST", "/api/v1/password-resets", 429, json={"email": email},
                      headers=csrf_headers(client))
        assert english["title"] == "Too many requests" and english["detail"].startswith("Too many requests; try again")


def test_a_supported_language_further_down_accept_language_wins(client) -> None:
    response = client.get(f"/api/v1/offers/{uuid.uuid4()}", headers={"Accept-Language": "fr-FR, en;q=0.8, de;q=0.5"})

    assert response.headers["content-language"] == "en"
    assert response.json()["title"] == "Not found"
    assert "Accept-Language" in response.headers["vary"]


def test_the_openapi_document_lists_every_problem_type(client) -> None:
    schema = client.get("/schema/openapi.json").json()

    type_field = schema["components"]["schemas"]["ProblemDetails"]["properties"]["type"]
    assert type_field["examples"] == [kind.uri for kind in problem_types.ALL]
    for kind in problem_types.ALL:
        assert f"`{kind.uri}`" in type_field["description"]
    search_400 = schema["paths"]["/api/v1/offers"]["get"]["responses"]["400"]["content"][PROBLEM]
    [example] = search_400["examples"].values()
    assert example["value"]["type"] == problem_types.INVALID_PARAMETERS.uri
    assert example["value"]["title"] == "Ungültige Angaben"
    assert "Accept-Language" in schema["info"]["description"]
