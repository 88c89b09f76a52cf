"""From words placed in grid cells to rectangular rows of text; header rows; captions.

Shared by ruled and unruled detection, so both give the same cell text for
the same words: lines of a cell in reading order, joined by one space.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from ...ingest.records import Box, Word
from ...layout.lines import LineSettings, rows_of, split_row
from .settings import TableSettings

LEADER = re.compile(r"(?:[.…·_=\-]\s?){4,}")  # dot leaders, or a rule set in type


def _unfilled(text: str) -> str:
    """A word's text without the leader dots that fill out to the next column ('0.95 .......',
    'Control.......'); a word that is all leader or a typed rule ('-------') is no text."""
    return LEADER.sub("", text) if LEADER.search(text) else text


def cell_text(words: Sequence[Word]) -> str:
    """Lines in reading order, one space apart; a line ending in '-' or '/' runs on unspaced.
    Leader dots and rules set in type are not cell text."""
    out = ""
    for row in rows_of(words):
        line = " ".join(t for t in (_unfilled(w.text) for w in row) if t)
        if not line:
            continue
        if out and not (len(out) > 1 and out[-1] in "-/" and out[-2].isalpha()):
            out += " "
        out += line
    return out


def rectangular(rows: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Pad rows to one width, then drop rows and columns that hold no text at all."""
    n = max((len(r) for r in rows), default=0)
    grid = [list(r) + [""] * (n - len(r)) for r in rows]
    grid = [r for r in grid if any(c.strip() for c in r)]
    keep = [j for j in range(n) if any(r[j].strip() for r in grid)]
    return tuple(tuple(r[j] for j in keep) for r in grid)


def shaded(x0: float, x1: float, top: float, bottom: float, boxes: Sequence[Box]) -> bool:
    """A filled box lies under most of this band (a header row's shading)."""
    mid = (top + bottom) / 2
    cover = sum(max(0.0, min(b.x1, x1) - max(b.x0, x0)) for b in boxes if b.top <= mid <= b.bottom)
    return cover >= 0.6 * (x1 - x0)


def header_count(row_words: Sequence[Sequence[Word]], row_shaded: Sequence[bool], body_shaded: bool) -> int:
    """Leading rows set apart from the body: all words bold, or shaded while body rows are not."""
    n = 0
    for words, sh in zip(row_words, row_shaded):
        if words and all(w.bold for w in words):
            n += 1
        elif sh and not body_shaded and words:
            n += 1
        else:
            break
    if n >= len(row_words):
        return 0
    return n


def body_style(words: Sequence[Word]) -> tuple[float, str]:
    """(size, colour) of most of the page's text, by characters."""
    c: Counter = Counter()
    for w in words:
        c[(round(w.size, 1), w.color)] += len(w.text)
    return c.most_common(1)[0][0] if c else (0.0, "")


def find_caption(words: Sequence[Word], x0: float, x1: float, top: float,
                 body: tuple[float, str], s: TableSettings, page_height: float) -> str:
    """A short title just above the table: bold or coloured, not larger than body text.

    A title wrapped over two or three lines of one style is read whole."""
    above = [w for w in words if w.bottom <= top + 1 and w.x1 > x0 - 2 and w.x0 < x1 + 2
             and w.bottom > top - 80 and w.bottom > s.margin * page_height]
    lines = []
    for row in rows_of(above):
        parts = [p for p in split_row(row, LineSettings(split_gap=2.5)) if p[0].x0 >= x0 - 6]
        lines.append(parts[0] if len(parts) == 1 else None)
    picked: list[list[Word]] = []
    edge = top
    for part in reversed(lines):
        if part is None:
            break
        h = max(w.bottom - w.top for w in part)
        gap = edge - max(w.bottom for w in part)
        if picked:
            same = (part[0].bold, part[0].color, round(part[0].size)) == \
                (picked[0][0].bold, picked[0][0].color, round(picked[0][0].size))
            if not same or gap > 0.6 * h or len(picked) >= 3:
                break
        elif gap > 1.6 * h:
            break
        size = max(w.size for w in part)
        distinct = all(w.bold for w in part) or all(w.color != body[1] for w in part)
        if not distinct or size > body[0] + 0.6 or part[0].x0 > x0 + 0.5 * (x1 - x0):
            break
        picked.insert(0, part)
        edge = min(w.top for w in part)
    words_ = [w for p in picked for w in p]
    if not words_ or len(words_) > s.max_caption_words:
        return ""
    return " ".join(w.text for w in words_)
