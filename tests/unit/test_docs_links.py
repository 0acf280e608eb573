"""The README and docs/ point at files that exist, and so do the code's comments: a newcomer following a
link or a "see docs/…" never lands on nothing. The README stays short: the detail lives in docs/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# [text](target) in Markdown, outside code spans is good enough for these pages.
LINK = re.compile(r"\]\(([^)\s]+)\)")
# A repository path cited in a comment or docstring: docs/<page>.md, bench/RESULTS.md, api/lib/<module>.py
CITED_FILE = re.compile(
    r"\b((?:docs|bench|api|workers|pwa|tests|infra|devtools|migrations)/[\w./-]+\.(?:md|py|js|sh))\b"
)
README_MAX_LINES = 200


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to hyphens."""
    anchors = set()
    for line in page.read_text().splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", title)))
    return anchors


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_of_a_page_opens_a_file_and_its_heading(page: Path) -> None:
    broken = []
    for target in LINK.findall(page.read_text()):
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(target)
    assert broken == []


def test_every_file_the_code_cites_exists() -> None:
    sources = [
        path
        for folder in ("api", "workers", "devtools", "tests", "infra", "bench", "pwa")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".js", ".sh"} and "vendor" not in path.parts
    ]
    missing = {
        f"{source.relative_to(ROOT)}: {cited}"
        for source in sources
        for cited in CITED_FILE.findall(source.read_text(errors="replace"))
        if "*" not in cited and not (ROOT / cited).exists()
    }
    assert sorted(missing) == []


def test_the_code_cites_no_file_outside_the_repository() -> None:
    outside = [
        str(path.relative_to(ROOT))
        for folder in ("api", "workers", "devtools", "tests", "infra", "pwa")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".js", ".sh"} and "vendor" not in path.parts
        and re.search(r"(?<![\w/])(DESIGN|STYLE)\.md", path.read_text(errors="replace"))
    ]
    assert outside == []


def test_the_readme_is_short() -> None:
    assert len((ROOT / "README.md").read_text().splitlines()) <= README_MAX_LINES
