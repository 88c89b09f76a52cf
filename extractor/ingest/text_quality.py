"""Whether a page's text layer can be read at all.

A Type0 font without a ToUnicode map gives glyph codes, not characters: pdfplumber spells
them '(cid:183)', PDFium flags a mapping error or passes private-use code points through.
Such a page is like a scanned one: only OCR can read it, and its garbage must never be
stored as text.
"""
from __future__ import annotations

import re
from typing import Sequence

MIN_BAD = 8  # unreadable characters before a page is judged (an icon or two is no verdict)
SHARE = 0.5  # of the page's visible characters
CID = re.compile(r"^\(cid:\d+\)$")


def is_unreadable_char(ch: str) -> bool:
    """A control character, a private-use code point, U+FFFD, or a '(cid:N)' glyph code."""
    if len(ch) != 1:
        return bool(CID.match(ch))
    o = ord(ch)
    return (o < 0x20 and ch not in "\t\n\r") or 0xE000 <= o <= 0xF8FF or o == 0xFFFD or o >= 0xF0000


def is_undecodable(chars: Sequence[str], unmapped: Sequence[bool] | None = None) -> bool:
    """Most of the page's visible characters are unreadable (or flagged as unmapped)."""
    flags = unmapped if unmapped is not None else [False] * len(chars)
    bad = sum(1 for ch, u in zip(chars, flags) if u or is_unreadable_char(ch))
    return bad >= MIN_BAD and bad >= SHARE * len(chars)
