from __future__ import annotations


def test_pwa_is_served_with_a_strict_content_security_policy(client) -> None:
    page = client.get("/")

    assert page.status_code == 200 and "<html" in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"


def test_api_answers_carry_nosniff(client) -> None:
    for path in ("/api/v1/categories", "/api/v1/offers?lat=999", "/health/live"):
        assert client.get(path).headers["x-content-type-options"] == "nosniff"


def test_public_cacheable_reads_set_no_cookies(client, db) -> None:
    from tests.factories import make_offer, make_organisation

    offer = make_offer(db, make_organisation(db, slug="cookieless"))
    client.cookies.clear()
    for path in ("/api/v1/offers", "/api/v1/offers.geojson", f"/api/v1/offers/{offer['id']}",
                 "/api/v1/categories", "/api/v1/organisations/cookieless", "/health/ready"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "set-cookie" not in response.headers, path
