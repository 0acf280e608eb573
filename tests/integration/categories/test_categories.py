from __future__ import annotations

EXPECTED_SLUGS = [
    "social", "children-youth", "seniors", "refugees-integration", "environment", "sport", "culture-education",
    "health-care", "animals", "civil-protection", "neighbourhood", "digital-help",
]


def test_categories_come_from_the_migration_in_german_by_default(client_without_language) -> None:
    body = client_without_language.get("/api/v1/categories").json()

    assert [c["slug"] for c in body] == EXPECTED_SLUGS
    environment = body[EXPECTED_SLUGS.index("environment")]
    assert environment["label"] == "Umwelt und Naturschutz"
    assert environment["labels"] == {"de": "Umwelt und Naturschutz", "en": "Environment"}


def test_categories_follow_accept_language_and_lang(client) -> None:
    english = client.get("/api/v1/categories", headers={"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"}).json()
    german = client.get("/api/v1/categories", headers={"Accept-Language": "fr, de;q=0.8, en;q=0.3"}).json()
    explicit = client.get("/api/v1/categories?lang=en", headers={"Accept-Language": "de"}).json()

    assert english[0]["label"] == "Social"
    assert german[0]["label"] == "Soziales"
    assert explicit[0]["label"] == "Social"


def test_categories_are_cacheable(client_without_language) -> None:
    client = client_without_language
    first = client.get("/api/v1/categories")
    again = client.get("/api/v1/categories", headers={"If-None-Match": first.headers["etag"]})
    english = client.get("/api/v1/categories?lang=en", headers={"If-None-Match": first.headers["etag"]})

    assert "Accept-Language" in first.headers["vary"]
    assert "max-age=3600" in first.headers["cache-control"]
    assert again.status_code == 304
    assert english.status_code == 200
