"""What every browser test checks the same way: accessibility (axe-core from npm, pinned by package-lock.json),
screenshots at phone size, and reading links out of the e-mails the system really sent."""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

from playwright.sync_api import Page

from tests.servers import ROOT

# WCAG 2.1 AA as BITV NRW requires, plus the 2.2 AA rules axe has.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The README names this folder; `make test` fills it (it is ignored by git).
SCREENSHOTS = Path(os.environ.get("VOLUMAP_SCREENSHOTS", ROOT / "build" / "screenshots"))


@cache
def _axe_source() -> str:
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    assert path.exists(), "axe-core is missing: make node installs it"
    return path.read_text(encoding="utf-8")


def assert_accessible(page: Page, state: str) -> None:
    """No axe violation of the WCAG A/AA rules on the page as it is now. `state` names it in the failure."""
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy does not stop it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source() + "\n;0")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary).slice(0, 5)})))",
        AXE_TAGS,
    )
    assert result == [], f"axe violations on {state}:\n{json.dumps(result, indent=2, ensure_ascii=False)}"


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot at the page's size (390 × 844 for the phone contexts), named for the screen."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower()).strip('-')}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
