"""Links into the app are built in one module (api/lib/app_links.py), and its examples cover every kind, so
the browser test that opens each example (tests/e2e/test_app_shell.py) opens every link the back end sends."""

from __future__ import annotations

import ast
import inspect
import re
import uuid
from pathlib import Path

import pytest

from api.lib import app_links

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "api" / "lib" / "app_links.py"
NOT_LINK_BUILDERS = {"absolute", "examples"}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (prose may mention a route)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def _hash_route_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    docstrings = _docstrings(tree)
    return [
        (node.lineno, node.value) for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "#/" in node.value
        and id(node) not in docstrings
    ]


def test_no_module_but_app_links_builds_a_link_into_the_app() -> None:
    sources = [p for folder in ("api", "workers") for p in sorted((ROOT / folder).rglob("*.py")) if p != HOME]
    assert len(sources) > 50

    found = {f"{p.relative_to(ROOT)}:{line}": text for p in sources for line, text in _hash_route_literals(p)}

    assert found == {}, "build these links with api/lib/app_links.py"


def test_the_scan_would_find_a_link_built_elsewhere(tmp_path: Path) -> None:
    module = tmp_path / "mail.py"
    module.write_text('"""Sends /#/angebot/… links."""\n\ndef link(offer_id):\n    return f"/#/angebot/{offer_id}"\n')

    assert [line for line, _ in _hash_route_literals(module)] == [4]


def test_the_examples_cover_every_kind_of_link_once() -> None:
    builders = {
        name for name, function in inspect.getmembers(app_links, inspect.isfunction)
        if function.__module__ == app_links.__name__ and not name.startswith("_")
    } - NOT_LINK_BUILDERS
    kinds = [link.kind for link in app_links.examples()]

    assert sorted(kinds) == sorted(builders)
    assert {link.audience for link in app_links.examples()} <= {"anyone", "resident", "member", "moderator"}


def _routes() -> list[str]:
    """The paths of the app's route table (pwa/routes.js)."""
    return re.findall(r'path:\s*"([^"]+)"', (ROOT / "pwa" / "routes.js").read_text())


@pytest.mark.parametrize("link", app_links.examples(), ids=lambda link: link.kind)
def test_every_example_lands_on_a_route_of_the_app(link: app_links.AppLink) -> None:
    route = link.path.removeprefix("/#").split("?")[0] or "/"
    pattern = {re.sub(r":[a-z]+", "[^/]+", r) for r in _routes()}

    assert link.path == "/" or link.path.startswith("/#/")
    assert any(re.fullmatch(p, route) for p in pattern), f"{route} is not in pwa/routes.js"


def test_links_are_the_routes_the_app_expects() -> None:
    offer_id = uuid.UUID("3f2b8c1e-5a7d-4e9f-8b6a-1c2d3e4f5a6b")

    assert app_links.offer(offer_id) == f"/#/angebot/{offer_id}"
    assert app_links.confirm_account("abc_-9") == "/#/konto/bestaetigen?token=abc_-9"
    assert app_links.reset_password("abc") == "/#/passwort-neu?token=abc"
    assert app_links.forgot_password() == "/#/passwort-vergessen"
    assert app_links.confirm_email_change("abc") == "/#/konto/email-bestaetigen?token=abc"
    assert app_links.take_place("abc") == "/#/platz-annehmen?token=abc"
    assert app_links.my_engagements() == "/#/meine-einsaetze"
    assert app_links.notification_settings() == "/#/benachrichtigungen"
    assert app_links.invitation("abc") == "/#/einladung?token=abc"
    assert app_links.organisation_management() == "/#/verwaltung"
    assert app_links.offer_management(offer_id) == f"/#/verwaltung/angebot/{offer_id}"
    assert app_links.offer_applications(offer_id) == f"/#/verwaltung/angebot/{offer_id}/bewerbungen"
    assert app_links.confirm_account("a/b+c") == "/#/konto/bestaetigen?token=a%2Fb%2Bc"


def test_absolute_links_start_with_the_apps_origin() -> None:
    assert app_links.absolute("/#/meine-einsaetze", "https://oic.test/app/") == "https://oic.test/app/#/meine-einsaetze"
    assert app_links.absolute(app_links.home(), "https://volumap.test") == "https://volumap.test/"
