from __future__ import annotations

import re

from tests.support.factories import make_offer, make_organisation


def test_every_operation_has_an_id_a_summary_and_documented_responses(client) -> None:
    schema = client.get("/schema/openapi.json").json()

    assert schema["openapi"].startswith("3.1")
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) >= 7
    for operation in operations:
        assert operation.get("operationId"), operation
        assert operation.get("summary"), operation
        media = [*operation.get("requestBody", {}).get("content", {}).values(),
                 *(m for status, response in operation["responses"].items() if status.startswith("2")
                   for m in response.get("content", {}).values())]
        if media:  # an operation with neither a body nor content (a plain 204) has nothing to show
            assert any(m.get("examples") or m.get("schema", {}).get("examples") for m in media), \
                operation["operationId"]
    search = schema["paths"]["/api/v1/offers"]["get"]
    assert search["responses"]["200"]["content"]["application/json"]["examples"]
    assert search["responses"]["400"]["content"]["application/problem+json"]
    assert {p["name"] for p in search["parameters"]} >= {
        "lat", "lon", "radius_km", "category", "commitment", "starts_after", "starts_before", "remote",
        "accessible", "q", "limit", "cursor",
    }
    assert all(p.get("examples") for p in search["parameters"] if p["name"] in {"lat", "lon", "radius_km", "q"})


def test_docs_ui_is_served_without_the_internet(client) -> None:
    page = client.get("/schema")

    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)\s*=\s*['"]([^'"]+)['"]""", page.text)
    assert assets, page.text[:500]
    assert all(asset.startswith("/") for asset in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert any(asset.endswith("/vendor/swagger-ui/swagger-ui-bundle.js") for asset in assets)


def test_search_responses_are_gzip_compressed_when_asked(client, db) -> None:
    organisation = make_organisation(db)
    for _ in range(30):
        make_offer(db, organisation, summary="Eine längere Zusammenfassung des Angebots " * 4)

    compressed = client.get("/api/v1/offers?limit=30", headers={"Accept-Encoding": "gzip"})

    assert compressed.headers["content-encoding"] == "gzip"
    assert len(compressed.json()["items"]) == 30
