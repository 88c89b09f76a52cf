"""Tables with neither rules nor shading: blocks of lines whose text runs keep to columns.

Found from whitespace alone, so held to stricter tests than ruled or striped
tables: at least `unruled_min_rows` lines of two or more runs, and not the
look of running text set in two page columns (two wide columns of long runs)
nor of a bullet list (a column of bullet glyphs).
"""
from __future__ import annotations

import re
from statistics import median
from typing import Sequence

from ...ingest.records import Page, Word
from ..records import TableFragment
from .cells import header_count
from .settings import TableSettings
from .whitespace import Seg, body_channels, channels, column_of, grid_from_words, segments, wrapped_rows

HEADER_LINES = 6  # a table's header may be wrapped over up to this many lines ...
HEADER_WORDS = 4  # ... of short runs (median words per run); longer ones are running text
BULLET = re.compile(r"[^\w\s]{1,2}|\(cid:\d+\)")  # •, ▪, -, or an unmapped glyph


def _box(line) -> tuple[float, float, float]:
    ws = [w for run in line for w in run]
    return min(w.top for w in ws), max(w.bottom for w in ws), median(w.size for w in ws)


def _blocks(lines, s: TableSettings):
    """Runs of consecutive lines, mostly multi-run, at table line spacing, each as a list of
    pieces. A short one-run line between them (a group label over the rows below it) joins
    two pieces of one block; one-run lines at a block's end (a note, the next paragraph) do
    not belong to it."""
    blocks: list[list[list[list[Seg]]]] = []
    cur: list[list[list[Seg]]] = [[]]
    pending: list[list[Seg]] = []
    last_b: float | None = None
    for ln in lines:
        t, b, size = _box(ln)
        gap = t - last_b if last_b is not None else float("inf")
        close = gap <= 1.6 * size
        if len(ln) >= 2 and (close or not cur[0]):
            if pending:
                cur.append(pending)
            cur[-1].append(ln)
            pending = []
        elif len(ln) == 1 and cur[0] and gap <= 0.45 * size and not pending:
            cur[-1].append(ln)  # a wrapped cell's next line
        elif len(ln) == 1 and cur[0] and close and _short(ln, [x for p in cur for x in p]):
            pending.append(ln)  # a group label, if rows follow
        else:
            if cur[0]:
                blocks.append(cur)
            cur, pending = [[ln] if len(ln) >= 2 else []], []
        last_b = b
    if cur[0]:
        blocks.append(cur)
    return blocks


def _joined(pieces, s: TableSettings) -> list:
    """The pieces as one block, unless one (but a first piece of few lines of short runs: a
    header wrapped over lines) alone reads as running text (a list or contents set in two columns next to
    a table): then each piece by itself."""
    main = max(pieces, key=len)
    ref = channels(main, s)
    for p in pieces:
        if p is not main and sum(len(ln) >= 2 for ln in p) >= 2 and not _fits(channels(p, s), ref):
            return _split(pieces)
    if pieces[0] is not main and median(len(r) for ln in pieces[0] for r in ln) > HEADER_WORDS:
        return _split(pieces)  # lines of running text above a table's caption: no header
    for k, p in enumerate(pieces):
        if k == 0 and len(p) <= HEADER_LINES and median(len(r) for ln in p for r in ln) <= HEADER_WORDS:
            continue
        if sum(1 for ln in p if len(ln) >= 2) >= s.unruled_min_rows and _looks_like_prose(p, channels(p, s)):
            return _split(pieces)
    return [[ln for p in pieces for ln in p]]


def _split(pieces) -> list:
    """Each piece by itself: the one-run lines that joined a piece to the one above are no
    labels then."""
    return [pieces[0]] + [p[next(i for i, ln in enumerate(p) if len(ln) >= 2):] for p in pieces[1:]]


def _fits(chans, ref) -> bool:
    """Most channels of a piece overlap one of the main piece: the same columns (a header
    spanning sub-columns has fewer channels, not others; a word set letter-spaced may open
    a stray one)."""
    hits = sum(1 for a, b in chans if any(min(b, d) > max(a, c) for c, d in ref))
    return hits >= 0.5 * len(chans)


def _short(line, block) -> bool:
    """A one-run line no wider than half the block: a label, not a line of running text."""
    x0 = min(r[0].x0 for ln in block for r in ln)
    x1 = max(r[-1].x1 for ln in block for r in ln)
    return line[0][-1].x1 - line[0][0].x0 <= 0.5 * (x1 - x0)


def _looks_like_prose(block, chans) -> bool:
    runs = [run for ln in block for run in ln]
    words_per_run = median(len(r) for r in runs)
    # a list's lines start with a bullet; a dash or dagger inside a row is an empty figure
    bullets = sum(1 for ln in block if BULLET.fullmatch(ln[0][0].text))
    if bullets >= 0.3 * len(block):
        return True
    x0 = min(r[0].x0 for r in runs)
    x1 = max(r[-1].x1 for r in runs)
    if len(chans) == 1:
        a, b = chans[0]
        left, right = a - x0, x1 - b
        balanced = min(left, right) >= 0.7 * max(left, right)
        lefts = [ln[0] for ln in block if ln[0][-1].x1 <= a + 1]
        full = sum(1 for r in lefts if r[-1].x1 >= a - 0.12 * left) >= 0.4 * max(1, len(lefts))
        if balanced and (words_per_run > 3 or full):
            return True  # two even columns, text filling the left one: running text
    elif len(chans) > 1 and words_per_run > 3 and _page_columns(block, chans):
        return True  # three or more even columns whose lines fill them: running text
    return words_per_run > 6


