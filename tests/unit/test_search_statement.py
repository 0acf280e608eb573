"""The search's statements (api/domain/offers/services.py, `build_search`): every filter a value of its own bound
as a parameter, never written into the SQL, and one text per combination of filters, composed once."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from uuid import UUID

import pytest

from api.db.offers import Commitment
from api.domain.offers.services import OfferSearch, SearchPosition, _search_sql, build_search

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
OFFER_ID = UUID("0b6f3f1e-5d1c-4a43-9a57-6a0d0c1f2e33")
# Each optional part of a search with a value that must not reach the text: a quote in the query, an odd
# number, a moment and an id only a bound parameter could carry.
FILTERS = {
    "point": {"lat": 52.0219377, "lon": 8.5321337, "radius_km": 7.25},
    "categories": {"category_ids": [4, 11]},
    "commitment": {"commitment": Commitment.regular},
    "starts_after": {"starts_after": NOW},
    "starts_before": {"starts_before": datetime(2027, 1, 31, 17, 45, tzinfo=UTC)},
    "remote": {"remote": True},
    "accessible": {"accessible": False},
    "q": {"q": "Garten'); DROP TABLE offer; --"},
}
NAMED = re.compile(r"(?<![:\w]):(\w+)")


def _searches() -> list[tuple[OfferSearch, SearchPosition | None]]:
    cases = []
    for chosen in itertools.product((False, True), repeat=len(FILTERS)):
        fields: dict[str, object] = {"limit": 17}
        for (_, values), on in zip(FILTERS.items(), chosen, strict=True):
            if on:
                fields.update(values)
        search = OfferSearch(**fields)  # type: ignore[arg-type]
        rank: float | datetime = 1234.5678 if search.is_radius_search else NOW
        cases += [(search, None), (search, SearchPosition(rank, [OFFER_ID]))]
    return cases


CASES = _searches()


@pytest.mark.parametrize(("search", "after"), CASES[::7])  # a spread of the 512 combinations
def test_values_are_bound_not_written(search: OfferSearch, after: SearchPosition | None) -> None:
    statement = build_search(search, after)
    assert set(NAMED.findall(statement.sql)) == set(statement.params)
    for text in ("52.0219", "8.5321", "7250", "DROP", "2027", "1234.5", str(OFFER_ID), "17", "18"):
        assert text not in statement.sql
    assert statement.params["limit"] == 18  # one row past the page, to know whether another follows
    assert statement.nearest_first == search.is_radius_search
    assert "status = 'published'" in statement.sql  # a literal, so the partial KNN index matches


def test_one_text_per_combination_of_filters() -> None:
    _search_sql.cache_clear()
    texts = {build_search(search, after).sql for search, after in CASES}
    # Categories and the point each change the statement's shape; the rest add one condition each.
    assert len(texts) == len(CASES)
    again = {build_search(search, after).sql for search, after in CASES}
    assert again == texts
    assert _search_sql.cache_info().hits >= len(CASES)


def test_each_filter_adds_its_condition() -> None:
    expected = {
        "categories": "&& CAST(:category_ids AS INTEGER[])",
        "commitment": "o.commitment = :commitment",
        "starts_after": "o.starts_at >= :starts_after",
        "starts_before": "o.starts_at < :starts_before",
        "remote": "o.is_remote = :remote",
        "accessible": "o.accessible = :accessible",
        "q": "o.search_vector @@ websearch_to_tsquery('german', :q)",
    }
    for name, condition in expected.items():
        plain = build_search(OfferSearch(**FILTERS[name]))  # type: ignore[arg-type]
        near = build_search(OfferSearch(**FILTERS[name], **FILTERS["point"]))  # type: ignore[arg-type]
        assert condition in plain.sql
        # Near a point, categories are walked through offer_category_point, one wanted category at a time.
        near_condition = "unnest(CAST(:category_ids AS INTEGER[]))" if name == "categories" else condition
        assert near_condition in near.sql
        assert condition not in build_search(OfferSearch()).sql
