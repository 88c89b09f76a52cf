"""Shared helpers of the extractors: text units with provenance, headings, quotes. Paragraphs,
the body size and the emphasis test come from the layout stage, through the Document."""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..document import Document
from ..layout.paragraphs import BULLET, Block, join_lines, stands_out, ws  # noqa: F401  (the extractors' imports)

NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")


def fold(text: str) -> str:
    """Lower case, quotes/dashes folded, whitespace normalised (for matching, never for output)."""
    t = (text or "").replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return ws(t).lower()


def paragraphs(doc: Document) -> list[Block]:
    """Running text as paragraphs, as the layout stage built them (doc.paragraphs)."""
    return list(doc.paragraphs)


def cells(doc: Document) -> list[Block]:
    out = []
    for t in doc.tables:
        for r, row in enumerate(t.rows):
            for c, text in enumerate(row):
                if ws(text):
                    page = t.page_of_row(r)
                    out.append(Block(text=ws(text), page=page, top=t.top if page == t.page_start else 0.0, kind="cell",
                                     table=t.index, row=r, col=c))
    return out


def page_texts(doc: Document) -> dict[int, str]:
    """Page -> whitespace-normalised text of its lines and table cells (what quotes are checked against)."""
    lines: dict[int, list[str]] = {}
    for ln in doc.lines:
        lines.setdefault(ln.page, []).append(ln.text)
    parts: dict[int, list[str]] = {p: [join_lines(v)] for p, v in lines.items()}  # as paragraphs join them
    for t in doc.tables:
        for r, row in enumerate(t.rows):
            for text in row:
                parts.setdefault(t.page_of_row(r), []).append(text)
    return {p: ws(" ".join(v)) for p, v in parts.items()}


def headings(doc: Document) -> list[tuple[int, float, str]]:
    """(page, top, title) of every heading: the section tree's, plus bold/large lines."""
    hs = [(s.page_start, s.top, ws(s.title)) for s in doc.sections if s.title]
    hs += [(ln.page, ln.top, ws(ln.text)) for ln in doc.lines if stands_out(ln, doc.body_size)]
    return sorted(set(hs))


def heading_before(hs: Sequence[tuple[int, float, str]], page: int, top: float, n: int = 1) -> list[str]:
    """The n nearest headings before (page, top), nearest first."""
    prev = [h for h in hs if (h[0], h[1]) < (page, top)]
    return [h[2] for h in reversed(prev[-n:])]


def section_id_of(doc: Document, page: int, top: float) -> str | None:
    sec = doc.section_of(page, top)
    return f"{doc.report_id}-s{sec.index:03d}" if sec is not None else None


def short_quote(text: str, limit: int = 160) -> str:
    """A verbatim prefix of `text`, cut at a word boundary."""
    t = ws(text)
    if len(t) <= limit:
        return t
    cut = t[:limit]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def any_re(phrases: Iterable[str]) -> re.Pattern | None:
    ps = [p for p in phrases if p]
    if not ps:
        return None
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(ps) + r")(?![A-Za-z0-9])", re.I)
