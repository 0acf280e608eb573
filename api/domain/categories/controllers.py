from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from sqlalchemy.ext.asyncio import AsyncSession

from api.domain.categories.schemas import CategoryPublic
from api.domain.categories.services import get_catalogue
from api.lib.auth import AnyRequest
from api.lib.http_cache import PUBLIC_READ, cacheable_json
from api.lib.i18n import negotiate_locale


class CategoryController(Controller):
    path = "/api/v1/categories"
    tags = ["Categories"]

    @get(
        "/",
        operation_id="listCategories",
        opt=PUBLIC_READ,
        summary="The category taxonomy",
        description="Every category with its label in the requested language (Accept-Language or ?lang=de|en) "
        "and both labels. Cacheable: sends an ETag and answers 304 to If-None-Match.",
        responses={
            200: ResponseSpec(
                data_container=list[CategoryPublic],
                examples=[Example(value=[{"slug": "environment", "label": "Umwelt und Naturschutz",
                                          "labels": {"de": "Umwelt und Naturschutz", "en": "Environment"}}])],
            )
        },
    )
    async def list_categories(self, request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Response[bytes]:
        catalogue = await get_catalogue(db_session)
        return cacheable_json(request, catalogue.public(negotiate_locale(request)), max_age=3600,
                              vary="Accept-Language")
