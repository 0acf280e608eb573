"""What a request carries, checked once before any handler sees it: text PostgreSQL cannot store (NUL),
bytes that are not UTF-8, and JSON nested so deep that decoding it would exhaust the stack. Each finding
is an `InvalidParam` naming the field (query and path parameters by name, body fields by their JSON path,
as msgspec's own validation names them), so bad input is a 400 rather than an error from the database.

Then, as a handler's body is read (JSONBodyRequest): a body that is not JSON is a 415, and JSON is decoded
strictly into the handler's schema, so `"capacity": "5"` is a 400 rather than the number 5. A path that
names a route but with a malformed id is a 400 naming the parameter (malformed_path_parameters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes
from uuid import UUID

import msgspec
from litestar import Request
from litestar.exceptions import SerializationException, ValidationException

from api.lib.errors import DomainError, InvalidParam
from api.lib.messages import IS_INVALID, msg

if TYPE_CHECKING:
    from litestar.routes import BaseRoute

MAX_JSON_DEPTH = 32
# Enough to show what is wrong without an answer as large as a hostile request.
MAX_FINDINGS = 20

NO_NUL = msg("must not contain NUL characters")
NOT_UTF8 = msg("must be valid UTF-8")
NOT_A_UUID = msg("must be a UUID")

# A JSON string (escapes included) or a bracket; strings are matched only to skip the brackets in them. An
# unterminated string runs to the end in one match, so no input makes the scan quadratic.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
# Characters a field name is shown without: control characters would garble the answer.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def printable(name: str) -> str:
    return _UNPRINTABLE.sub(lambda found: f"\\u{ord(found[0]):04x}", name)


def query_problems(query_string: bytes) -> list[InvalidParam]:
    """Parameters whose name or value is not UTF-8 or holds a NUL, parsed the way Litestar parses them
    (which would silently turn bad bytes into U+FFFD)."""
    problems: dict[str, InvalidParam] = {}
    for part in query_string.split(b"&"):
        raw_name, _, raw_value = part.partition(b"=")
        name_bytes = unquote_to_bytes(raw_name.replace(b"+", b" "))
        value_bytes = unquote_to_bytes(raw_value.replace(b"+", b" "))
        name = printable(name_bytes.decode("utf-8", "replace"))
        if name in problems:
            continue
        try:
            text = name_bytes.decode("utf-8") + value_bytes.decode("utf-8")
        except UnicodeDecodeError:
            problems[name] = InvalidParam(name, NOT_UTF8, "query")
            continue
        if "\x00" in text:
            problems[name] = InvalidParam(name, NO_NUL, "query")
    return list(problems.values())[:MAX_FINDINGS]


def path_problems(path_params: dict[str, Any]) -> list[InvalidParam]:
    return [
        InvalidParam(name, NO_NUL, "path")
        for name, value in path_params.items()
        if isinstance(value, str) and "\x00" in value
    ]


def body_problems(body: bytes) -> list[InvalidParam]:
    """A JSON body that is not UTF-8, nests deeper than MAX_JSON_DEPTH or holds a NUL in a string or key.
    Anything else malformed is left to the decoder, which names it in its own words."""
    if not body:
        return []
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [InvalidParam("body", msg("is not valid UTF-8 (byte {byte})", byte=exc.start), "body")]
    if _too_deep(text):
        return [InvalidParam("body", msg("nests deeper than {limit} levels", limit=MAX_JSON_DEPTH), "body")]
    # A raw NUL is malformed JSON, which the decoder reports; an escaped one decodes into a string.
    if "\\u0000" not in text:
        return []
    try:
        document = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return []
    return _nul_fields(document)


def _too_deep(text: str) -> bool:
    """Counted without recursion (decoders recurse, and run out of stack on hostile input)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        if token[0] in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif token[0] in ("]", "}"):
            depth -= 1
    return False


