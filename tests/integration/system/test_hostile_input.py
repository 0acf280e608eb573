"""Bad input is a 400 problem naming the field, never a 500, on every operation of the OpenAPI document:
NUL in any text (query, path, JSON body at any depth, keys too), text over its declared length, numbers out
of range, JSON nested too deep, bytes that are not UTF-8 and points in time at the ends of the calendar; a
malformed id in any path is a 400 naming it, a number sent as a string is a 400 naming the field, and a
body that is not JSON is a 415.

The cases are generated from the document, so a new operation or field is covered without a new test; each
is sent anonymously, as a resident, as an organisation's owner and as a moderator."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from litestar.testing import TestClient

from api.lib.problem_types import INVALID_PARAMETERS
from api.lib.request_input import MAX_JSON_DEPTH
from tests.support.accounts import Person, csrf_headers, make_person, sign_in
from tests.support.factories import make_offer, make_organisation
from tests.support.moderation_desk import add_member

PROBLEM = "application/problem+json"
NUL = "a\x00b"
HUGE_INT = 10**20
HUGE_NUMBER = 1e308
CALLERS = ["anonymous", "resident", "owner", "moderator"]


@dataclass
class Case:
    """One request with one bad value, and the name the answer must give it."""

    method: str
    path: str
    field: str
    location: str
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    base_query: dict[str, Any] = field(default_factory=dict)
    """The operation's required query parameters and example body, without the bad value."""
    example: Any = None

    @property
    def bad_text_is_nul(self) -> bool:
        return "%00" in self.path or "\\u0000" in json.dumps([self.query, self.body])

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.location}:{self.field}"


class Document:
    """The OpenAPI document, with what the cases need from it."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema or "allOf" in schema:
            if "allOf" in schema:
                schema = schema["allOf"][0]
                continue
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.spec["components"]["schemas"][name]
        variants = [self.resolve(s) for s in schema.get("oneOf", schema.get("anyOf", []))]
        useful = [v for v in variants if v.get("type") not in ("null", None) or "properties" in v]
        return useful[0] if useful else schema

    def operations(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for path, item in sorted(self.spec["paths"].items()):
            for method, operation in sorted(item.items()):
                if method in {"get", "post", "put", "patch", "delete"}:
                    yield method.upper(), path, operation

    def body_schema(self, operation: dict[str, Any]) -> dict[str, Any] | None:
        content = operation.get("requestBody", {}).get("content", {})
        media = content.get("application/json")
        return self.resolve(media["schema"]) if media and "schema" in media else None

    def body_example(self, operation: dict[str, Any]) -> Any:
        media = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        examples = media.get("schema", {}).get("examples") or [{}]
        return examples[0]

    def leaves(self, schema: dict[str, Any], path: str = "", depth: int = 0) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every scalar field of a body schema by its JSON path (`title`, `location.lat`, `skills[0]`)."""
        schema = self.resolve(schema)
        if depth > 6:
            return
        if schema.get("type") == "object" or "properties" in schema:
            for name, child in schema.get("properties", {}).items():
                yield from self.leaves(child, f"{path}.{name}" if path else name, depth + 1)
        elif schema.get("type") == "array" and "items" in schema:
            yield from self.leaves(schema["items"], f"{path}[0]", depth + 1)
        elif path:
            yield path, schema


def _set(body: Any, path: str, value: Any) -> Any:
    """A copy of `body` with `value` at the JSON path, creating what is missing on the way."""
    document = json.loads(json.dumps(body)) if isinstance(body, dict) else {}
    parts = [p for p in path.replace("[0]", ".[0]").split(".") if p]
    node: Any = document
    for part, following in zip(parts, [*parts[1:], None], strict=True):
        fresh: Any = [] if following == "[0]" else {}
        if part == "[0]":
            if not node:
                node.append(fresh if following else value)
            if following is None:
                node[0] = value
            elif not isinstance(node[0], (dict, list)):
                node[0] = fresh
            node = node[0]
        else:
            if following is None:
                node[part] = value
            else:
                if not isinstance(node.get(part), (dict, list)):
                    node[part] = fresh
                node = node[part]
    return document


def _bad_values(schema: dict[str, Any]) -> list[Any]:
    kind = schema.get("type")
    if kind == "string" and schema.get("format") not in {"uuid"}:
        values: list[Any] = [NUL]
        if "maxLength" in schema and schema["maxLength"] < 100_000:
            values.append("x" * (schema["maxLength"] + 1))
        return values
    if kind == "integer":
        return [HUGE_INT]
    if kind == "number":
        return [HUGE_NUMBER]
    return []


