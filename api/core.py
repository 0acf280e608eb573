"""AppCore: the one place that wires VoluMap's API together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.app import AppConfig
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.di import NamedDependency, Provide
from litestar.logging import LoggingConfig
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Contact, Server
from litestar.plugins import InitPluginProtocol
from litestar.stores.redis import RedisStore
from litestar.stores.registry import StoreRegistry
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.engine import close_nearest_first_pool, get_engine, get_sessionmaker, provide_session
from api.domain.accounts.controllers import AccountController, SessionController
from api.domain.accounts.services import AccountService
from api.domain.applications.calendar import CalendarService
from api.domain.applications.controllers import ApplicantController, ApplicationController, CalendarController
from api.domain.applications.services import ApplicationService
from api.domain.categories.controllers import CategoryController
from api.domain.feedback.controllers import FeedbackController, FeedbackModerationController
from api.domain.feedback.services import FeedbackService
from api.domain.moderation.controllers import ModerationController, ReportController
from api.domain.moderation.services import ModerationService
from api.domain.offers.controllers import OfferController
from api.domain.offers.management.controllers import OfferManagementController
from api.domain.offers.management.services import OfferManagementService
from api.domain.offers.services import OfferService
from api.domain.organisations.controllers import InvitationController, OrganisationController
from api.domain.organisations.services import OrganisationService
from api.domain.places.controllers import MapController, PlaceController
from api.domain.privacy.services import PrivacyService
from api.domain.push.channels import channel_for_token
from api.domain.push.controllers import MyDevicesController, PushController
from api.domain.push.services import PushService
from api.domain.system.app_shell import SwaggerDocsPlugin, app_shell_handlers
from api.domain.system.controllers import HealthController
from api.domain.volunteers.controllers import VolunteerController
from api.domain.volunteers.services import VolunteerService
from api.lib.auth import TokenAwareCSRFMiddleware, VolumapAuthenticationMiddleware, VolumapSessionConfig
from api.lib.cursors import CursorCodec
from api.lib.middleware import query_string_limit, refuse_unreadable_input
from api.lib.openapi import ProblemResponses, TimeOfDaySchema
from api.lib.problems import exception_handlers, unavailable_as_answer_starts
from api.lib.redis_clients import async_client
from api.lib.request_input import JSONBodyRequest
from api.lib.security_headers import add_request_security_headers, add_security_headers
from api.settings import Settings, get_settings


def _openapi(settings: Settings) -> OpenAPIConfig:
    return OpenAPIConfig(
        title="VoluMap API",
        version="1",
        description="Volunteering (Ehrenamt) offers in Bielefeld: search, details, categories, organisations. "
        "Errors are RFC 9457 problem details with a stable `type` URI per kind of problem (see ProblemDetails). "
        "Their `title`, `detail` and `invalid-params` reasons are in the request's language: `?lang=de|en`, "
        "else Accept-Language, else German; `Content-Language` says which.",
        contact=Contact(name="Digitalisierungsbüro der Stadt Bielefeld"),
        servers=[Server(url=settings.public_base_url)],
        path="/schema",
        use_handler_docstrings=True,  # an operation's description is its handler's docstring
        render_plugins=[SwaggerDocsPlugin(), JsonRenderPlugin(path="/openapi.json")],
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

        def provide_feedback_service(db_session: NamedDependency[AsyncSession]) -> FeedbackService:
            return FeedbackService(db_session, settings, cursors)

        def provide_offer_management_service(db_session: NamedDependency[AsyncSession]) -> OfferManagementService:
            return OfferManagementService(db_session, settings)

        def provide_application_service(db_session: NamedDependency[AsyncSession]) -> ApplicationService:
            return ApplicationService(db_session)

        def provide_calendar_service(db_session: NamedDependency[AsyncSession]) -> CalendarService:
            return CalendarService(db_session, settings)

        def provide_volunteer_service() -> VolunteerService:
            return VolunteerService(get_sessionmaker(), settings)

        def provide_push_service() -> PushService:
            return PushService(get_sessionmaker(), settings)

        app_config.route_handlers.extend(
            [
                HealthController,
                SessionController,
                AccountController,
                CategoryController,
                PlaceController,
                MapController,
                ModerationController,
                ReportController,
                FeedbackController,
                FeedbackModerationController,
                OfferController,
                OfferManagementController,
                OrganisationController,
                InvitationController,
                ApplicationController,
                ApplicantController,
                CalendarController,
                VolunteerController,
                PushController,
                MyDevicesController,
                *app_shell_handlers(),
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
                "feedback_service": Provide(provide_feedback_service, sync_to_thread=False),
                "offer_management_service": Provide(provide_offer_management_service, sync_to_thread=False),
                "application_service": Provide(provide_application_service, sync_to_thread=False),
                "calendar_service": Provide(provide_calendar_service, sync_to_thread=False),
                "volunteer_service": Provide(provide_volunteer_service, sync_to_thread=False),
                "push_service": Provide(provide_push_service, sync_to_thread=False),
            }
        )
        app_config.stores = StoreRegistry(
            {"sessions": RedisStore(async_client(settings.redis_url), namespace="volumap:sessions")}
        )
        app_config.exception_handlers.update(exception_handlers)
        app_config.request_class = JSONBodyRequest
        app_config.after_request = add_security_headers
        app_config.before_send.append(add_request_security_headers)
        app_config.middleware[:0] = [
            unavailable_as_answer_starts,
            query_string_limit,
            refuse_unreadable_input,
            VolumapSessionConfig(
                secure=settings.session_cookie_secure, httponly=True, samesite="lax", max_age=settings.session_max_age_s
            ).middleware,
            DefineMiddleware(
                TokenAwareCSRFMiddleware,
                config=CSRFConfig(
                    secret=settings.secret_key, cookie_secure=settings.session_cookie_secure, cookie_samesite="lax"
                ),
            ),
            DefineMiddleware(VolumapAuthenticationMiddleware, channel_for_token=channel_for_token),
        ]
        app_config.compression_config = CompressionConfig(backend="gzip", minimum_size=1024, gzip_compress_level=6)
        app_config.openapi_config = _openapi(settings)
        app_config.plugins.extend([ProblemResponses(), TimeOfDaySchema()])
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
    app.state.redis = async_client(settings.redis_url)
    try:
        yield
    finally:
        await app.state.redis.aclose()
        await close_nearest_first_pool()
        await get_engine().dispose()
