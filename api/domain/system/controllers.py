"""Liveness and readiness for the process manager and the load balancer."""

from __future__ import annotations

import asyncio
import time

import msgspec
from litestar import Controller, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from sqlalchemy import text

from api.db.engine import get_engine
from api.domain.system.heartbeat import HEARTBEAT_KEY
from api.lib.auth import AnyRequest
from api.lib.http_cache import PUBLIC_READ
from api.lib.i18n import negotiate_locale
from api.lib.messages import Message, msg
from api.lib.problem_types import SERVICE_UNAVAILABLE
from api.lib.problems import PROBLEM_JSON, ProblemDetails, problem_example, problem_response

CHECK_TIMEOUT_S = 2.0


def _not_ready(failing: str) -> Message:
    return msg("Not ready: {failing} unavailable", failing=failing)


class HealthStatus(msgspec.Struct):
    status: str
    checks: dict[str, str] = {}
    worker_heartbeat_age_s: float | None = None
    """Seconds since the scheduler and a worker last ran the heartbeat task; informational only."""


class HealthController(Controller):
    path = "/health"
    tags = ["System"]
    include_in_schema = True

    @get(
        "/live",
        operation_id="healthLive",
        opt=PUBLIC_READ,
        summary="The process is up",
        responses={200: ResponseSpec(data_container=HealthStatus, examples=[Example(value={"status": "ok"})])},
    )
    async def live(self) -> HealthStatus:
        """For the process manager: answers 200 while the process serves requests and asks neither the database nor
        Redis, so an outage elsewhere does not get the process restarted. No sign-in, no cookies. Whether the process
        can do its work is `GET /health/ready`."""
        return HealthStatus(status="ok")

    @get(
        "/ready",
        operation_id="healthReady",
        opt=PUBLIC_READ,
        summary="Database (with PostGIS) and Redis are reachable",
        description="200 when every dependency answers; 503 in the problem format naming the failing ones.",
        responses={
            200: ResponseSpec(
                data_container=HealthStatus,
                examples=[Example(value={"status": "ok", "checks": {"database": "ok", "redis": "ok"},
                                         "worker_heartbeat_age_s": 12.5})],
            ),
            503: ResponseSpec(
                data_container=ProblemDetails,
                media_type=PROBLEM_JSON,
                generate_examples=False,
                examples=[Example(value=problem_example(
                    SERVICE_UNAVAILABLE, _not_ready("redis"),
                    checks={"database": "ok", "redis": "failed: ConnectionError"},
                ))],
            ),
        },
    )
    async def ready(self, request: AnyRequest) -> Response[HealthStatus] | Response[bytes]:
        checks = {"database": await _check(_database()), "redis": await _check(request.app.state.redis.ping())}
        failing = sorted(name for name, state in checks.items() if state != "ok")
        if failing:
            return problem_response(
                503, _not_ready(", ".join(failing)), locale=negotiate_locale(request), checks=checks
            )
        return Response(
            HealthStatus(status="ok", checks=checks, worker_heartbeat_age_s=await _heartbeat_age(request))
        )


_POSTGIS_VERSION = text("SELECT postgis_lib_version()")  # fails unless PostGIS is installed, too


async def _database() -> None:
    async with get_engine().connect() as connection:
        await connection.execute(_POSTGIS_VERSION)


async def _heartbeat_age(request: AnyRequest) -> float | None:
    stamp = await request.app.state.redis.get(HEARTBEAT_KEY)
    return round(time.time() - float(stamp), 1) if stamp is not None else None


async def _check(probe: object) -> str:
    try:
        await asyncio.wait_for(probe, CHECK_TIMEOUT_S)  # type: ignore[arg-type]
    except Exception as exc:  # any failure means "not ready"; the reason is reported, not raised
        return f"failed: {type(exc).__name__}"
    return "ok"
