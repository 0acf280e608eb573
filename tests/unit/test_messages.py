"""The API's texts in two languages: templates, their German catalogue, and the German for what msgspec,
Litestar and the e-mail validator say in English. The scans over api/ keep new English-only text out."""

from __future__ import annotations

import ast
import datetime
import re
import uuid
from pathlib import Path
from typing import Annotated, Literal

import msgspec
import pytest
from email_validator import EmailNotValidError, validate_email

from api.lib import problem_types
from api.lib.errors import InvalidInputError, InvalidParam, NotFoundError
from api.lib.messages import GERMAN, Message, msg, render, translate

API = Path(__file__).resolve().parents[2] / "api"
FIELD = re.compile(r"\{(\w*)[^{}]*\}")
# Litestar's own exceptions take a plain string; api/ raises them from guards and middlewares.
LITESTAR_EXCEPTIONS = {"HTTPException", "ClientException", "NotAuthorizedException", "PermissionDeniedException",
                       "NotFoundException", "ValidationException", "TooManyRequestsException",
                       "ServiceUnavailableException", "InternalServerException", "MethodNotAllowedException"}


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(), str(path))) for path in sorted(API.rglob("*.py"))]


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _calls(name_test) -> list[tuple[str, ast.Call]]:  # type: ignore[no-untyped-def]
    return [(f"{path.relative_to(API.parent)}:{node.lineno}", node)
            for path, module in _modules() for node in ast.walk(module)
            if isinstance(node, ast.Call) and name_test(_name(node))]


def _domain_errors() -> set[str]:
    """DomainError and every class in api/ that derives from it, by name."""
    bases = {node.name: {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
             for _, module in _modules() for node in ast.walk(module) if isinstance(node, ast.ClassDef)}
    found = {"DomainError"}
    while more := {name for name, parents in bases.items() if parents & found} - found:
        found |= more
    return found


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _is_plain_text(node: ast.expr | None) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def test_every_template_in_api_has_german_with_the_same_fields() -> None:
    templates = _calls(lambda name: name == "msg")
    assert len(templates) > 100

    for where, call in templates:
        template = call.args[0]
        assert isinstance(template, ast.Constant) and isinstance(template.value, str), f"{where}: not a literal"
        assert template.value in GERMAN, f"{where}: no German for {template.value!r}"
        fields = set(FIELD.findall(template.value))
        assert set(FIELD.findall(GERMAN[template.value])) == fields, where
        assert {k.arg for k in call.keywords} == fields, f"{where}: values {fields} expected"


def test_no_domain_error_or_invalid_param_is_raised_with_english_text() -> None:
    errors = _domain_errors()
    assert {"NotFoundError", "ConflictError", "PreconditionRequiredError", "PushUnavailableError"} <= errors

    offenders = [where for where, call in _calls(lambda name: name in errors)
                 if _is_plain_text(_argument(call, 0, "detail"))]
    offenders += [where for where, call in _calls(lambda name: name == "InvalidParam")
                  if _is_plain_text(_argument(call, 1, "reason"))]

    assert offenders == [], "write these with msg(...) so they can be answered in German"


def test_litestar_exceptions_raised_in_api_have_german() -> None:
    raised = _calls(lambda name: name in LITESTAR_EXCEPTIONS)

    for where, call in raised:
        detail = _argument(call, 0, "detail")
        assert not isinstance(detail, ast.JoinedStr), f"{where}: an f-string has no German"
        if isinstance(detail, ast.Constant):
            assert detail.value in GERMAN, f"{where}: no German for {detail.value!r}"


def test_every_german_entry_is_used() -> None:
    literals = {node.value for _, module in _modules() for node in ast.walk(module)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    from_litestar = {"CSRF token verification failed"}  # litestar.middleware.csrf raises it

    assert set(GERMAN) - from_litestar - literals == set()


def test_the_error_docs_list_every_problem_type_with_both_titles() -> None:
    docs = (API.parent / "docs" / "api-errors.md").read_text()

    for kind in problem_types.ALL:
        assert f"| `{kind.uri}` | {kind.status} | {render(kind.title, 'de')} / {render(kind.title, 'en')} |" in docs


def test_a_message_renders_its_values_in_each_language() -> None:
    reason = msg("must be between {min} and {max}", min=-90, max=90.5)

    assert render(reason, "de") == "muss zwischen -90 und 90,5 liegen"
    assert render(reason, "en") == str(reason) == "must be between -90 and 90.5"
    nested = msg("{name}: {reason}", name="lat", reason=reason)
    assert render(nested, "de") == "lat: muss zwischen -90 und 90,5 liegen"


def test_str_of_an_error_stays_english_for_logs() -> None:
    error = NotFoundError(msg("No offer with id {id}", id="42"))
    invalid = InvalidInputError(InvalidParam("q", msg("must not contain NUL characters")))

    assert str(error) == "No offer with id 42"
    assert error.detail_in("de") == "Kein Angebot mit der ID 42"
    assert str(invalid) == "q: must not contain NUL characters"
    assert invalid.detail_in("de") == "q: darf keine NUL-Zeichen enthalten"


def test_plain_english_without_german_becomes_a_generic_german_sentence() -> None:
    assert render("Something nobody translated", "de") == "ist ungültig"
    assert render("Something nobody translated", "de", fallback=problem_types.NOT_FOUND.detail) == (
        "Unter dieser Adresse gibt es nichts.")
    assert render("Something nobody translated", "en") == "Something nobody translated"
    assert isinstance(problem_types.NOT_FOUND.title, Message)


class _Point(msgspec.Struct, forbid_unknown_fields=True):
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]


class _Body(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=2, max_length=5)]
    code: Annotated[str, msgspec.Meta(pattern="^[a-z]+$")] = "a"
    count: Annotated[int, msgspec.Meta(ge=1, le=10, multiple_of=1)] = 1
    ratio: Annotated[float, msgspec.Meta(gt=0, lt=1)] = 0.5
    every: Annotated[int, msgspec.Meta(multiple_of=5)] = 5
    kind: Literal["a", "b"] = "a"
    id: uuid.UUID | None = None
    when: datetime.datetime | None = None
    aware: Annotated[datetime.datetime, msgspec.Meta(tz=True)] | None = None
    day: datetime.date | None = None
    at: datetime.time | None = None
    tags: Annotated[list[str], msgspec.Meta(min_length=1, max_length=2)] = msgspec.field(default_factory=lambda: ["x"])
    pair: tuple[int, int] = (1, 2)
    point: _Point | None = None
    raw: bytes = b""


