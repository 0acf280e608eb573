"""The response language: German by default, English on request."""

from __future__ import annotations

from typing import Any

from litestar import Request

SUPPORTED = ("de", "en")
DEFAULT = "de"


def negotiate_locale(request: Request[Any, Any, Any]) -> str:
    """`?lang=` wins; otherwise the first supported language of Accept-Language by its q-value."""
    explicit: str | None = request.query_params.get("lang")
    if explicit in SUPPORTED:
        return explicit
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        ranked.append((-quality, position, tag.split("-")[0].lower()))
    for _, _, language in sorted(ranked):
        if language in SUPPORTED:
            return language
    return DEFAULT
