"""The OpenAPI document's error answers (api/lib/openapi.py), descriptions and examples, read from the app as
clients read it. The contract run (test_openapi_contract.py) holds the app to them; these check that they are
there at all."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Any

import msgspec
from litestar.routes import HTTPRoute

from api.lib.openapi import RATE_LIMITED

PROBLEM = "application/problem+json"
UNSAFE = {"post", "put", "patch", "delete"}


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in UNSAFE | {"get"}:
                yield path, method, operation


def _schemas(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schemas(value)


def test_every_error_answer_is_a_documented_problem(client) -> None:
    document = client.get("/schema/openapi.json").json()

    not_problems = [
        f"{method.upper()} {path} {status}"
        for path, method, operation in _operations(document)
        for status, response in operation["responses"].items()
        if int(status) >= 400 and list(response.get("content", {})) != [PROBLEM]
    ]
    problem_refs = {
        response["content"][PROBLEM]["schema"].get("$ref")
        for _, _, operation in _operations(document)
        for status, response in operation["responses"].items() if int(status) >= 400
    }

    assert not_problems == []
    assert problem_refs == {"#/components/schemas/ProblemDetails"}
    problem = document["components"]["schemas"]["ProblemDetails"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    assert "invalid-params" in problem["properties"]


def test_error_answers_follow_from_how_an_operation_is_routed(client) -> None:
    document = client.get("/schema/openapi.json").json()
    statuses = {operation["operationId"]: set(operation["responses"]) for _, _, operation in _operations(document)}

    for path, method, operation in _operations(document):
        documented = statuses[operation["operationId"]]
        assert {"400", "414", "503"} <= documented, operation["operationId"]
        # The service worker renews its subscription without cookies, so without the CSRF token.
        if method in UNSAFE and operation["operationId"] != "renewPushSubscription":
            assert "403" in documented, operation["operationId"]
        if "{" in path:
            assert "404" in documented, operation["operationId"]
        if "requestBody" in operation:
            assert {"413", "415"} <= documented, operation["operationId"]
        if any(parameter["name"] == "If-Match" for parameter in operation.get("parameters", [])):
            assert "412" in documented, operation["operationId"]
    assert {"412", "428"} <= statuses["updateOffer"]
    assert "412" in statuses["updateOrganisation"]  # If-Match declared with HeaderParameter
    assert "412" in statuses["pauseOffer"] and "428" not in statuses["searchOffers"]
    assert {"401", "403"} <= statuses["moderationQueue"]  # requires_moderator, a safe method
    assert "401" in statuses["getMe"] and "403" not in statuses["getMe"]
    assert "401" not in statuses["getOrganisation"]  # a public read: no authentication at all
    assert "429" in statuses["signIn"] and "429" not in statuses["getMe"]
    assert "409" in statuses["moderationApproveOffer"]  # declared by its controller


def test_times_of_day_are_not_durations(client) -> None:
    document = client.get("/schema/openapi.json").json()
    quiet_start = document["components"]["schemas"]["VolunteerProfileRecord"]["properties"]["quiet_start"]

    assert not [schema for schema in _schemas(document) if schema.get("format") == "duration"]
    assert quiet_start["type"] == "string"
    assert re.fullmatch(quiet_start["pattern"], "21:00:00") and re.fullmatch(quiet_start["pattern"], "07:30")
    assert not re.fullmatch(quiet_start["pattern"], "PT21H") and not re.fullmatch(quiet_start["pattern"], "24:00")


def test_every_operation_that_counts_requests_documents_429(app) -> None:
    """RATE_LIMITED names the operations with a limit (a limit is code, not a declaration): a handler that
    counts requests (`rate_limits.hit`, `PasswordGuesses(...).counted`) and is missing there fails here."""
    counting = {
        handler.operation_id
        for route in app.routes if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
        if re.search(r"rate_limits\.hit\(|\.counted\(", inspect.getsource(handler.fn))
    }

    assert counting == RATE_LIMITED


def test_every_operation_says_what_it_does(client) -> None:
    """The API reference is the document: each operation's description (its handler's docstring) says who may
    call it, what it does and when it fails, beyond its one-line summary."""
    document = client.get("/schema/openapi.json").json()

    undescribed = [
        operation["operationId"]
        for _, _, operation in _operations(document)
        if not operation.get("description", "").strip() or operation["description"] == operation["summary"]
    ]

    assert undescribed == []


def test_every_success_answer_with_content_shows_an_example(client) -> None:
    document = client.get("/schema/openapi.json").json()

    without_example = [
        f"{operation['operationId']} {status} {media_type}"
        for _, _, operation in _operations(document)
        for status, response in operation["responses"].items() if status.startswith("2")
        for media_type, media in response.get("content", {}).items()
        if not (media.get("examples") or media.get("example") or media.get("schema", {}).get("examples"))
    ]

    assert without_example == []


def _fields(value: Any, at: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield f"{at}.{key}"
            yield from _fields(inner, f"{at}.{key}")
    elif isinstance(value, list):
        for inner in value:
            yield from _fields(inner, f"{at}[]")


def test_success_examples_are_answers_of_their_type(app) -> None:
    """Checked where they are declared (the ResponseSpec), since the served document drops every null from
    an example's value: each converts to the answer's type without an error and without losing a field."""
    checked, wrong = 0, []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for status, spec in (handler.responses or {}).items():
                if not 200 <= status < 300 or spec.data_container is None:
                    continue
                for example in spec.examples or []:
                    checked += 1
                    try:
                        answer = msgspec.convert(example.value, spec.data_container, strict=False)
                    except msgspec.ValidationError as error:
                        wrong.append(f"{handler.operation_id} {status}: {error}")
                        continue
                    lost = set(_fields(example.value)) - set(_fields(msgspec.to_builtins(answer)))
                    if lost:
                        wrong.append(f"{handler.operation_id} {status}: not in the answer: {sorted(lost)}")

    assert wrong == []
    assert checked >= 80
