"""Group positioned words into lines (rows), then split rows at wide gaps.

A gap wider than `split_gap` x font size ends a line: that keeps the two
columns of a brochure page, or the cells of a table row, apart.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..ingest.records import Word
from .records import Line


@dataclass(frozen=True)
class LineSettings:
    split_gap: float = 1.2  # x font size
    overlap: float = 0.5  # vertical overlap (share of the smaller height) for one row


def rows_of(words: Iterable[Word], settings: LineSettings = LineSettings()) -> list[list[Word]]:
    """Words that share a baseline, top to bottom, each row left to right."""
    rows: list[list[Word]] = []
    bounds: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        h = max(w.bottom - w.top, 0.1)
        placed = False
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):  # only recent rows can overlap
            top, bottom = bounds[i]
            ov = min(bottom, w.bottom) - max(top, w.top)
            if ov >= settings.overlap * min(h, bottom - top):
                rows[i].append(w)
                bounds[i] = (min(top, w.top), max(bottom, w.bottom))
                placed = True
                break
        if not placed:
            rows.append([w])
            bounds.append((w.top, w.bottom))
    for r in rows:
        r.sort(key=lambda w: w.x0)
    return rows


def make_line(words: Sequence[Word], page: int) -> Line:
    weights: Counter = Counter()
    for w in words:
        weights[(round(w.size, 1), w.bold, w.color)] += len(w.text)
    (size, bold, color), _ = weights.most_common(1)[0]
    base = max(w.bottom for w in words if round(w.size, 1) == size)
    text = " ".join(w.text for w in words if not _superscript(w, size, base)) or " ".join(w.text for w in words)
    return Line(text=text, page=page,
                x0=min(w.x0 for w in words), x1=max(w.x1 for w in words),
                top=min(w.top for w in words), bottom=max(w.bottom for w in words),
                size=size, bold=bold, color=color, n_words=len(words))


def _superscript(w: Word, size: float, base: float) -> bool:
    """A footnote marker: a short figure in small type raised above the line's baseline."""
    return (len(w.text) <= 3 and w.text.strip("*†‡").isdigit() is not False
            and all(c.isdigit() or c in "*†‡" for c in w.text)
            and w.size <= 0.75 * size and w.bottom < base - 0.15 * size)


def split_row(row: Sequence[Word], settings: LineSettings = LineSettings()) -> list[list[Word]]:
    parts: list[list[Word]] = [[row[0]]]
    for prev, w in zip(row, row[1:]):
        if w.x0 - prev.x1 > settings.split_gap * max(prev.size, w.size):
            parts.append([w])
        else:
            parts[-1].append(w)
    return parts


def lines_of(words: Iterable[Word], page: int, settings: LineSettings = LineSettings()) -> list[Line]:
    """Lines in row order (top to bottom, left to right); reading order comes later."""
    return [make_line(part, page) for row in rows_of(words, settings) for part in split_row(row, settings)]
