"""Whether a page's text layer can be read at all.

A Type0 font without a ToUnicode map gives glyph codes, not characters: pdfplumber spells
them '(cid:183)', PDFium flags a mapping error or passes private-use code points through.
Such a page is like a scanned one: only OCR can read it, and its garbage must never be
stored as text.
"""
from __future__ import annotations

import re

MIN_BAD = 8  # unreadable characters before a page is judged (an icon or two is no verdict)
SHARE = 0.5  # of the page's visible characters
CID = re.compile(r"^\(cid:\d+\)$")
CID_ANY = re.compile(r"\(cid:\d+\)")
UNREADABLE = re.compile("[\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
SPACE = re.compile(r"\s")


def is_unreadable_char(ch: str) -> bool:
    """A control character, a private-use code point, U+FFFD, or a '(cid:N)' glyph code."""
    if len(ch) != 1:
        return bool(CID.match(ch))
    o = ord(ch)
    return (o < 0x20 and ch not in "\t\n\r") or 0xE000 <= o <= 0xF8FF or o == 0xFFFD or o >= 0xF0000


def is_undecodable(text: str, unmapped: int = 0) -> bool:
    """Most of the visible characters of a page's text are unreadable; `unmapped` more of them
    were flagged by the reader as having no character."""
    cids = CID_ANY.findall(text)  # pdfplumber's spelling of one glyph code
    visible = len(text) - len(SPACE.findall(text)) - sum(len(c) - 1 for c in cids)
    bad = min(visible, len(UNREADABLE.findall(text)) + len(cids) + unmapped)
    return bad >= MIN_BAD and bad >= SHARE * visible
