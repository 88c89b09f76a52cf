"""Shared helpers of the extractors: text units with provenance, headings, quotes."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..structure.records import Document

BULLET = re.compile(r"^\s*(?:[•·▪◦●■□➢►\-–*]|\(?[a-z]\)|\(?[ivx]{1,4}\)|\d{1,2}[.)](?!\d))\s*")
NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")


def ws(text: str | None) -> str:
    """Whitespace-normalised text."""
    return " ".join((text or "").split())


def fold(text: str) -> str:
    """Lower case, quotes/dashes folded, whitespace normalised (for matching, never for output)."""
    t = (text or "").replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return ws(t).lower()


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


def body_size(doc: Document) -> float:
    c: Counter = Counter()
    for ln in doc.lines:
        c[round(ln.size, 1)] += len(ln.text)
    return c.most_common(1)[0][0] if c else 11.0


def is_heading_line(ln, body: float) -> bool:
    t = ln.text.strip()
    if not t or len(t) > 140:
        return False
    return (ln.size >= body + 1.0) or (ln.bold and ln.size >= body - 0.5 and len(t) < 120)


_CACHE: dict[int, tuple] = {}


def _paragraphs_of(doc: Document) -> tuple[Block, ...]:
    body = body_size(doc)
    out: list[Block] = []
    cur: list = []

    def flush():
        if cur:
            out.append(Block(text=join_lines([l.text for l in cur]), page=cur[0].page, top=cur[0].top,
                             kind="para", bold=all(l.bold for l in cur), size=cur[0].size, n_lines=len(cur)))
            cur.clear()

    for ln in doc.lines:
        if not ln.text.strip():
            continue
        if cur:
            prev = cur[-1]
            gap = ln.top - prev.bottom
            same = (ln.page == prev.page and -2 < gap < max(prev.height, 6) * 0.9
                    and abs(ln.size - prev.size) < 0.6 and ln.bold == prev.bold
                    and not BULLET.match(ln.text) and is_heading_line(ln, body) == is_heading_line(prev, body)
                    and abs(ln.x0 - prev.x0) < 150)
            if not same:
                flush()
        cur.append(ln)
    flush()
    return tuple(out)


def paragraphs(doc: Document) -> list[Block]:
    """Running text as paragraphs: consecutive lines of one style, close together, on one page."""
    hit = _CACHE.get(id(doc))
    if hit is None or hit[0] is not doc:
        if len(_CACHE) > 8:
            _CACHE.clear()
        hit = _CACHE[id(doc)] = (doc, _paragraphs_of(doc))
    return list(hit[1])


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
    body = body_size(doc)
    hs = [(s.page_start, s.top, ws(s.title)) for s in doc.sections if s.title]
    hs += [(ln.page, ln.top, ws(ln.text)) for ln in doc.lines if is_heading_line(ln, body)]
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
