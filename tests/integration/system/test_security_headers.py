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
