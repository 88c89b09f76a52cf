"""One or two columns, and the reading order of a page's lines.

A gutter is a vertical strip near the middle of the page that no line
crosses while text stands on both sides of it at the same heights. Lines that
do cross it (banners, wide tables, full-width headings) cut the page into
bands; inside a band the left column is read before the right one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .records import Line


@dataclass(frozen=True)
class ColumnSettings:
    search_from: float = 0.3  # share of the page width where a gutter may lie
    search_to: float = 0.7
    max_crossing: float = 0.2  # share of the text that may cross the gutter
    min_side: float = 0.15  # share of the text each side must hold
    min_paired_lines: int = 3  # lines left and right at the same height


def find_gutter(lines: Sequence[Line], width: float, s: ColumnSettings = ColumnSettings()) -> float | None:
    """x of the gutter between two columns, or None for a one-column page."""
    if len(lines) < 2 * s.min_paired_lines:
        return None
    x0 = np.array([ln.x0 for ln in lines])
    x1 = np.array([ln.x1 for ln in lines])
    w = np.array([len(ln.text) for ln in lines], dtype=float)
    total = w.sum()
    xs = np.arange(width * s.search_from, width * s.search_to, 1.0)
    cross = ((x0[:, None] < xs - 1) & (x1[:, None] > xs + 1)) * w[:, None]
    cross = cross.sum(axis=0)
    left = ((x1[:, None] <= xs) * w[:, None]).sum(axis=0)
    right = ((x0[:, None] >= xs) * w[:, None]).sum(axis=0)
    ok = (left >= s.min_side * total) & (right >= s.min_side * total) & (cross <= s.max_crossing * total)
    if not ok.any():
        return None
    best = cross[ok].min()
    cand = xs[ok & (cross == best)]
    # the middle of the widest run of best positions: the centre of the gutter
    runs, start = [], cand[0]
    for a, b in zip(cand, cand[1:]):
        if b - a > 1.5:
            runs.append((start, a))
            start = b
    runs.append((start, cand[-1]))
    lo, hi = max(runs, key=lambda r: r[1] - r[0])
    gx = (lo + hi) / 2
    lefts = [ln for ln in lines if ln.x1 <= gx]
    rights = [ln for ln in lines if ln.x0 >= gx]
    paired = sum(1 for a in lefts if any(min(a.bottom, b.bottom) > max(a.top, b.top) for b in rights))
    return gx if paired >= s.min_paired_lines else None


def reading_order(lines: Sequence[Line], width: float, s: ColumnSettings = ColumnSettings()) -> tuple[list[Line], int]:
    """Lines in reading order and the number of columns found (1 or 2)."""
    rows = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    gx = find_gutter(rows, width, s)
    if gx is None:
        return _row_order(rows), 1
    out: list[Line] = []
    band: list[Line] = []
    for ln in rows:
        if ln.x0 < gx - 1 and ln.x1 > gx + 1:  # crosses the gutter: closes the band
            out += _band_order(band, gx)
            band = []
            out.append(ln)
        else:
            band.append(ln)
    out += _band_order(band, gx)
    return out, 2


def _row_order(lines: Sequence[Line]) -> list[Line]:
    """Top to bottom; lines on one baseline left to right."""
    out: list[Line] = []
    for ln in sorted(lines, key=lambda ln: ln.top):
        if out and abs(ln.top - out[-1].top) < 0.5 * ln.height and ln.x0 < out[-1].x0:
            # same row, further left: insert before the run of same-row lines
            i = len(out)
            while i > 0 and abs(out[i - 1].top - ln.top) < 0.5 * ln.height and out[i - 1].x0 > ln.x0:
                i -= 1
            out.insert(i, ln)
        else:
            out.append(ln)
    return out


def _band_order(band: Sequence[Line], gx: float) -> list[Line]:
    left = [ln for ln in band if (ln.x0 + ln.x1) / 2 < gx]
    right = [ln for ln in band if (ln.x0 + ln.x1) / 2 >= gx]
    return _row_order(left) + _row_order(right)
