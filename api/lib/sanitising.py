"""User-written text made safe to store: rich text reduced to a small safe subset by nh3 (the Ammonia
sanitiser), plain text reduced to characters that read as text."""

from __future__ import annotations

import html
import unicodedata

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


# Zero-width joiners hold emoji sequences and words of some scripts together; they cannot hide or reorder text.
_JOINERS = {"\u200c", "\u200d"}
_LINE_BREAKS = {"\n", "\t"}


def plain_text(text: str) -> str:
    """Text that is only ever shown as text (titles, skills, names, messages, report texts).

    1. Tags go, and script and style elements with their content; entities are decoded.
    2. Angle brackets that remain are dropped, so nothing can turn back into a tag later.
    3. Line breaks become `\\n` (CR LF, CR and the Unicode line and paragraph separators); tabs stay.
    4. Every Unicode space (no-break, thin, ...) becomes a plain space.
    5. Characters that do not read as text are dropped: control and format characters (bidi overrides,
       zero-width spaces, soft hyphens; the zero-width joiners stay), surrogates, private-use and
       unassigned code points.
    6. Leading and trailing whitespace is trimmed.
    """
    decoded = html.unescape(nh3.clean(text, tags=set())).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_as_text(character) for character in decoded if character not in "<>").strip()


def _as_text(character: str) -> str:
    if character.isprintable() or character in _LINE_BREAKS or character in _JOINERS:
        return character
    category = unicodedata.category(character)
    if category == "Zs":
        return " "
    return "\n" if category in {"Zl", "Zp"} else ""
