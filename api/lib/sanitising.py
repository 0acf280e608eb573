"""User-written rich text, reduced to a small safe subset by nh3 (the Ammonia sanitiser)."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(text: str) -> str:
    """Scripts, event handlers, styles and javascript: links come out inert; links get rel=noopener nofollow."""
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener nofollow",
    )