@dataclass
class World:
    organisation: dict[str, Any]
    offer: dict[str, Any]
    people: dict[str, Person]


def _fill_path(path: str, operation: dict[str, Any], world: World, bad: tuple[str, str] | None = None) -> str:
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path":
            continue
        name = parameter["name"]
        if bad and bad[0] == name:
            value = quote(bad[1], safe="")
        elif "organisation" in name or name == "slug":
            value = str(world.organisation["slug" if name == "slug" else "id"])
        elif "offer" in name:
            value = str(world.offer["id"])
        elif name == "target_type":
            value = "offer"
        else:
            value = str(uuid.uuid4())
        path = path.replace("{" + name + "}", value)
    return path


def _required_query(operation: dict[str, Any], document: Document) -> dict[str, Any]:
    """Plausible values for required query parameters, so the bad one is what the answer is about."""
    values: dict[str, Any] = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and parameter.get("required"):
            schema = document.resolve(parameter.get("schema", {}))
            example = parameter.get("example", schema.get("example"))
            values[parameter["name"]] = example if example is not None else {
                "integer": 1, "number": 1, "boolean": "true"}.get(schema.get("type", ""), "x")
    return values


def cases(document: Document, world: World) -> list[Case]:
    found: list[Case] = []
    for method, path, operation in document.operations():
        if path.startswith("/schema"):
            continue
        base_query = _required_query(operation, document)
        example = document.body_example(operation) if document.body_schema(operation) else None
        known = {"base_query": base_query, "example": example}
        for parameter in operation.get("parameters", []):
            schema = document.resolve(parameter.get("schema", {}))
            for value in _bad_values(schema):
                name = parameter["name"]
                if parameter["in"] == "query":
                    found.append(Case(method, _fill_path(path, operation, world), name, "query",
                                      query={**base_query, name: value}, body=example, **known))
                elif parameter["in"] == "path" and isinstance(value, str):
                    found.append(Case(method, _fill_path(path, operation, world, (name, value)), name, "path",
                                      query=base_query, body=example, **known))
        schema = document.body_schema(operation)
        if schema is None:
            continue
        for name, leaf in document.leaves(schema):
            for value in _bad_values(leaf):
                found.append(Case(method, _fill_path(path, operation, world), name, "body",
                                  query=base_query, body=_set(example, name, value), **known))
        # A NUL in a key is as bad as one in a value.
        found.append(Case(method, _fill_path(path, operation, world), "x\\u0000y", "body", query=base_query,
                          body={**(example if isinstance(example, dict) else {}), "x\x00y": 1}, **known))
    return found


@pytest.fixture()
def world(db: psycopg.Connection) -> World:
    organisation = make_organisation(db)
    offer = make_offer(db, organisation, status="draft")
    people = {
        "resident": make_person(db),
        "owner": add_member(db, organisation, role="owner"),
        "moderator": make_person(db, moderator=True),
    }
    return World(organisation, offer, people)


@pytest.fixture(scope="module")
def document(client: TestClient) -> Document:
    return Document(client.get("/schema/openapi.json").json())


def _as(client: TestClient, caller: str, world: World) -> dict[str, str]:
    if caller == "anonymous":
        client.cookies.clear()
    else:
        sign_in(client, world.people[caller])
    return csrf_headers(client)


