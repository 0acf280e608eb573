"""The ASGI entry point: `uvicorn api.asgi:create_app --factory`."""

from __future__ import annotations

from litestar import Litestar

from api.core import AppCore


def create_app() -> Litestar:
    return Litestar(plugins=[AppCore()])
