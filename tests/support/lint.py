"""For the lint tests of tests/unit/ that read the syntax of api/ and workers/: proving that a rule finds what it
is meant to, on a sample module."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def lines_found(rule: Callable[[Path], list[str]], source: str) -> list[int]:
    """The lines `rule` finds in `source`, written for the moment as a module of api/ (the rules name files
    relative to the repository, as `api/…:<line>…`)."""
    sample = ROOT / "api" / "_lint_sample.py"
    sample.write_text(source)
    try:
        findings = rule(sample)
    finally:
        sample.unlink()
    return sorted(int(re.match(r"\d+", finding.split(":")[1]).group()) for finding in findings)  # type: ignore[union-attr]