def _send(client: TestClient, case: Case, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    body = json.dumps(case.body).encode() if case.body is not None and case.method != "GET" else None
    return client.request(case.method, case.path, params=case.query, content=body,
                          headers={**headers, "Content-Type": "application/json"} if body else headers)


def _names(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {p["name"] for p in response.json().get("invalid-params") or []}


def _fault(response, case: Case, baseline: Callable[[], set[str]]) -> str | None:  # type: ignore[no-untyped-def]
    """What is wrong with the answer to a case, or None. A 400 names the field (or the object holding it,
    for rules over several fields such as a location); a value that passes the schema may instead meet a
    rule the documented example itself breaks (an expired token), so then the example's own faults do."""
    if response.status_code >= 500:
        return f"{case}: {response.status_code} {response.text[:200]}"
    if response.status_code != 400:
        return None
    if not response.headers["content-type"].startswith(PROBLEM):
        return f"{case}: 400 without problem+json"
    names = _names(response)
    if any(case.field == name or case.field.startswith((name + ".", name + "[")) for name in names):
        return None
    if not case.bad_text_is_nul and names and names <= baseline():
        return None
    return f"{case}: 400 naming {sorted(names)}"


@pytest.mark.parametrize("caller", CALLERS)
def test_no_bad_value_in_any_field_of_any_operation_is_a_server_error(
    client: TestClient, document: Document, world: World, caller: str
) -> None:
    table = cases(document, world)
    assert len(table) > 200, "the document should yield cases for every operation's fields"
    headers = _as(client, caller, world)
    faults = []
    for case in table:
        response = _send(client, case, headers)

        def baseline(case: Case = case, headers: dict[str, str] = headers) -> set[str]:
            answer = _send(client, replace(case, query=case.base_query, body=case.example), headers)
            return _names(answer) if answer.status_code == 400 else set()

        fault = _fault(response, case, baseline)
        if fault:
            faults.append(fault)
        elif case.bad_text_is_nul:
            # The guard runs before sign-in checks and handlers: every NUL is a 400, whoever asks.
            assert response.status_code == 400, f"{case}: {response.status_code}"
        if case.method == "DELETE" and caller != "anonymous" and response.status_code < 300:
            headers = _as(client, caller, world)
    assert not faults, "\n".join(faults)


def test_nul_in_a_path_parameter_is_named(client: TestClient, world: World) -> None:
    response = client.get(f"/api/v1/organisations/{quote(NUL)}")
    assert response.status_code == 400, response.text
    assert response.json()["invalid-params"][0] == {
        "name": "slug", "reason": "must not contain NUL characters", "in": "path"}


def test_nul_is_named_in_german_by_default(client_without_language: TestClient) -> None:
    response = client_without_language.get("/api/v1/places", params={"q": NUL})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["type"] == INVALID_PARAMETERS.uri
    assert body["invalid-params"] == [{"name": "q", "reason": "darf keine NUL-Zeichen enthalten", "in": "query"}]


def test_nul_in_a_nested_body_field_is_named_by_its_path(client: TestClient) -> None:
    client.cookies.clear()
    response = client.post("/api/v1/push/subscriptions", headers=csrf_headers(client),
                           json={"endpoint": "https://push.example/x", "keys": {"p256dh": NUL, "auth": "x"}})
    assert response.status_code == 400, response.text
    assert {"name": "keys.p256dh", "reason": "must not contain NUL characters", "in": "body"} in (
        response.json()["invalid-params"])


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_json_nested_too_deep_is_a_400(client: TestClient, depth: int) -> None:
    client.cookies.clear()
    body = '{"email": ' + "[" * depth + "]" * depth + ', "password": "x"}'
    response = client.post("/api/v1/session", content=body, headers={**csrf_headers(client),
                                                                      "Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["invalid-params"] == [
        {"name": "body", "reason": f"nests deeper than {MAX_JSON_DEPTH} levels", "in": "body"}]


def test_json_nested_within_the_limit_is_judged_by_the_schema(client: TestClient) -> None:
    client.cookies.clear()
    body = '{"email": ' + "[" * 10 + "]" * 10 + ', "password": "x"}'
    response = client.post("/api/v1/session", content=body, headers={**csrf_headers(client),
                                                                      "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "email"


def test_brackets_inside_strings_do_not_count_as_nesting(client: TestClient) -> None:
    client.cookies.clear()
    response = client.post("/api/v1/session", json={"email": "[{" * 100 + "@example.org", "password": "x"},
                           headers=csrf_headers(client))
    assert response.status_code in {400, 401}, response.text
    assert "nests deeper" not in response.text


def test_body_that_is_not_utf8_is_a_400(client: TestClient) -> None:
    client.cookies.clear()
    response = client.post("/api/v1/session", content=b'{"email": "\xff\xfe@example.org", "password": "x"}',
                           headers={**csrf_headers(client), "Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["invalid-params"] == [
        {"name": "body", "reason": "is not valid UTF-8 (byte 11)", "in": "body"}]


@pytest.mark.parametrize("query", ["q=%FF%FE", "q=%ED%A0%80", "q=Garten%00"])
def test_query_that_is_not_utf8_or_holds_nul_is_a_400(client: TestClient, query: str) -> None:
    response = client.get(f"/api/v1/offers?{query}")
    assert response.status_code == 400, response.text
    assert [p["name"] for p in response.json()["invalid-params"]] == ["q"]


CALENDAR_ENDS = [
    "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59Z", "1899-12-31T23:00:00Z",
]


@pytest.mark.parametrize("moment", CALENDAR_ENDS)
@pytest.mark.parametrize("name", ["starts_after", "starts_before"])
def test_search_dates_at_the_ends_of_the_calendar_are_a_400(client: TestClient, name: str, moment: str) -> None:
    response = client.get("/api/v1/offers", params={name: moment})
    assert response.status_code == 400, response.text
    assert [p["name"] for p in response.json()["invalid-params"]] == [name]


def _draft(**changes: Any) -> dict[str, Any]:
    return {"title": "Vorlesen", "summary": "Kindern vorlesen", "description": "<p>Jede Woche</p>",
            "categories": ["culture-education"], "commitment": "one_off", "is_remote": True,
            "starts_at": "2030-05-01T10:00:00+02:00", **changes}


@pytest.mark.parametrize("moment", CALENDAR_ENDS)
@pytest.mark.parametrize("name", ["starts_at", "ends_at"])
def test_offer_dates_at_the_ends_of_the_calendar_are_a_400(
    client: TestClient, world: World, name: str, moment: str
) -> None:
    headers = _as(client, "owner", world)
    created = client.post(f"/api/v1/manage/organisations/{world.organisation['id']}/offers",
                          json=_draft(**{name: moment}), headers=headers)
    assert created.status_code == 400, created.text
    assert name in [p["name"] for p in created.json()["invalid-params"]]
    edited = client.patch(f"/api/v1/manage/offers/{world.offer['id']}", json={name: moment},
                          headers={**headers, "If-Match": 'W/"1"'})
    assert edited.status_code == 400, edited.text
    assert name in [p["name"] for p in edited.json()["invalid-params"]]


@pytest.mark.parametrize(("name", "value"), [("capacity", 10**12), ("hours_per_week", 1e308), ("min_age", 10**20)])
def test_offer_numbers_out_of_range_are_a_400(client: TestClient, world: World, name: str, value: Any) -> None:
    headers = _as(client, "owner", world)
    response = client.post(f"/api/v1/manage/organisations/{world.organisation['id']}/offers",
                           json=_draft(**{name: value}), headers=headers)
    assert response.status_code == 400, response.text
    assert [p["name"] for p in response.json()["invalid-params"]] == [name]


def test_handlers_still_read_the_body_after_the_guard(client: TestClient, world: World) -> None:
    headers = _as(client, "owner", world)
    response = client.post(f"/api/v1/manage/organisations/{world.organisation['id']}/offers", json=_draft(),
                           headers=headers)
    assert response.status_code == 201, response.text
    assert response.json()["title"] == "Vorlesen"


# Malformed ids, bodies that are not JSON, numbers as strings: generated from the document as well. Who may
# not call an operation at all is refused first (401, 403); whoever may is told what is wrong with the request.
REFUSED_CALLER = {401, 403}


def _malformed_id_cases(document: Document, world: World, malformed: str) -> list[Case]:
    found = []
    for method, path, operation in document.operations():
        base_query = _required_query(operation, document)
        example = document.body_example(operation) if document.body_schema(operation) else None
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and document.resolve(parameter.get("schema", {})).get("format") == "uuid":
                found.append(Case(method, _fill_path(path, operation, world, (parameter["name"], malformed)),
                                  parameter["name"], "path", query=base_query, body=example))
    return found


def _json_body_cases(document: Document, world: World) -> list[Case]:
    return [
        Case(method, _fill_path(path, operation, world), "body", "body", query=_required_query(operation, document),
             body=document.body_example(operation))
        for method, path, operation in document.operations()
        if document.body_schema(operation) is not None
    ]


_AS_STRING = {"integer": "5", "number": "5", "boolean": "true"}


def _string_for_a_scalar_cases(document: Document, world: World) -> list[Case]:
    """Each number or boolean of each body, sent as the string a lenient decoder would turn into it."""
    found = []
    for method, path, operation in document.operations():
        schema = document.body_schema(operation)
        if schema is None:
            continue
        example = document.body_example(operation)
        for name, leaf in document.leaves(schema):
            kinds = leaf.get("type", [])
            kinds = set(kinds) if isinstance(kinds, list) else {kinds}
            text = next((_AS_STRING[kind] for kind in _AS_STRING if kind in kinds), None)
            if text is not None and "string" not in kinds:
                found.append(Case(method, _fill_path(path, operation, world), name, "body",
                                  query=_required_query(operation, document), body=_set(example, name, text)))
    return found


def _check_every_caller(client: TestClient, world: World, table: list[Case], expected: int,
                        send: Callable[[Case, dict[str, str]], Any]) -> None:
    """Every caller gets `expected` (a 400 naming the case's field) or is refused as a caller; and for each case
    someone gets `expected`, so the refusals do not hide the answer."""
    faults = []
    answered: set[str] = set()
    for caller in CALLERS:
        headers = _as(client, caller, world)
        for case in table:
            response = send(case, headers)
            if not response.headers.get("content-type", "").startswith(PROBLEM):
                faults.append(f"{caller} {case}: {response.status_code} {response.headers.get('content-type')}")
            elif response.status_code == expected and (expected != 400 or any(
                    case.field == name or case.field.startswith((name + ".", name + "["))
                    for name in _names(response))):
                answered.add(str(case))
            elif response.status_code not in REFUSED_CALLER:
                faults.append(f"{caller} {case}: {response.status_code} {response.text[:200]}")
    faults += [f"nobody got {expected}: {case}" for case in table if str(case) not in answered]
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize("malformed", ["not-a-uuid", NUL])
def test_a_malformed_id_in_any_path_is_a_400_naming_it(
    client: TestClient, document: Document, world: World, malformed: str
) -> None:
    table = _malformed_id_cases(document, world, malformed)
    assert len(table) > 40, "every id in a path should be documented as a UUID"
    _check_every_caller(client, world, table, 400, lambda case, headers: _send(client, case, headers))


@pytest.mark.parametrize("path", ["/api/v1/offers/not-a-uuid", "/api/v1/offers/not-a-uuid.ics",
                                  "/api/v1/organisations/not-a-uuid/manage", "/api/v1/admin/moderators/42"])
def test_a_malformed_id_is_named_in_the_path(client: TestClient, path: str) -> None:
    client.cookies.clear()
    response = client.request("PUT" if "admin" in path else "GET", path, headers=csrf_headers(client))
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    [named] = response.json()["invalid-params"]
    assert named["reason"] == "must be a UUID" and named["in"] == "path"
    assert named["name"] in {"offer_id", "organisation_id", "user_id"}


def test_a_well_formed_unknown_id_is_still_a_404(client: TestClient, world: World) -> None:
    headers = _as(client, "owner", world)
    response = client.get(f"/api/v1/organisations/{uuid.uuid4()}/manage", headers=headers)
    assert response.status_code in {403, 404}, response.text
    assert client.get(f"/api/v1/organisations/{world.organisation['id']}/nothing-here").status_code == 404


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_is_a_415_on_every_json_operation(
    client: TestClient, document: Document, world: World, content_type: str | None
) -> None:
    table = _json_body_cases(document, world)
    assert len(table) > 30

    def send(case: Case, headers: dict[str, str]):  # type: ignore[no-untyped-def]
        sent = {**headers, "Content-Type": content_type} if content_type else headers
        return client.request(case.method, case.path, params=case.query, content=json.dumps(case.body).encode(),
                              headers=sent)

    _check_every_caller(client, world, table, 415, send)


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "Application/JSON; Charset=UTF-8",
                                          "application/merge-patch+json"])
def test_json_by_any_of_its_names_is_read(client: TestClient, content_type: str) -> None:
    client.cookies.clear()
    response = client.post("/api/v1/session", content=b'{"email": "nobody@example.org", "password": "x"}',
                           headers={**csrf_headers(client), "Content-Type": content_type})
    assert response.status_code == 401, response.text


@pytest.mark.parametrize(("content_type", "detail"), [
    ("text/plain", "The body must be application/json, not text/plain"),
    (None, "The body must be application/json, not -"),
    ("application/json; charset=iso-8859-1", "The body must be UTF-8-encoded JSON, not iso-8859-1"),
])
def test_the_415_says_what_the_body_must_be(client: TestClient, content_type: str | None, detail: str) -> None:
    client.cookies.clear()
    headers = {**csrf_headers(client), **({"Content-Type": content_type} if content_type else {})}
    response = client.post("/api/v1/session", content=b'{"email": "nobody@example.org", "password": "x"}',
                           headers=headers)
    assert response.status_code == 415, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["type"] == "https://volumap.bielefeld.de/problems/unsupported-media-type"
    assert response.json()["detail"] == detail


def test_a_415_comes_after_the_sign_in_check(client: TestClient, world: World) -> None:
    client.cookies.clear()
    response = client.patch("/api/v1/me", content=b"display_name=x", headers={
        **csrf_headers(client), "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 401, response.text


def test_no_body_at_all_is_a_400_naming_the_body(client: TestClient) -> None:
    client.cookies.clear()
    response = client.post("/api/v1/session", headers=csrf_headers(client))
    assert response.status_code == 400, response.text
    assert response.json()["invalid-params"] == [{"name": "body", "reason": "is required", "in": "body"}]


def test_no_body_field_takes_a_string_for_a_number_or_a_boolean(
    client: TestClient, document: Document, world: World
) -> None:
    table = _string_for_a_scalar_cases(document, world)
    assert len(table) > 10, "the document should have numbers and booleans in bodies"
    _check_every_caller(client, world, table, 400, lambda case, headers: _send(client, case, headers))


def test_a_number_as_a_string_is_named_with_what_was_expected(client: TestClient, world: World) -> None:
    headers = _as(client, "owner", world)
    response = client.post(f"/api/v1/manage/organisations/{world.organisation['id']}/offers",
                           json=_draft(capacity="5"), headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["invalid-params"] == [
        {"name": "capacity", "reason": "Expected `int | null`, got `str`", "in": "body"}]


def test_json_numbers_booleans_and_times_are_read_in_their_json_forms(client: TestClient, world: World) -> None:
    headers = _as(client, "owner", world)
    response = client.post(
        f"/api/v1/manage/organisations/{world.organisation['id']}/offers", headers=headers,
        json=_draft(commitment="regular", starts_at=None, hours_per_week=4, capacity=3, min_age=16, is_remote=False,
                    location={"lat": 52.02, "lon": 8.53}, accessible=True),
    )
    assert response.status_code == 201, response.text
    offer = response.json()
    assert (offer["hours_per_week"], offer["capacity"], offer["min_age"]) == (4.0, 3, 16)
    assert offer["is_remote"] is False and offer["accessible"] is True
    timed = client.post(f"/api/v1/manage/organisations/{world.organisation['id']}/offers", headers=headers,
                        json=_draft(starts_at="2030-05-01T10:00:00+02:00", ends_at="2030-05-01T12:00:00Z"))
    assert timed.status_code == 201, timed.text
    assert timed.json()["starts_at"].startswith("2030-05-01T08:00:00")


def test_query_parameters_are_still_read_from_text(client: TestClient) -> None:
    response = client.get("/api/v1/offers", params={"limit": "5", "remote": "true", "lat": "52.02", "lon": "8.53"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(("caller", "query", "status"), [
    ("anonymous", {}, 401),
    ("resident", {}, 403),
    ("moderator", {"record_id": "not-a-uuid"}, 400),
    ("moderator", {"actor_id": "42"}, 400),
    ("moderator", {"record_type": "x" * 41}, 400),
    ("moderator", {"record_type": NUL}, 400),
])
def test_the_audit_csv_answers_errors_as_problems(
    client: TestClient, world: World, caller: str, query: dict[str, str], status: int
) -> None:
    _as(client, caller, world)
    response = client.get("/api/v1/moderation/audit.csv", params=query, headers={"Accept": "text/csv"})
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    if status == 400:
        assert [(p["name"], p["in"]) for p in response.json()["invalid-params"]] == [(next(iter(query)), "query")]


def test_the_audit_csv_itself_is_csv_in_utf8(client: TestClient, world: World) -> None:
    _as(client, "moderator", world)
    response = client.get("/api/v1/moderation/audit.csv", headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text.startswith("id,created_at,actor_id")


def test_limits_out_of_range_are_a_400_naming_them(client: TestClient, world: World) -> None:
    _as(client, "moderator", world)
    for path in ("/api/v1/places", "/api/v1/moderation/audit", "/api/v1/moderation/queue",
                 "/api/v1/moderation/reports", "/api/v1/moderation/feedback"):
        for limit in (0, 10**6, HUGE_INT):
            response = client.get(path, params={"limit": limit, "q": "Mitte"})
            assert response.status_code == 400, f"{path} {limit}: {response.text}"
            assert "limit" in _names(response), f"{path} {limit}: {response.text}"
