from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter

from api.domain.offers.examples import ORGANISATION_EXAMPLE
from api.domain.organisations.schemas import OrganisationPublic
from api.domain.organisations.services import OrganisationService
from api.lib.http_cache import PUBLIC_READ
from api.lib.problems import PROBLEM_RESPONSES


class OrganisationController(Controller):
    path = "/api/v1/organisations"
    tags = ["Organisations"]

    @get(
        "/{slug:str}",
        operation_id="getOrganisation",
        opt=PUBLIC_READ,
        summary="A verified organisation and its published offers",
        responses={
            200: ResponseSpec(data_container=OrganisationPublic, examples=[Example(value=ORGANISATION_EXAMPLE)]),
            404: PROBLEM_RESPONSES[404],
        },
    )
    async def get_organisation(
        self,
        organisation_service: NamedDependency[OrganisationService],
        slug: Annotated[str, PathParameter(max_length=80, description="The organisation's slug.",
                                       examples=[Example(value="tafel-bielefeld")])],
    ) -> OrganisationPublic:
        return await organisation_service.public_by_slug(slug)
