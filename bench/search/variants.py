"""Variants of the API for finding where a search request's time goes (`profile.py` measures them).

Not shipped code: each variant changes one thing in the app as it ships, so the difference in worker CPU
per request prices that thing. `BENCH_VARIANT` names the changes (comma-separated):

- `shipped`: the app unchanged (`api.asgi:create_app`).
- `generic-plans`: the nearest-first pool's connections plan with `plan_cache_mode=force_generic_plan`
  (PostgreSQL keeps re-planning the category statement on every call otherwise).
- `no-pool-reset`: the nearest-first pool returns connections without asyncpg's default reset query
  (`SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`, a second round trip per search;
  the pool's connections never change session state, so there is nothing to reset).
- `lazy-session`: the per-request SQLAlchemy session is created only when something uses it (the radius
  search does not, once the category catalogue is cached).
- `no-compression`: without the gzip middleware (the benchmark's clients do not ask for gzip anyway).
- `no-auth-middleware`: without the session, CSRF and authentication middlewares (public reads need none).
- `empty`: a bare ASGI callable answering `{}` to everything: the floor of uvicorn and wrk alone.
- `raw`: no Litestar at all: a bare ASGI callable parsing the query, running the same statement through the
  same pool and encoding the same JSON with msgspec. A floor for Python behind uvicorn, not a proposal.

Run: `BENCH_VARIANT=generic-plans,lazy-session uvicorn bench.search.variants:create_app --factory`.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs

import msgspec


def _patch_generic_plans() -> None:
    from api.db import engine

    engine.NEAREST_FIRST_SETTINGS["plan_cache_mode"] = "force_generic_plan"


def _patch_no_pool_reset() -> None:
    import functools

    from api.db import engine

    async def keep_as_is(connection: Any) -> None:
        """Instead of asyncpg's reset query (open transactions are still rolled back by asyncpg)."""

    engine.asyncpg.create_pool = functools.partial(engine.asyncpg.create_pool, reset=keep_as_is)


class _LazySession:
    """Stands in for the request's AsyncSession and opens one on first use."""

    def __init__(self) -> None:
        self._session: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._session is None:
            from api.db.engine import get_sessionmaker

            self._session = get_sessionmaker()()
        return getattr(self._session, name)

    async def _close(self) -> None:
        if self._session is not None:
            await self._session.close()


def _patch_lazy_session() -> None:
    """The offer service gets a session that opens on first use, instead of depending on `db_session`
    (which opens one for every request)."""
    from litestar.di import Provide

    from api import core
    from api.domain.offers.services import OfferService
    from api.lib.cursors import CursorCodec
    from api.settings import get_settings

    shipped = core.AppCore.on_app_init

    def on_app_init(self: Any, app_config: Any) -> Any:
        app_config = shipped(self, app_config)
        settings = get_settings()
        cursors = CursorCodec(settings.secret_key)

        async def provide_offer_service():  # noqa: ANN202 (evaluated by Litestar, locals unknown)
            session = _LazySession()
            try:
                yield OfferService(session, settings, cursors)  # type: ignore[arg-type]
            finally:
                await session._close()

        app_config.dependencies["offer_service"] = Provide(provide_offer_service)
        return app_config

    core.AppCore.on_app_init = on_app_init


def _patch_app_config(*, compression: bool, auth_middleware: bool) -> None:
    from api import core
    from api.lib.middleware import query_string_limit

    shipped = core.AppCore.on_app_init

    def on_app_init(self: Any, app_config: Any) -> Any:
        app_config = shipped(self, app_config)
        if not compression:
            app_config.compression_config = None
        if not auth_middleware:
            app_config.middleware[:] = [m for m in app_config.middleware if m is query_string_limit]
        return app_config

    core.AppCore.on_app_init = on_app_init


async def _empty_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"{}"})


def _raw_app() -> Any:
    """The search as a bare ASGI app: same statement, same JSON, none of the framework."""
    from api.db import engine
    from api.domain.categories.services import CategoryCatalogue, CategoryRow
    from api.domain.offers.schemas import OfferPage
    from api.domain.offers.services import OfferSearch, SearchPosition, build_search, offer_summary
    from api.lib.cursors import CursorCodec
    from api.settings import get_settings

    settings = get_settings()
    cursors = CursorCodec(settings.secret_key)
    catalogue: list[CategoryCatalogue] = []
    encoder = msgspec.json.Encoder()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["path"] != "/api/v1/offers":  # the benchmark's liveness probe
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"{}"})
            return
        pool = await engine.get_nearest_first_pool()
        if not catalogue:
            rows = await pool.fetch("SELECT id, slug, label_de, label_en FROM category ORDER BY position")
            catalogue.append(CategoryCatalogue([CategoryRow(*row) for row in rows]))
        query = parse_qs(scope["query_string"].decode())
        search = OfferSearch.parse(
            settings, catalogue[0], lat=float(query["lat"][0]), lon=float(query["lon"][0]),
            radius_km=float(query["radius_km"][0]), categories=query.get("category"), commitment=None,
            starts_after=None, starts_before=None, remote=None, accessible=None, q=None, limit=None,
        )
        statement = build_search(search)
        positional_sql, names = engine._positional(statement.sql)
        rows = await pool.fetch(positional_sql, *(statement.params[name] for name in names))
        page_rows = rows[: search.limit]
        next_cursor = None
        if len(rows) > search.limit:
            rank = page_rows[-1]["rank"]
            ids = [row["id"] for row in page_rows if row["rank"] == rank]
            next_cursor = cursors.encode(SearchPosition(rank, ids).dump(), search.key())
        page = OfferPage(items=[offer_summary(row, catalogue[0]) for row in page_rows], next_cursor=next_cursor)
        body = encoder.encode(page)
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    return app


def create_app() -> Any:
    changes = {part.strip() for part in os.environ.get("BENCH_VARIANT", "shipped").split(",") if part.strip()}
    if "empty" in changes:
        return _empty_app
    if "raw" in changes:
        return _raw_app()
    if "generic-plans" in changes:
        _patch_generic_plans()
    if "no-pool-reset" in changes:
        _patch_no_pool_reset()
    if "lazy-session" in changes:
        _patch_lazy_session()
    if {"no-compression", "no-auth-middleware"} & changes:
        _patch_app_config(compression="no-compression" not in changes,
                          auth_middleware="no-auth-middleware" not in changes)
    from api.asgi import create_app as shipped_app

    return shipped_app()
