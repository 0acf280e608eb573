"""The plain-text rule shared by offers, applications, feedback, profiles and reports (api/lib/sanitising.py)."""

from __future__ import annotations

import pytest

from api.lib.sanitising import plain_text


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Kaffee & Kuchen", "Kaffee & Kuchen"),
        ("Hallo<script>alert(1)</script> Welt", "Hallo Welt"),
        ("<b onclick=x()>fett</b>", "fett"),
        ("<style>p{}</style>für <b>Kurse</b> &amp; <a href='javascript:x'>mehr</a>", "für Kurse & mehr"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "scriptalert(1)/script"),
        ("Alter > 16", "Alter  16"),
    ],
)
def test_plain_text_keeps_no_markup(written: str, stored: str) -> None:
    assert plain_text(written) == stored


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Zeile\x00eins\x7f", "Zeileeins"),
        ("rechts\u202ewirkt\u2066nicht", "rechtswirktnicht"),
        ("unsicht\u200bbar\u00ad", "unsichtbar"),
        ("privat\ue000", "privat"),
    ],
)
def test_plain_text_drops_characters_that_do_not_read_as_text(written: str, stored: str) -> None:
    assert plain_text(written) == stored


def test_plain_text_keeps_lines_tabs_spaces_and_joined_emoji() -> None:
    written = " Erste Zeile\r\nzweite\rdritte\u2028vierte\tSpalte, 10\u00a0km, 👩\u200d🍳 \n"

    assert plain_text(written) == "Erste Zeile\nzweite\ndritte\nvierte\tSpalte, 10 km, 👩\u200d🍳"
