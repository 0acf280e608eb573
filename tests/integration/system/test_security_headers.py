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
    from tests.support.factories import make_offer, make_organisation

    offer = make_offer(db, make_organisation(db, slug="cookieless"))
    client.cookies.clear()
    for path in ("/api/v1/offers", "/api/v1/offers.geojson", f"/api/v1/offers/{offer['id']}",
                 "/api/v1/categories", "/api/v1/organisations/cookieless", "/health/ready"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "set-cookie" not in response.headers, path


STRICT_TRANSPORT = "max-age=31536000; includeSubDomains"
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


def _answers(client, db) -> dict:
    """One answer of each kind: a public read, a personal read, problem answers (public and personal),
    the app shell, a file of the app and the API docs."""
    from api.domain.system.app_shell import app_shell
    from tests.support.accounts import make_person, sign_in

    public = client.get("/api/v1/categories")
    problem = client.get("/api/v1/offers?lat=999")
    missing = client.get("/api/v1/no-such-thing")
    sign_in(client, make_person(db))
    personal = client.get("/api/v1/me")
    client.cookies.clear()
    signed_out = client.get("/api/v1/me")
    shell = client.get("/")
    asset = f"/assets/{app_shell().version}/app.js"
    return {"public read": public, "problem": problem, "unknown address": missing, "personal read": personal,
            "personal problem": signed_out, "app shell": shell, "app file": client.get(asset),
            "api docs": client.get("/schema")}


def test_every_answer_carries_permissions_policy_nosniff_and_hsts(client, db) -> None:
    from api.lib.security_headers import PERMISSIONS_POLICY

    for kind, answer in _answers(client, db).items():
        assert answer.status_code in (200, 400, 401, 404), kind
        assert answer.headers["permissions-policy"] == PERMISSIONS_POLICY, kind
        assert answer.headers["x-content-type-options"] == "nosniff", kind
        assert answer.headers["strict-transport-security"] == STRICT_TRANSPORT, kind
    # The app uses the position; nothing else a page could ask for.
    assert "geolocation=(self)" in PERMISSIONS_POLICY and "camera=()" in PERMISSIONS_POLICY


def test_api_answers_forbid_running_loading_and_framing_anything(client, db) -> None:
    answers = _answers(client, db)

    for kind in ("public read", "problem", "unknown address", "personal read", "personal problem"):
        assert answers[kind].headers["content-security-policy"] == API_POLICY, kind
    for kind in ("app shell", "app file", "api docs"):
        assert "default-src 'self'" in answers[kind].headers["content-security-policy"], kind


def test_personal_answers_are_never_stored(client, db) -> None:
    answers = _answers(client, db)

    assert answers["personal read"].headers["cache-control"] == "no-store"
    assert answers["personal problem"].status_code == 401
    assert answers["personal problem"].headers["cache-control"] == "no-store"
    assert answers["public read"].headers["cache-control"].startswith("public")


def test_personal_routes_answer_no_store_unless_they_say_private(client, db) -> None:
    from tests.support.accounts import csrf_headers, make_person, sign_in

    sign_in(client, make_person(db))
    for path in ("/api/v1/session", "/api/v1/me/applications", "/api/v1/me/push-subscriptions",
                 "/api/v1/me/volunteer-profile", "/api/v1/me/export"):
        cache_control = client.get(path).headers["cache-control"]
        assert "no-store" in cache_control, (path, cache_control)
    signed_out = client.delete("/api/v1/session", headers=csrf_headers(client))
    assert signed_out.headers["cache-control"] == "no-store"
    for path in ("/api/v1/manage/offers/00000000-0000-0000-0000-000000000000",
                 "/api/v1/moderation/offers", "/api/v1/organisations/00000000-0000-0000-0000-000000000000/api-tokens"):
        assert client.get(path).headers["cache-control"] == "no-store", path


def test_hsts_only_when_the_public_base_url_is_https(client, monkeypatch) -> None:
    from api.settings import get_settings

    monkeypatch.setattr(get_settings(), "public_base_url", "http://volumap.test")

    for path in ("/", "/api/v1/categories", "/api/v1/offers?lat=999"):
        assert "strict-transport-security" not in client.get(path).headers, path
