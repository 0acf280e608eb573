from __future__ import annotations

import msgspec


class CategoryLabels(msgspec.Struct):
    de: str
    en: str


class CategoryPublic(msgspec.Struct):
    slug: str
    label: str
    """In the language asked for (Accept-Language or ?lang=), German by default."""
    labels: CategoryLabels
