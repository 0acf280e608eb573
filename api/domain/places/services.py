"""Finding where a search starts: districts and postcodes from the gazetteer, street addresses from the
geocoder when one is configured. Only places inside the service area are answered."""

from __future__ import annotations

import re

from redis.asyncio import Redis

from api.domain.places.gazetteer import DISTRICTS, normalise, postcodes
from api.domain.places.geocoder import GeocoderUnavailable, find_addresses
from api.domain.places.schemas import PlacePublic, PlaceResults
from api.lib.errors import DomainError, InvalidInputError, InvalidParam
from api.lib.messages import msg
from api.lib.problem_types import SERVICE_UNAVAILABLE
from api.settings import Settings

MAX_QUERY_CHARS = 100
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
RETRY_AFTER_S = 30
_LETTER = re.compile(r"[^\W\d_]")
ADDRESS_SEARCH_UNAVAILABLE = msg(
    "The address search is not answering right now; try again shortly, or choose a district or postcode."
)


class AddressSearchUnavailableError(DomainError):
    status_code = 503
    problem_type = SERVICE_UNAVAILABLE

    def __init__(self) -> None:
        super().__init__(ADDRESS_SEARCH_UNAVAILABLE)
        self.headers = {"Retry-After": str(RETRY_AFTER_S)}


def parse_query(q: str, limit: int | None) -> tuple[str, int]:
    """The trimmed query and the limit, or a 400 naming each parameter at fault."""
    query = q.strip()
    problems = []
    if "\x00" in query:
        problems.append(InvalidParam("q", msg("must not contain NUL characters")))
    if not 1 <= len(query) <= MAX_QUERY_CHARS:
        problems.append(InvalidParam("q", msg("must be between {min} and {max} characters", min=1,
                                              max=MAX_QUERY_CHARS)))
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        problems.append(InvalidParam("limit", msg("must be between {min} and {max}", min=1, max=MAX_LIMIT)))
    if problems:
        raise InvalidInputError(*problems)
    return query, limit or DEFAULT_LIMIT



def _known_places(settings: Settings, query: str) -> list[PlacePublic]:
    """Districts whose name starts with or contains the query, then postcodes whose number (or "33602
    Bielefeld" label) starts with it; an exact match first of all."""
    wanted = normalise(query)
    ranked: list[tuple[int, str, PlacePublic]] = []
    for district in DISTRICTS:
        name = normalise(district.name)
        if wanted in name and settings.in_service_area(district.lat, district.lon):
            rank = 0 if name == wanted else 1 if name.startswith(wanted) else 2
            ranked.append((rank, name, district.public()))
    for postcode in postcodes():
        if settings.in_service_area(postcode.lat, postcode.lon) and (
            postcode.code.startswith(wanted) or normalise(postcode.label).startswith(wanted)
            or (postcode.name and normalise(postcode.name).startswith(wanted))
        ):
            exact = wanted in (postcode.code, normalise(postcode.label))
            ranked.append((0 if exact else 3, postcode.code, postcode.public()))
    return [place for *_, place in sorted(ranked, key=lambda entry: entry[:2])]


def looks_like_address(query: str, known: list[PlacePublic]) -> bool:
    """Worth asking the geocoder: at least three characters with a letter among them ("Niederwall 23",
    "Jahnplatz"), and nothing the gazetteer knows matched (a district's or postcode's name is answered from
    here, fast and without sending the query elsewhere)."""
    return len(query) >= 3 and _LETTER.search(query) is not None and not known


async def find_places(settings: Settings, redis: Redis, q: str, limit: int | None) -> PlaceResults:
    query, count = parse_query(q, limit)
    known = _known_places(settings, query)
    address_search = bool(settings.geocoder_url)
    addresses: list[PlacePublic] = []
    if address_search and looks_like_address(query, known):
        try:
            addresses = await find_addresses(settings, redis, query)
        except GeocoderUnavailable:
            raise AddressSearchUnavailableError() from None
    return PlaceResults(address_search=address_search, places=(known + addresses)[:count])
