"""Paragraphs: consecutive lines of one style, close together, on one page, joined into one text.

Built once per document by the layout stage (`doc.paragraphs`); every extractor reads them there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .records import Line

BULLET = re.compile(r"^\s*(?:[•·▪◦●■□➢►\-–*]|\(?[a-z]\)|\(?[ivx]{1,4}\)|\d{1,2}[.)](?!\d))\s*")


def ws(text: str | None) -> str:
    """Whitespace-normalised text."""
    return " ".join((text or "").split())


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of running text (lines joined) or one table cell, with where it came from."""
    text: str
    page: int
    top: float
    kind: str  # 'para' | 'cell'
    bold: bool = False
    size: float = 0.0
    table: int = -1
    row: int = -1
    col: int = -1
    n_lines: int = 1


def join_lines(texts: list[str]) -> str:
    """Lines of one paragraph as one text; a line ending in a hyphen before a lower-case word joins
    it without a space ("multi-" + "agency" = "multi-agency"), as the same words set on one line read."""
    out = ""
    for t in texts:
        t = ws(t)
        if not t:
            continue
        if out and re.search(r"[A-Za-z]-$", out) and t[:1].islower():
            out += t
        else:
            out = f"{out} {t}" if out else t
    return out


def stands_out(ln: Line, body: float) -> bool:
    """A short line set apart from the running text by a larger size or by weight (a heading or a
    label to the eye): a paragraph never runs across such a line and plain text."""
    t = ln.text.strip()
    if not t or len(t) > 140:
        return False
    return (ln.size >= body + 1.0) or (ln.bold and ln.size >= body - 0.5 and len(t) < 120)


def _para(lines: Sequence[Line]) -> Block:
    return Block(text=join_lines([ln.text for ln in lines]), page=lines[0].page, top=lines[0].top, kind="para",
                 bold=all(ln.bold for ln in lines), size=lines[0].size, n_lines=len(lines))


def _continues(ln: Line, prev: Line, body: float) -> bool:
    gap = ln.top - prev.bottom
    return (ln.page == prev.page and -2 < gap < max(prev.height, 6) * 0.9
            and abs(ln.size - prev.size) < 0.6 and ln.bold == prev.bold
            and not BULLET.match(ln.text) and stands_out(ln, body) == stands_out(prev, body)
            and abs(ln.x0 - prev.x0) < 150)


def paragraphs_of(flow: Sequence[Line], body: float) -> tuple[Block, ...]:
    """The flow (reading order) as paragraphs; `body`: the running text's size."""
    out: list[Block] = []
    cur: list[Line] = []
    for ln in flow:
        if not ln.text.strip():
            continue
        if cur and not _continues(ln, cur[-1], body):
            out.append(_para(cur))
            cur = []
        cur.append(ln)
    if cur:
        out.append(_para(cur))
    return tuple(out)
