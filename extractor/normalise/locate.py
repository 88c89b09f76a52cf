"""Where a record's quote is printed: its bounding box on its page, from the page's words.

Quotes are verbatim text of the page, so the box is found after extraction by matching the
quote's tokens against the page's positioned words (the extractors need not carry
coordinates). Words are read row by row; a quote that wraps in one column of a two-column
page skips the other column's words between its lines. OCR'd words may differ by a letter,
so tokens match by similarity, and a box is given once most of the quote is found.
"""
from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Iterable, Mapping, Sequence

from rapidfuzz import fuzz

from ..ingest.records import Word

BOX_FIELDS = ("x0", "top", "x1", "bottom")
MAX_SKIP = 60  # words passed over between two matched ones (the other column of a row)
MIN_SHARE = 0.6  # of the quote's tokens that must be found for a box
MAX_JUMP = 3.0  # x line height: a matched word further below the previous one ends the match
FUZZY = 85  # rapidfuzz ratio for tokens of 4+ characters (OCR misreads a letter)
TOKEN = re.compile(r"[^\w£$%]+")

Box = tuple[float, float, float, float]


def norm(text: str) -> str:
    return TOKEN.sub("", text.casefold())


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    la, lb = len(a), len(b)
    # ratio = 2 * matches / (la + lb): lengths too far apart cannot reach FUZZY
    return min(la, lb) >= 4 and 200 * min(la, lb) >= FUZZY * (la + lb) and fuzz.ratio(a, b) >= FUZZY


def _take(words: Sequence[Word], toks: Sequence[str], j: int, qt: str) -> list[int]:
    """The page words from j that spell the quote token qt: [j]; or j and the first word of a
    following line when the page breaks the token there (a hyphenated name wrapped in its
    table cell); [] when they do not spell it."""
    if not toks[j]:
        return []
    if _same(toks[j], qt):
        return [j]
    if len(toks[j]) < 2 or not qt.startswith(toks[j]):
        return []
    w = words[j]
    h = w.bottom - w.top
    for k in range(j + 1, min(len(words), j + MAX_SKIP)):
        if words[k].top > w.top + 0.5 * h:
            if words[k].top - w.bottom > h:
                break
            if words[k].x0 <= w.x0 and _same(toks[j] + toks[k], qt):
                return [j, k]
    return []


def reading_rows(words: Iterable[Word]) -> list[Word]:
    """Words top to bottom, left to right within a text row."""
    out: list[Word] = []
    row: list[Word] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if row and w.top > row[0].top + 0.5 * (row[0].bottom - row[0].top):
            out += sorted(row, key=lambda w: w.x0)
            row = []
        row.append(w)
    return out + sorted(row, key=lambda w: w.x0)


def quote_box(quote: str | None, words: Sequence[Word], toks: Sequence[str] | None = None) -> Box | None:
    """(x0, top, x1, bottom) in points around the words of `quote` on the page, or None when
    the page does not hold (most of) it. `words` in reading_rows order (`toks`: their norm())."""
    q = [t for t in (norm(t) for t in (quote or "").split()) if t]
    if not q or not words:
        return None
    toks = toks if toks is not None else [norm(w.text) for w in words]
    best: list[int] = []
    found = 0
    for start in range(len(words)):
        for k in range(min(3, len(q))):  # the first token or two may be misread
            first = _take(words, toks, start, q[k])
            if first:
                f, got = _follow(words, toks, q, k, first)
                if f > found or (f == found and f and _height(words, got) < _height(words, best)):
                    best, found = got, f
                break
        if found == len(q) and _height(words, best) < 1.5 * (words[best[0]].bottom - words[best[0]].top):
            break  # the whole quote on one line: nothing tighter to find
    if found < max(1, MIN_SHARE * len(q)):
        return None
    hit = [words[i] for i in best]
    return (round(min(w.x0 for w in hit), 2), round(min(w.top for w in hit), 2),
            round(max(w.x1 for w in hit), 2), round(max(w.bottom for w in hit), 2))


def _height(words: Sequence[Word], idx: Sequence[int]) -> float:
    return max(words[i].bottom for i in idx) - min(words[i].top for i in idx)


def _follow(words: Sequence[Word], toks: Sequence[str], q: Sequence[str], k: int,
            first: list[int]) -> tuple[int, list[int]]:
    """(quote tokens found, word indices) matching q[k:] on from the words `first` that spell
    q[k], skipping words of other columns between two found tokens."""
    got, found = list(first), 1
    qi, skipped = k + 1, 0
    j = first[0] + 1
    while qi < len(q) and j < len(words) and skipped <= MAX_SKIP:
        last = words[max(got)]
        if j in got:
            j += 1
            continue
        if words[j].top - last.bottom > MAX_JUMP * (last.bottom - last.top):
            break
        hit = _take(words, toks, j, q[qi])
        if hit:
            qi += 1
        elif toks[j]:
            skipped += 1
            hit = _take(words, toks, j, q[qi + 1]) if qi + 1 < len(q) else []
            qi += 2 if hit else 0  # q[qi] was misread away
        if hit:
            got += hit
            found, skipped = found + 1, 0
        j += 1
    return found, got


def _page_of(row) -> int | None:
    page = getattr(row, "page", None)
    return page if page is not None else getattr(row, "first_page", None)


def with_boxes(tables: Mapping[str, list], page_words: Mapping[int, Sequence[Word]]) -> dict[str, list]:
    """Every row that has a quote, a page and the box columns, with the box filled in."""
    ordered: dict[int, tuple[list[Word], list[str]]] = {}
    out: dict[str, list] = {}
    for name, rows in tables.items():
        if not rows or not all(f in {x.name for x in fields(rows[0])} for f in BOX_FIELDS):
            out[name] = rows
            continue
        filled = []
        for row in rows:
            page, quote = _page_of(row), getattr(row, "quote", None)
            box = None
            if page is not None and quote and page in page_words:
                if page not in ordered:
                    words = reading_rows(page_words[page])
                    ordered[page] = (words, [norm(w.text) for w in words])
                box = quote_box(quote, *ordered[page])
            filled.append(replace(row, **dict(zip(BOX_FIELDS, box))) if box else row)
        out[name] = filled
    return out
