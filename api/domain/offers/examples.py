"""Examples for the OpenAPI document, shaped like real Bielefeld offers."""

from __future__ import annotations

from typing import Any

_SUMMARY = {
    "id": "0b6f3c2e-8d5a-4f61-9a8e-3f1d2c7b9e10",
    "title": "Gartenpflege im Bürgerpark",
    "summary": "Wir pflegen gemeinsam Beete und Wege im Bürgerpark – jeden Samstagvormittag.",
    "organisation": {"slug": "gruene-nachbarschaft-schildesche", "name": "Grüne Nachbarschaft Schildesche e. V."},
    "categories": ["environment", "neighbourhood"],
    "commitment": "regular",
    "starts_at": None,
    "ends_at": None,
    "district": "Schildesche",
    "is_remote": False,
    "accessible": True,
    "location": {"lat": 52.0371, "lon": 8.5269},
    "published_at": "2026-11-20T09:15:00Z",
    "distance_m": 1734.2,
}

OFFER_PAGE_EXAMPLE: dict[str, Any] = {"items": [_SUMMARY], "next_cursor": "q1w2e3r4t5y6u7i8o9p0"}

OFFER_DETAIL_EXAMPLE = {
    **_SUMMARY,
    "distance_m": None,
    "description": "<p>Du hast Freude an frischer Luft? Komm vorbei, Werkzeug ist da.</p>",
    "skills": ["Gartenarbeit"],
    "languages": ["de", "en"],
    "address": "Bürgerpark, 33615 Bielefeld",
    "weekly_pattern": [{"day": "sat", "start": "10:00", "end": "12:00"}],
    "hours_per_week": 2.0,
    "capacity": 8,
    "min_age": 14,
    "accessibility_notes": "Befestigte Wege, barrierefreie Toilette am Eingang.",
    "contact_name": "Anna Beispiel",
    "contact_email": "kontakt@example.org",
    "contact_phone": None,
    "expires_at": "2027-02-18T09:15:00Z",
    "updated_at": "2026-11-20T09:15:00Z",
    "version": 3,
    "places_left": 2,
    "is_full": False,
}

OFFER_COLLECTION_EXAMPLE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": _SUMMARY["id"],
            "geometry": {"type": "Point", "coordinates": [8.5269, 52.0371]},
            "properties": _SUMMARY,
        }
    ],
    "next_cursor": None,
}

ORGANISATION_EXAMPLE = {
    "slug": "gruene-nachbarschaft-schildesche",
    "name": "Grüne Nachbarschaft Schildesche e. V.",
    "description": "Wir machen Schildesche grüner – mit Beeten, Bäumen und guten Nachbarn.",
    "website": "https://gruene-nachbarschaft.example.org",
    "contact_email": "kontakt@example.org",
    "contact_phone": None,
    "address": "Beispielweg 3, 33611 Bielefeld",
    "district": "Schildesche",
    "location": {"lat": 52.0489, "lon": 8.5162},
    "legal_form": "eingetragener Verein",
    "verified": True,
    "offers": [_SUMMARY],
}
