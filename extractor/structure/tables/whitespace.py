"""Columns from whitespace: vertical channels that no cell text crosses.

Given the words of each table row, the x ranges covered by cell text (runs of
words closer than `cell_gap` x font size) are projected on the x axis; a gap
in that projection at least `min_channel` wide parts two columns. Lines
holding a single run (a wrapped cell's last line, a group label spanning the
row) do not vote, so they cannot close a channel; their text goes to the
column where it starts.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from statistics import median
from typing import Sequence

from ...ingest.records import Word
from ...layout.lines import LineSettings, rows_of, split_row
from .cells import cell_text, rectangular
from .settings import TableSettings

Seg = list  # a run of words of one line: one cell's text on that line


def segments(words: Sequence[Word], s: TableSettings) -> list[list[list[Word]]]:
    """Lines (top to bottom) of runs (left to right)."""
    ls = LineSettings(split_gap=s.cell_gap)
    return [split_row(row, ls) for row in rows_of(words)]


def channels(lines: Sequence[Sequence[Seg]], s: TableSettings, min_runs: int = 2) -> list[tuple[float, float]]:
    """Whitespace gaps (x0, x1) between columns, left to right; lines of fewer than
    `min_runs` runs do not vote."""
    voting = [ln for ln in lines if len(ln) >= min_runs] or [ln for ln in lines if len(ln) >= 2] or list(lines)
    spans = sorted((seg[0].x0, seg[-1].x1) for ln in voting for seg in ln)
    if not spans:
        return []
    out = []
    reach = spans[0][1]
    for a, b in spans[1:]:
        if a - reach >= s.min_channel:
            out.append((reach, a))
        reach = max(reach, b)
    return out


def body_channels(lines: Sequence[Sequence[Seg]], s: TableSettings) -> list[tuple[float, float]]:
    """Channels voted by the body rows alone: lines of at least the median number of runs.
    Header cells spanning sub-columns and wide labels cross the columns of the rows under
    them; they should not close a channel those rows keep open."""
    counts = sorted(len(ln) for ln in lines if len(ln) >= 2)
    if not counts:
        return channels(lines, s)
    return channels(lines, s, min_runs=counts[(len(counts) - 1) // 2])


def crosses(seg: Seg, chans: Sequence[tuple[float, float]]) -> bool:
    return any(seg[0].x0 < a - 1 and seg[-1].x1 > b + 1 for a, b in chans)


def column_of(x: float, bounds: Sequence[float]) -> int:
    return bisect_right(bounds, x)


def grid_from_words(bands: Sequence[Sequence[Word]], s: TableSettings,
                    chans: Sequence[tuple[float, float]] | None = None, head: int = 0):
    """(rows, row words) of a table whose rows are `bands`; None with fewer than 2 columns.
    The first `head` bands are header cells: a run of them that crosses a column bound stays
    whole (see `_head_column`)."""
    band_lines = [segments(b, s) for b in bands]
    if chans is None:
        chans = channels([ln for bl in band_lines for ln in bl], s)
    if len(chans) + 1 < s.min_cols:
        return None
    bounds = [(a + b) / 2 for a, b in chans]
    n = len(bounds) + 1
    edges = _column_edges([ln for bl in band_lines[head:] for ln in bl], bounds) if head else []
    rows, row_words = [], []
    for i, (band, lines) in enumerate(zip(bands, band_lines)):
        cols: list[list[Word]] = [[] for _ in range(n)]
        for ln in lines:
            if i < head:
                for seg in ln:
                    for piece in _head_pieces(seg, bounds, edges):
                        cols[_head_column(piece, bounds, edges)] += piece
                continue
            for seg in (_split_at(ln, bounds) if len(ln) >= 2 else ln):
                cols[column_of(seg[0].x0 + 0.5, bounds)] += seg
        rows.append([cell_text(c) for c in cols])
        row_words.append(list(band))
    rect = merge_header_columns(rectangular(rows))
    if not rect or len(rect[0]) < s.min_cols:
        return None
    return rect, row_words


def _column_edges(lines: Sequence[Sequence[Seg]], bounds: Sequence[float]) -> list[tuple[float, float]]:
    """(leftmost x0, rightmost x1) of the body runs of each column; (inf, -inf) when empty."""
    edges = [(float("inf"), float("-inf"))] * (len(bounds) + 1)
    for ln in lines:
        for seg in ln:
            k = column_of(seg[0].x0 + 0.5, bounds)
            lo, hi = edges[k]
            edges[k] = (min(lo, seg[0].x0), max(hi, seg[-1].x1))
    return edges


def _head_pieces(seg: Seg, bounds: Sequence[float], edges: Sequence[tuple[float, float]],
                 tol: float = 2.0) -> list[Seg]:
    """A header run across a column bound cut where a word ends on a column's right edge or
    starts on its left edge: two headings set closer than a cell gap (right-set headings of
    narrow columns), not one heading wider than its column."""
    if column_of(seg[0].x0 + 0.5, bounds) == column_of(seg[-1].x1 - 0.5, bounds):
        return [seg]
    for i in range(1, len(seg)):
        a, b = seg[i - 1], seg[i]
        if any(abs(a.x1 - hi) <= tol or abs(b.x0 - lo) <= tol for lo, hi in edges):
            return [seg[:i]] + _head_pieces(seg[i:], bounds, edges, tol)
    return [seg]


def _head_column(seg: Seg, bounds: Sequence[float], edges: Sequence[tuple[float, float]], tol: float = 2.0) -> int:
    """The column of a header run: where it starts, unless it runs across a column bound;
    then the column it is set flush with (right edge on the right edge of a column's figures,
    else left edge on its left edge), else where it starts (a spanning cell's top-left slot)."""
    k = column_of(seg[0].x0 + 0.5, bounds)
    if k == column_of(seg[-1].x1 - 0.5, bounds):
        return k
    for j, (_, hi) in enumerate(edges):
        if abs(seg[-1].x1 - hi) <= tol:
            return j
    for j, (lo, _) in enumerate(edges):
        if abs(seg[0].x0 - lo) <= tol:
            return j
    return k


def _split_at(line: Sequence[Seg], bounds: Sequence[float]) -> list[Seg]:
    """Runs of a row line cut where a column bound falls between two of their words (a label
    set close to its first figure)."""
    out = []
    for seg in line:
        cur = [seg[0]]
        for a, b in zip(seg, seg[1:]):
            if any(a.x1 <= x <= b.x0 for x in bounds):
                out.append(cur)
                cur = []
            cur.append(b)
        out.append(cur)
    return out


def merge_header_columns(rows: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Rejoin a column that a header cell split off: a left-aligned heading over right-aligned
    figures leaves a channel between them, giving a column with text in the first row only
    beside one empty there. The two never hold text in the same row, so they are one column."""
    grid = [list(r) for r in rows]
    if len(grid) < 2:
        return tuple(tuple(r) for r in grid)
    j = 0
    while j < len(grid[0]):
        head_only = grid[0][j].strip() and not any(r[j].strip() for r in grid[1:])
        merged = False
        for k in ((j + 1, j - 1) if head_only else ()):
            if 0 <= k < len(grid[0]) and not grid[0][k].strip() and any(r[k].strip() for r in grid[1:]):
                for r in grid:
                    r[k] = r[k] or r[j]
                    del r[j]
                merged = True
                break
        j += 0 if merged else 1
    return tuple(tuple(r) for r in grid)


def wrapped_rows(lines: Sequence[Sequence[Seg]], size: float | None = None,
                 bounds: Sequence[float] | None = None) -> list[list[Word]]:
    """Lines of segments into table rows: a line closer than ~half a line to the one above
    continues that row (a cell whose text wraps). `size`: the font size to measure the gap
    by; None measures each line by its own median size.

    Where most lines stand that close (a table set solid, rows no further apart than the
    lines of a wrapped cell), spacing tells nothing: with the column `bounds` a close line
    then continues the row above only when its text reads on from that row's cells."""
    boxes = []
    for ln in lines:
        ws = [w for seg in ln for w in seg]
        gap_size = size if size is not None else median(w.size for w in ws)
        boxes.append((min(w.top for w in ws), max(w.bottom for w in ws), gap_size))
    close = [i > 0 and boxes[i][0] - boxes[i - 1][1] <= 0.45 * boxes[i][2] for i in range(len(lines))]
    solid = bounds is not None and len(lines) >= 3 and sum(close) >= 0.5 * (len(lines) - 1)
    out: list[list[Word]] = []
    cells: list[dict[int, str]] = []
    for i, ln in enumerate(lines):
        ws = [w for seg in ln for w in seg]
        here = _line_cells(ln, bounds) if bounds is not None else {}
        if close[i] and (not solid or _reads_on(cells[-1], here)):
            out[-1] += ws
            for k, t in here.items():
                cells[-1][k] = (cells[-1].get(k, "") + " " + t).strip()
        else:
            out.append(ws)
            cells.append(dict(here))
    return out


CONNECTOR = re.compile(r"(?:[,;:&/\-]|\b(?:and|or|of|the|for|in|to|by|with|per|from|on|at|a|an))$", re.I)


def _line_cells(line: Sequence[Seg], bounds: Sequence[float]) -> dict[int, str]:
    """column -> text of one line (the last run's text where two runs share a column)."""
    out: dict[int, str] = {}
    for seg in line:
        k = column_of(seg[0].x0 + 0.5, bounds)
        out[k] = (out.get(k, "") + " " + " ".join(w.text for w in seg)).strip()
    return out


def _reads_on(row: dict[int, str], line: dict[int, str]) -> bool:
    """Every cell of `line` continues text the row above holds in that column: it starts in
    lower case, or the text above ends mid-phrase (a comma, a hyphen, 'and', 'of' ...) or
    leaves a bracket open. A row holding only its label so far also takes the figures of a
    line with no label (figures set level with the middle of a label wrapped over lines)."""
    if not line:
        return False
    if set(row) == {0}:
        return 0 not in line or _continues(row[0], line[0])
    return all(_continues(row.get(k, ""), t) for k, t in line.items())


def _continues(above: str, text: str) -> bool:
    if not above:
        return False
    unclosed = above.count("(") > above.count(")")
    return text[:1].islower() or text[:1] in "([" or bool(CONNECTOR.search(above)) or unclosed
