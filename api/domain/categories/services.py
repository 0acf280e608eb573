"""The category taxonomy. Rows come from a migration and never change while a process runs, so each
process reads them once."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.domain.categories.schemas import CategoryLabels, CategoryPublic
from api.lib.errors import InvalidInputError, InvalidParam
from api.lib.messages import msg


@dataclass(frozen=True, slots=True)
class CategoryRow:
    id: int
    slug: str
    label_de: str
    label_en: str


class CategoryCatalogue:
    def __init__(self, rows: list[CategoryRow]) -> None:
        self.rows = rows
        self._by_slug = {row.slug: row for row in rows}
        self._slug_by_id = {row.id: row.slug for row in rows}

    def ids_for(self, slugs: list[str], *, param: str = "category") -> list[int]:
        unknown = [slug for slug in slugs if slug not in self._by_slug]
        if unknown:
            known = ", ".join(self._by_slug)
            raise InvalidInputError(InvalidParam(
                param, msg("unknown category {unknown}; one of: {known}", unknown=", ".join(unknown), known=known)
            ))
        return sorted({self._by_slug[slug].id for slug in slugs})

    def slugs_for(self, ids: list[int]) -> list[str]:
        return [self._slug_by_id[i] for i in ids if i in self._slug_by_id]

    def public(self, locale: str) -> list[CategoryPublic]:
        return [
            CategoryPublic(
                slug=row.slug,
                label=row.label_en if locale == "en" else row.label_de,
                labels=CategoryLabels(de=row.label_de, en=row.label_en),
            )
            for row in self.rows
        ]


_catalogue: CategoryCatalogue | None = None
_lock = asyncio.Lock()


def cached_catalogue() -> CategoryCatalogue | None:
    """The catalogue if it was loaded already: lets a caller skip opening a session for it."""
    return _catalogue


_CATEGORIES = text("SELECT id, slug, label_de, label_en FROM category ORDER BY position")


async def get_catalogue(session: AsyncSession) -> CategoryCatalogue:
    global _catalogue
    if _catalogue is None:
        async with _lock:
            if _catalogue is None:
                result = await session.execute(_CATEGORIES)
                _catalogue = CategoryCatalogue([CategoryRow(**row) for row in result.mappings()])
    return _catalogue