@pytest.mark.parametrize(
    ("value", "german"),
    [
        ({"name": 5}, "muss ein Text sein (gesendet: ganze Zahl)"),
        ({}, "Pflichtfeld `name` fehlt"),
        ({"name": "ab", "x": 1}, "unbekanntes Feld `x`"),
        ({"name": "abcdefg"}, "darf höchstens 5 Zeichen lang sein"),
        ({"name": "a"}, "muss mindestens 2 Zeichen lang sein"),
        ({"name": "ab", "code": "ABC"}, "hat nicht die erwartete Form '^[a-z]+$'"),
        ({"name": "ab", "count": 0}, "muss mindestens 1 sein"),
        ({"name": "ab", "count": 11}, "darf höchstens 10 sein"),
        ({"name": "ab", "ratio": 0}, "muss größer als 0 sein"),
        ({"name": "ab", "ratio": 1}, "muss kleiner als 1 sein"),
        ({"name": "ab", "every": 7}, "muss ein Vielfaches von 5 sein"),
        ({"name": "ab", "count": 1.5}, "muss eine ganze Zahl sein (gesendet: Zahl)"),
        ({"name": "ab", "kind": "c"}, "'c' ist kein erlaubter Wert"),
        ({"name": "ab", "id": "nope"}, "ist keine gültige UUID"),
        ({"name": "ab", "when": "nope"}, "ist kein gültiger Zeitpunkt (z. B. 2027-05-01T10:00:00Z)"),
        ({"name": "ab", "aware": "2027-05-01T10:00:00"}, "braucht eine Zeitzone (z. B. Z oder +01:00)"),
        ({"name": "ab", "day": "2027-13-01"}, "ist kein gültiges Datum (z. B. 2027-05-01)"),
        ({"name": "ab", "at": "25:00"}, "ist keine gültige Uhrzeit (z. B. 10:00:00)"),
        ({"name": "ab", "tags": []}, "muss mindestens 1 Einträge haben"),
        ({"name": "ab", "tags": ["a", "b", "c"]}, "darf höchstens 2 Einträge haben"),
        ({"name": "ab", "pair": [1]}, "muss genau 2 Einträge haben"),
        ({"name": "ab", "point": {"lat": 100}}, "darf höchstens 90 sein"),
        ({"name": "ab", "point": []}, "muss ein Objekt oder null sein (gesendet: Liste)"),
        ({"name": "ab", "raw": "!!"}, "ist kein gültiges Base64"),
        ({"name": None}, "muss ein Text sein (gesendet: null)"),
        ([1], "muss ein Objekt sein (gesendet: Liste)"),
    ],
)
def test_msgspec_validation_messages_have_german(value, german: str) -> None:
    """The messages come from the installed msgspec, so an upgrade that rewords one shows up here."""
    with pytest.raises(msgspec.ValidationError) as raised:
        msgspec.convert(value, _Body)
    # Litestar keeps the part before " - at `$...`" and names the field itself.
    message = str(raised.value).split(" - ", 1)[0]

    assert translate(message) == german


@pytest.mark.parametrize("body", [b"{not json", b'{"name": "a"} x', b"\xff", b'{"name": '])
def test_json_decode_errors_have_german(body: bytes) -> None:
    with pytest.raises(msgspec.DecodeError) as raised:
        msgspec.json.decode(body)

    german = translate(str(raised.value))

    assert german == "Der Inhalt ist kein vollständiges JSON." or re.fullmatch(
        r"Der Inhalt ist kein gültiges JSON \(Fehler bei Byte \d+\)\.", german or "")


@pytest.mark.parametrize(
    ("address", "german"),
    [
        ("anna.example.org", "braucht ein @-Zeichen"),
        ("@example.org", "braucht etwas vor dem @-Zeichen"),
        ("anna@", "braucht etwas nach dem @-Zeichen"),
        ("anna@example", "braucht nach dem @-Zeichen einen Punkt (z. B. beispiel.de)"),
        ("anna..b@example.org", "darf keine zwei Punkte hintereinander enthalten"),
        ("anna@exa mple.org", "ist keine gültige E-Mail-Adresse"),
    ],
)
def test_email_validator_reasons_have_german(address: str, german: str) -> None:
    with pytest.raises(EmailNotValidError) as raised:
        validate_email(address, check_deliverability=False)

    assert render(str(raised.value), "de") == german
