"""Columns a ruled grid leaves out: figures standing in two columns inside one ruled column.

Grids often rule only between groups of columns (Male | Female under one group heading,
with no rule between them). Inside a ruled column, lines of figures whose words keep
clear of one x on every line, with figures on both sides, are two columns; a virtual
vertical rule goes there in every band no word runs across. A heading that spans both
(the group heading) keeps its band merged; when it stands on its own line(s) above
sub-headings that keep to the sub-columns, a virtual rule parts those lines into a row
of its own.
"""
from __future__ import annotations

import re
from statistics import median
from typing import Sequence

from ...ingest.records import Word
from ...layout.lines import rows_of
from .geometry import Seg

FIGURE = re.compile(r"[(\-–+$£€]?\d[\d.,]*%?\)?|[-–—]")
DIGIT_GROUP = re.compile(r"\d{3}(?:[.,]\d+)?")  # the right part of '1 234': a number's own digits
MIN_LINES = 3  # lines of figures that must agree on the gap
MIN_GAP = 0.3  # x font size: narrower gaps are spaces inside a figure (word or thin spaces)


def _mid(w: Word) -> tuple[float, float]:
    return (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2


def _gaps(lines: Sequence[Sequence[Word]], size: float) -> list[float]:
    """x of the gaps at least MIN_GAP x size wide in the projection of the lines' words."""
    spans = sorted((w.x0, w.x1) for ln in lines for w in ln)
    out = []
    reach = spans[0][1]
    for a, b in spans[1:]:
        if a - reach >= MIN_GAP * size:
            out.append((reach + a) / 2)
        reach = max(reach, b)
    return out


def _splits(col: Sequence[Word]) -> list[float]:
    """x inside one ruled column that parts two columns of figures."""
    lines = rows_of(col)
    figures = [ln for ln in lines if len(ln) >= 2 and all(FIGURE.fullmatch(w.text) for w in ln)]
    if len(figures) < MIN_LINES:
        return []
    size = median(w.size for ln in figures for w in ln)
    out = []
    for x in _gaps(figures, size):
        if not all(any(w.x1 <= x for w in ln) and any(w.x0 >= x for w in ln) for ln in figures):
            continue
        right = [" ".join(w.text for w in ln if w.x0 >= x) for ln in figures]
        if all(DIGIT_GROUP.fullmatch(t) for t in right):
            continue  # digit groups of one number set with spaces
        out.append(x)
    return out


def _spans(line: Sequence[Word], x: float, x0: float, x1: float) -> bool:
    """A line heading both sub-columns: it runs across x, or stands on one side of it but
    centred in the ruled column (a centred group heading short of the gap; words, not figures)."""
    if any(w.x0 < x < w.x1 for w in line):
        return True
    if all(FIGURE.fullmatch(w.text) for w in line):
        return False  # a figure sits in its sub-column, wherever the other one is empty
    one_side = all(w.x1 <= x for w in line) or all(w.x0 >= x for w in line)
    centre = (min(w.x0 for w in line) + max(w.x1 for w in line)) / 2
    return one_side and abs(centre - (x0 + x1) / 2) <= 0.1 * (x1 - x0)


def sub_columns(xs: Sequence[float], ys: Sequence[float], words: Sequence[Word]) -> tuple[list[Seg], list[Seg]]:
    """(virtual horizontal, virtual vertical) rules inside the grid's ruled columns."""
    hs: list[Seg] = []
    vs: list[Seg] = []
    inside = [w for w in words if ys[0] < _mid(w)[1] < ys[-1]]
    for x0, x1 in zip(xs, xs[1:]):
        col = [w for w in inside if x0 < _mid(w)[0] < x1]
        for x in _splits(col):
            for a, b in zip(ys, ys[1:]):
                band = [w for w in col if a < _mid(w)[1] < b]
                lines = rows_of(band)
                crossing = [_spans(ln, x, x0, x1) for ln in lines]
                if not any(crossing):
                    vs.append(Seg(x, a, b))
                    continue
                k = crossing.index(False) if False in crossing else len(lines)
                if 0 < k < len(lines) and not any(crossing[k:]):  # a spanning heading over sub-headings
                    y = (max(w.bottom for w in lines[k - 1]) + min(w.top for w in lines[k])) / 2
                    hs.append(Seg(y, x0, x1))
                    vs.append(Seg(x, y, b))
    return hs, vs
