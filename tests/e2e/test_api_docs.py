"""/schema: Swagger UI 5 from pwa/vendor renders the OpenAPI 3.1 document, under a Content-Security-Policy that
allows exactly its start-up script (by hash) and nothing from other origins."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.checks import screenshot
from tests.e2e.conftest import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def test_the_api_docs_render_every_operation_of_the_openapi_document(
    open_page: Callable[..., Page], stack: Stack
) -> None:
    page = open_page(viewport={"width": 1200, "height": 900}, locale="en-GB")
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    response = page.goto("/schema")
    document = page.request.get("/schema/openapi.json").json()

    assert response is not None and response.ok
    assert document["openapi"].startswith("3.1")
    operations = sum(1 for path in document["paths"].values() for method in path
                     if method in {"get", "post", "put", "patch", "delete"})
    expect(page.locator(".opblock")).to_have_count(operations)
    expect(page.get_by_role("heading", name=re.compile("VoluMap API"))).to_be_visible()
    assert refused == []
    assert all(url.startswith(stack.base_url) or url.startswith("data:") for url in requests), requests
    screenshot(page, "api-docs")


def test_the_docs_page_allows_only_its_own_start_up_script(stack: Stack, open_page: Callable[..., Page]) -> None:
    page = open_page()
    response = page.goto("/schema")
    assert response is not None
    policy = response.headers["content-security-policy"]
    inline = page.locator("script:not([src])").inner_text()
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()

    assert f"'sha256-{digest}'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in policy
    assert page.locator("script[src]").get_attribute("src").startswith("/assets/")
