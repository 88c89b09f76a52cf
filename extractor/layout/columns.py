"""Page columns (one, two, three...) and the reading order of a page's lines.

A gutter is a vertical strip that few lines cross while text stands on both
sides of it at the same heights. Lines that do cross a gutter (banners,
full-width headings) and full-width objects such as tables (`breaks`) cut the
page into bands; inside a band the columns are read left to right.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .records import Line


@dataclass(frozen=True)
class ColumnSettings:
    search_from: float = 0.2  # share of the page width where a gutter may lie
    search_to: float = 0.8
    max_crossing: float = 0.2  # share of the text that may cross the gutter
    min_side: float = 0.15  # share of the text each side must hold
    min_paired_lines: int = 3  # lines left and right at the same height


def _runs(xs: np.ndarray) -> list[tuple[float, float]]:
    """Maximal runs of consecutive positions (1 pt apart)."""
    if not len(xs):
        return []
    runs, start = [], xs[0]
    for a, b in zip(xs, xs[1:]):
        if b - a > 1.5:
            runs.append((start, a))
            start = b
    runs.append((start, xs[-1]))
    return runs


def _paired(lines: Sequence[Line], gx: float, lo: float, hi: float) -> int:
    """Lines just left of gx (right of lo) level with lines just right of it (left of hi)."""
    lefts = [ln for ln in lines if ln.x1 <= gx and ln.x0 >= lo]
    rights = [ln for ln in lines if ln.x0 >= gx and ln.x1 <= hi]
    return sum(1 for a in lefts if any(min(a.bottom, b.bottom) > max(a.top, b.top) for b in rights))


def find_gutters(lines: Sequence[Line], width: float, s: ColumnSettings = ColumnSettings()) -> list[float]:
    """x of each gutter between text columns, left to right; [] for a one-column page."""
    if len(lines) < 2 * s.min_paired_lines:
        return []
    x0 = np.array([ln.x0 for ln in lines])
    x1 = np.array([ln.x1 for ln in lines])
    w = np.array([len(ln.text) for ln in lines], dtype=float)
    total = w.sum()
    xs = np.arange(width * s.search_from, width * s.search_to, 1.0)
    cross = (((x0[:, None] < xs - 1) & (x1[:, None] > xs + 1)) * w[:, None]).sum(axis=0)
    left = ((x1[:, None] <= xs) * w[:, None]).sum(axis=0)
    right = ((x0[:, None] >= xs) * w[:, None]).sum(axis=0)
    ok = (left >= s.min_side * total) & (right >= s.min_side * total) & (cross <= s.max_crossing * total)
    cands = []
    for lo, hi in _runs(xs[ok]):
        seg = (xs >= lo) & (xs <= hi)
        best = cross[seg].min()
        # the middle of the widest run of least-crossed positions: the centre of the gutter
        a, b = max(_runs(xs[seg & (cross == best)]), key=lambda r: r[1] - r[0])
        cands.append(((a + b) / 2, best))
    if len(cands) > 1:  # several gutters must each be nearly uncrossed, like the best one
        least = min(c for _, c in cands)
        cands = [(g, c) for g, c in cands if c <= least + 0.05 * total]
    gutters = [g for g, _ in cands]
    out = []
    for k, g in enumerate(gutters):
        lo = gutters[k - 1] if k else -1.0
        hi = gutters[k + 1] if k + 1 < len(gutters) else width + 1
        if _paired(lines, g, lo, hi) >= s.min_paired_lines:
            out.append(g)
    return out


def find_gutter(lines: Sequence[Line], width: float, s: ColumnSettings = ColumnSettings()) -> float | None:
    """The gutter of a two-column page (the first one), or None."""
    gs = find_gutters(lines, width, s)
    return gs[0] if gs else None


def reading_order(lines: Sequence[Line], width: float, s: ColumnSettings = ColumnSettings(),
                  breaks: Sequence[tuple[float, float]] = ()) -> tuple[list[Line], int]:
    """Lines in reading order and the number of columns found. `breaks`: (top, bottom) of
    full-width objects (tables) that end one band of columns and start the next."""
    rows = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    gs = find_gutters(rows, width, s)
    if not gs:
        return _row_order(rows), 1
    cuts = sorted(b[1] for b in breaks)
    out: list[Line] = []
    band: list[Line] = []
    band_cut = 0
    for ln in rows:
        while band_cut < len(cuts) and ln.top >= cuts[band_cut]:
            out += _band_order(band, gs)  # a table spans the page: text below it is a new band
            band = []
            band_cut += 1
        if any(ln.x0 < g - 1 and ln.x1 > g + 1 for g in gs):  # crosses a gutter: closes the band
            out += _band_order(band, gs)
            band = []
            out.append(ln)
        else:
            band.append(ln)
    out += _band_order(band, gs)
    return out, len(gs) + 1


def _row_order(lines: Sequence[Line]) -> list[Line]:
    """Top to bottom; lines on one baseline left to right. Side heads (a narrow block in the
    left margin, level with the body text beside it) are read whole, before that text."""
    side = _side_lines(lines)
    if not side:
        return _plain_rows(lines)
    out = _plain_rows([ln for ln in lines if id(ln) not in side])
    for block in reversed(_blocks([ln for ln in sorted(lines, key=lambda ln: ln.top) if id(ln) in side])):
        at = next((i for i, ln in enumerate(out) if ln.top >= block[0].top - 0.5 * ln.height), len(out))
        out[at:at] = block
    return out


def _side_lines(lines: Sequence[Line]) -> set[int]:
    """ids of lines wholly left of the text's main left edge (where most characters start),
    when that edge is a margin column's width in from the leftmost text."""
    if len(lines) < 4:
        return set()
    edges: Counter = Counter()
    for ln in lines:
        edges[round(ln.x0)] += len(ln.text)
    left = edges.most_common(1)[0][0]
    side = [ln for ln in lines if ln.x1 < left - 6]
    if not side or sum(len(ln.text) for ln in side) > 0.2 * sum(edges.values()):
        return set()
    return {id(ln) for ln in side}


def _blocks(side: Sequence[Line]) -> list[list[Line]]:
    """Side lines stacked at their own leading form one block (a wrapped side head)."""
    blocks: list[list[Line]] = []
    for ln in side:
        last = blocks[-1][-1] if blocks else None
        if last is not None and 0 <= ln.top - last.bottom <= 0.8 * ln.size and abs(ln.x0 - last.x0) < 3 * ln.size:
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
    return blocks


def _plain_rows(lines: Sequence[Line]) -> list[Line]:
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


def _band_order(band: Sequence[Line], gutters: Sequence[float]) -> list[Line]:
    cols: list[list[Line]] = [[] for _ in range(len(gutters) + 1)]
    for ln in band:
        mid = (ln.x0 + ln.x1) / 2
        cols[sum(1 for g in gutters if mid >= g)].append(ln)
    return [ln for col in cols for ln in _row_order(col)]