def _page_columns(block, chans) -> bool:
    """Two or more columns of even width, most lines of each (but the last) running to its
    right edge: text columns of a page, not the columns of a table."""
    x0 = min(r[0].x0 for ln in block for r in ln)
    x1 = max(r[-1].x1 for ln in block for r in ln)
    edges = [x0] + [x for a, b in chans for x in (a, b)] + [x1]
    spans = [(edges[2 * k], edges[2 * k + 1]) for k in range(len(chans) + 1)]
    widths = [b - a for a, b in spans]
    if min(widths) < 0.7 * max(widths):
        return False
    for a, b in spans[:-1]:
        runs = [r for ln in block for r in ln if a - 1 <= r[0].x0 and r[-1].x1 <= b + 1]
        full = sum(1 for r in runs if r[-1].x1 >= b - 0.12 * (b - a))
        if full < 0.4 * max(1, len(runs)):
            return False
    return True


def _halves(block, lines, s: TableSettings) -> list:
    """Two tables set side by side read as one block: split it at the gutter that a second
    caption on the line above starts in, when each side holds a grid of its own."""
    top, _, size = _box(block[0])
    above = [ln for ln in lines if len(ln) >= 2 and top - 3 * size < _box(ln)[1] <= top + 1]
    if not above:
        return [block]
    caps = above[-1]  # the nearest line above: one caption over each table
    x0 = min(r[0].x0 for ln in block for r in ln)
    if abs(caps[0][0].x0 - x0) > size:
        return [block]
    for a, b in channels(block, s):
        if not any(a - 1 <= r[0].x0 <= b + size for r in caps[1:]):
            continue
        parts = [[[r for r in ln if side(r)] for ln in block]
                 for side in (lambda r: r[-1].x1 <= a + 1, lambda r: r[0].x0 >= b - 1)]  # noqa: B023 (used at once)
        parts = [[ln for ln in p if ln] for p in parts]
        if all(sum(len(ln) >= 2 for ln in p) >= s.unruled_min_rows and len(channels(p, s)) + 1 >= s.min_cols
               for p in parts):
            return parts
    return [block]


def _group_headers(block, lines, chans, most: int = 2) -> list:
    """Lines just above the block whose text all stands over its figure columns (right of the
    label column, inside the block): headers spanning several columns, set on lines of
    their own. A caption starts at the label column and is left out."""
    top, _, _ = _box(block[0])
    x1 = max(r[-1].x1 for ln in block for r in ln)
    out: list = []
    for ln in reversed([ln for ln in lines if _box(ln)[1] <= top + 0.5]):
        t, b, size = _box(ln)
        if top - b > 0.6 * size or len(out) >= most:
            break
        if not all(r[0].x0 >= chans[0][0] and r[-1].x1 <= x1 + size for r in ln):
            break
        out.insert(0, ln)
        top = t
    return out


def _short_column(block, bounds) -> bool:
    """Some column holds short cells (figures, names, labels) on most lines where it holds
    text: a table, whose close lines may each be a row; lines of running text set in
    columns fill every column with long runs."""
    cols: dict[int, list[int]] = {}
    for ln in block:
        for r in ln:
            cols.setdefault(column_of(r[0].x0 + 0.5, bounds), []).append(len(r))
    return any(len(v) >= 4 and sum(n <= HEADER_WORDS for n in v) >= 0.6 * len(v) for v in cols.values())


def _body_bounds(body_rows, n_cols: int, s: TableSettings) -> tuple[float, ...]:
    """x between the columns of the body rows (a header may have split a column); () unless
    they give the table's n_cols columns."""
    chans = channels([ln for r in body_rows for ln in segments(r, s)], s)
    return tuple((a + b) / 2 for a, b in chans) if len(chans) + 1 == n_cols else ()


def aligned_fragments(page: Page, words: Sequence[Word], s: TableSettings) -> list[TableFragment]:
    lo, hi = s.margin * page.height, (1 - s.margin) * page.height
    pool = [w for w in words if w.bottom > lo and w.top < hi]
    lines = segments(words, s)
    out = []
    blocks = [part for pieces in _blocks(segments(pool, s), s)
              for block in _joined(pieces, s) for part in _halves(block, lines, s)]
    for block in blocks:
        if sum(1 for ln in block if len(ln) >= 2) < s.unruled_min_rows:
            continue
        chans = body_channels(block, s)
        if len(chans) + 1 < s.min_cols or _looks_like_prose(block, chans):
            continue
        every = channels(block, s)  # voted by every line: prose columns under a heading show here
        if every != chans and len(every) + 1 >= s.min_cols and _looks_like_prose(block, every):
            continue
        block = _group_headers(block, lines, chans) + block
        bounds = [(a + b) / 2 for a, b in chans]
        rows = wrapped_rows(block, bounds=bounds if _short_column(block, bounds) else None)
        grid = grid_from_words(rows, s, chans)
        if grid is None or len(grid[0]) < s.min_rows:
            continue
        cells, rw = grid
        ws = [w for r in rw for w in r]
        h = header_count(rw, [False] * len(rw), False)
        out.append(TableFragment(page=page.number, x0=min(w.x0 for w in ws), top=min(w.top for w in ws),
                                 x1=max(w.x1 for w in ws), bottom=max(w.bottom for w in ws), rows=cells,
                                 header_rows=h, ruled=False, col_bounds=_body_bounds(rw[h:], len(cells[0]), s)))
    return out
