"""AppCore: the one place that wires VoluMap's API together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from litestar import Litestar
from litestar.config.app import AppConfig
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.di import NamedDependency, Provide
from litestar.logging import LoggingConfig
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Contact, Server
from litestar.plugins import InitPluginProtocol
from litestar.static_files import create_static_files_router
from litestar.stores.redis import RedisStore
from litestar.stores.registry import StoreRegistry
from sqlalchemy.ext.asyncio import AsyncSession
from swagger_ui_bundle import swagger_ui_path

from api.db.engine import close_nearest_first_pool, get_engine, get_sessionmaker, provide_session
from api.domain.accounts.controllers import AccountController, SessionController
from api.domain.accounts.services import AccountService
from api.domain.applications.controllers import ApplicantController, ApplicationController, CalendarController
from api.domain.categories.controllers import CategoryController
from api.domain.moderation.controllers import ModerationController, ReportController
from api.domain.moderation.services import ModerationService
from api.domain.offers.controllers import OfferController
from api.domain.offers.management_controllers import OfferManagementController
from api.domain.offers.services import OfferService
from api.domain.organisations.controllers import InvitationController, OrganisationController
from api.domain.organisations.services import OrganisationService
from api.domain.privacy.services import PrivacyService
from api.domain.push.controllers import PushController
from api.domain.system.controllers import HealthController
from api.domain.volunteers.controllers import VolunteerController
from api.lib.auth import TokenAwareCSRFMiddleware, VolumapAuthenticationMiddleware, VolumapSessionConfig
from api.lib.cursors import CursorCodec
from api.lib.middleware import query_string_limit
from api.lib.problems import exception_handlers
from api.lib.resources import shipped_folder
from api.lib.security_headers import add_pwa_security_headers, add_security_headers
from api.settings import Settings, get_settings

SWAGGER_ASSETS = "/schema/assets"


def _openapi(settings: Settings) -> OpenAPIConfig:
    return OpenAPIConfig(
        title="VoluMap API",
        version="1",
        description="Volunteering (Ehrenamt) offers in Bielefeld: search, details, categories, organisations. "
        "Errors are RFC 9457 problem details.",
        contact=Contact(name="Digitalisierungsbüro der Stadt Bielefeld"),
        servers=[Server(url=settings.public_base_url)],
        path="/schema",
        render_plugins=[
            # Served from the installed swagger-ui-bundle package: the docs must work without the internet.
            SwaggerRenderPlugin(
                path=["/", "/swagger"],
                js_url=f"{SWAGGER_ASSETS}/swagger-ui-bundle.js",
                css_url=f"{SWAGGER_ASSETS}/swagger-ui.css",
                standalone_preset_js_url=f"{SWAGGER_ASSETS}/swagger-ui-standalone-preset.js",
                favicon=f"<link rel='icon' type='image/png' href='{SWAGGER_ASSETS}/favicon-32x32.png'>",
            )
        ],
    )


class AppCore(InitPluginProtocol):
    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        settings = get_settings()
        cursors = CursorCodec(settings.secret_key)

        def provide_offer_service() -> OfferService:
            return OfferService(get_sessionmaker(), settings, cursors)

        def provide_organisation_service(
            db_session: NamedDependency[AsyncSession], offer_service: NamedDependency[OfferService]
        ) -> OrganisationService:
            return OrganisationService(db_session, offer_service)

        def provide_moderation_service(db_session: NamedDependency[AsyncSession]) -> ModerationService:
            return ModerationService(db_session, settings, cursors)

        def provide_account_service(db_session: NamedDependency[AsyncSession]) -> AccountService:
            return AccountService(db_session, settings)

        def provide_privacy_service(db_session: NamedDependency[AsyncSession]) -> PrivacyService:
            return PrivacyService(db_session, settings)

        app_config.route_handlers.extend(
            [
                HealthController,
                SessionController,
                AccountController,
                CategoryController,
                ModerationController,
                ReportController,
                OfferController,
                OfferManagementController,
                OrganisationController,
                InvitationController,
                ApplicationController,
                ApplicantController,
                CalendarController,
                VolunteerController,
                PushController,
                create_static_files_router(
                    path=SWAGGER_ASSETS, directories=[swagger_ui_path], name="swagger-assets"
                ),
                create_static_files_router(
                    path="/",
                    directories=[shipped_folder("api.pwa")],
                    html_mode=True,
                    name="pwa",
                    after_request=add_pwa_security_headers,
                ),
            ]
        )
        app_config.dependencies.update(
            {
                "db_session": Provide(provide_session),
                "offer_service": Provide(provide_offer_service, sync_to_thread=False),
                "organisation_service": Provide(provide_organisation_service, sync_to_thread=False),
                "account_service": Provide(provide_account_service, sync_to_thread=False),
                "privacy_service": Provide(provide_privacy_service, sync_to_thread=False),
                "moderation_service": Provide(provide_moderation_service, sync_to_thread=False),
            }
        )
        app_config.stores = StoreRegistry(
            {"sessions": RedisStore(aioredis.Redis.from_url(settings.redis_url), namespace="volumap:sessions")}
        )
        app_config.exception_handlers.update(exception_handlers)
        app_config.after_request = add_security_headers
        app_config.middleware[:0] = [
            query_string_limit,
            VolumapSessionConfig(
                secure=settings.session_cookie_secure, httponly=True, samesite="lax", max_age=settings.session_max_age_s
            ).middleware,
            DefineMiddleware(
                TokenAwareCSRFMiddleware,
                config=CSRFConfig(
                    secret=settings.secret_key, cookie_secure=settings.session_cookie_secure, cookie_samesite="lax"
                ),
            ),
            DefineMiddleware(VolumapAuthenticationMiddleware),
        ]
        app_config.compression_config = CompressionConfig(backend="gzip", minimum_size=1024, gzip_compress_level=6)
        app_config.openapi_config = _openapi(settings)
        app_config.lifespan.append(_lifespan)
        app_config.logging_config = LoggingConfig(
            root={"level": "INFO", "handlers": ["queue_listener"]},
            loggers={"volumap": {"level": "INFO", "propagate": True}},
            log_exceptions="debug",
        )
        app_config.debug = settings.debug
        return app_config


@asynccontextmanager
async def _lifespan(app: Litestar) -> AsyncIterator[None]:
    settings = get_settings()
    app.state.redis = aioredis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    try:
        yield
    finally:
        await app.state.redis.aclose()
        await close_nearest_first_pool()
        await get_engine().dispose()