def _nul_fields(document: Any) -> list[InvalidParam]:
    """The JSON path of each string or key holding a NUL: `title`, `area.lat`, `weekly_pattern[0].day`."""
    found: list[str] = []
    pending: list[tuple[Any, str]] = [(document, "")]
    while pending and len(found) < MAX_FINDINGS:
        value, path = pending.pop()
        if isinstance(value, str):
            if "\x00" in value:
                found.append(path or "body")
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else key
                if "\x00" in key:
                    found.append(child)
                pending.append((item, child))
        elif isinstance(value, list):
            pending.extend((item, f"{path}[{index}]") for index, item in enumerate(value))
    return [InvalidParam(printable(path), NO_NUL, "body") for path in sorted(found)]


class UnsupportedMediaTypeError(DomainError):
    status_code = 415


def is_json(media_type: str) -> bool:
    """`application/json` or a JSON-based type such as `application/merge-patch+json` (media type as
    Litestar parses it: lower case, without parameters)."""
    kind, _, subtype = media_type.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


def require_json(media_type: str, options: dict[str, str]) -> None:
    """A body on a JSON operation must say it is JSON, in UTF-8 (the only encoding JSON has: RFC 8259)."""
    if not is_json(media_type):
        raise UnsupportedMediaTypeError(
            msg("The body must be application/json, not {media_type}", media_type=printable(media_type[:100]) or "-"))
    charset = options.get("charset", "utf-8").lower()
    if charset not in {"utf-8", "utf8"}:
        raise UnsupportedMediaTypeError(
            msg("The body must be UTF-8-encoded JSON, not {charset}", charset=printable(charset[:40])))


class JSONBodyRequest(Request[Any, Any, Any]):
    """The app's request class. Litestar decodes a JSON body untyped and then converts it together with the
    query parameters, leniently (a string "5" becomes 5), because query parameters arrive as text. Here
    the body is decoded straight into the handler's `data` type, strictly: a JSON body carries its own
    types, and the schema says which. The signature model passes the decoded struct through unchanged."""

    async def json(self) -> Any:
        body = await self.body()
        data = self.route_handler.parsed_fn_signature.parameters.get("data")
        if not body or data is None:
            return await super().json()
        require_json(*self.content_type)
        try:
            return msgspec.json.decode(
                body, type=data.annotation, strict=True, dec_hook=self.route_handler.default_deserializer)
        except msgspec.ValidationError as exc:
            raise ValidationException(extra=[_body_fault(str(exc))]) from exc
        except msgspec.DecodeError as exc:
            # Answered as Litestar answers malformed JSON (a 400 bad-request with msgspec's message).
            raise SerializationException(str(exc)) from exc


def _body_fault(message: str) -> dict[str, str]:
    """msgspec's "Expected `int`, got `str` - at `$.shifts[0].capacity`" as Litestar's validation entry,
    named by the JSON path (`shifts[0].capacity`), or `body` for the body as a whole."""
    reason, _, where = message.partition(" - at `$")
    return {"key": where.rstrip("`").lstrip(".") or "body", "message": reason, "source": "body"}


def malformed_path_parameters(routes: Iterable[BaseRoute], method: str, path: str) -> list[InvalidParam]:
    """The typed path parameters (`{organisation_id:uuid}`) that `path` gets wrong on a route it otherwise
    matches. Litestar answers those with a bare 404 as if there were no such route."""
    segments = [segment for segment in path.split("/") if segment]
    for route in routes:
        components = route.path_components
        if len(components) != len(segments) or method not in route.methods:
            continue
        if any(isinstance(c, str) and c != segment for c, segment in zip(components, segments, strict=True)):
            continue
        problems = []
        for component, segment in zip(components, segments, strict=True):
            if isinstance(component, str) or component.parser is None:
                continue
            try:
                component.parser(segment)
            except ValueError:
                reason = NOT_A_UUID if component.type is UUID else IS_INVALID
                problems.append(InvalidParam(component.name, reason, "path"))
        if problems:
            return problems
    return []
