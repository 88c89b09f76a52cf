"""Tables drawn with ruling lines.

Connected horizontal and vertical rules form a grid; grid cells not parted by
a rule are one (merged) cell whose text goes to its top-left slot, so a header
spanning two columns is read once. Words belong to the cell holding their
centre. A stack of horizontal rules without verticals is a table too; its
columns then come from the whitespace between the words.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import Sequence

from ...ingest.records import Page, Word
from ..records import TableFragment
from .cells import cell_text, header_count, rectangular, shaded
from .geometry import Seg, UnionFind, cluster, split_rules
from .settings import TableSettings
from .subcolumns import FIGURE, sub_columns
from .whitespace import body_channels, crosses, grid_from_words, segments, wrapped_rows


def _components(hs: list[Seg], vs: list[Seg], tol: float) -> list[tuple[list[Seg], list[Seg]]]:
    uf = UnionFind(len(hs) + len(vs))
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.covers(v.at, tol) and v.covers(h.at, tol):
                uf.union(i, len(hs) + j)
    out = []
    for g in uf.groups():
        out.append(([hs[i] for i in g if i < len(hs)], [vs[i - len(hs)] for i in g if i >= len(hs)]))
    return out


def _has(segs: Sequence[Seg], at: float, mid: float, tol: float) -> bool:
    return any(abs(g.at - at) <= tol and g.lo < mid < g.hi for g in segs)


def _unmerged(words: Sequence[Word], xs: Sequence[float], s: TableSettings) -> bool:
    """A merged slot whose text stands in separate runs, each inside one column, and in more
    than one column: the rule between those columns is missing (a body ruled only across),
    not a cell spanning them (whose text runs across the column bound)."""
    runs = [seg for ln in segments(words, s) for seg in ln]
    cols = set()
    for seg in runs:
        a, b = bisect_right(xs, seg[0].x0 + 0.5) - 1, bisect_right(xs, seg[-1].x1 - 0.5) - 1
        if a != b:
            return False
        cols.add(a)
    return len(cols) > 1


HEADER_LINES = 6  # a header band wraps over at most this many lines
SHORT_CELL = 3  # words: a figure, a name, a short label; longer lines are running text


def _text_rules(xs: Sequence[float], ys: Sequence[float], words: Sequence[Word], s: TableSettings) -> list[Seg]:
    """Rules the drawing left out: a band between two rules whose columns each hold a stack
    of lines (rows ruled only around the block, or every few rows) is read as rows from its
    text, the way a rule-less table is; a line between them stands for each missing rule.
    A stack is two or more columns of short cells standing on the same lines; a wrapped
    cell beside single-line cells, paragraphs side by side, or the header band of a grid of
    three or more bands (header cells wrap) stay one row."""
    out = []
    bands = list(zip(ys, ys[1:]))
    for a, b in bands[1:] if len(bands) >= 3 else bands:  # a grid's first band is its header
        band = [w for w in words if xs[0] < (w.x0 + w.x1) / 2 < xs[-1] and a < (w.top + w.bottom) / 2 < b]
        lines = segments(band, s)
        if len(lines) < 3:
            continue
        per_col: Counter = Counter()
        wordy: set = set()  # columns with a line of running text
        line_cols = []
        for ln in lines:
            ks = {bisect_right(xs, seg[0].x0 + 0.5) for seg in ln}
            per_col.update(ks)
            wordy |= {bisect_right(xs, seg[0].x0 + 0.5) for seg in ln if len(seg) > SHORT_CELL}
            line_cols.append(ks)
        short = {k for k, v in per_col.items() if v >= 3 and k not in wordy}
        wide = [ks for ks in line_cols if len(ks) >= 2]  # label-only lines (group labels) aside
        level = sum(1 for ks in wide if len(ks & short) >= 2)
        if len(short) < 2 or level < 3 or level < 0.8 * len(wide):
            continue  # paragraphs side by side, not rows of short cells
        rows = wrapped_rows(lines, bounds=xs[1:-1])
        for r1, r2 in zip(rows, rows[1:]):
            out.append(Seg((max(w.bottom for w in r1) + min(w.top for w in r2)) / 2, xs[0], xs[-1]))
    return out


def grid_fragment(page: Page, hs: list[Seg], vs: list[Seg], words: Sequence[Word],
                  s: TableSettings) -> TableFragment | None:
    xs = cluster([v.at for v in vs], s.snap)
    ys = cluster([h.at for h in hs], s.snap)
    lo_x, hi_x = min(h.lo for h in hs), max(h.hi for h in hs)
    if lo_x < xs[0] - 2 * s.snap:
        xs.insert(0, lo_x)
    if hi_x > xs[-1] + 2 * s.snap:
        xs.append(hi_x)
    lo_y, hi_y = min(v.lo for v in vs), max(v.hi for v in vs)
    if lo_y < ys[0] - 2 * s.snap:
        ys.insert(0, lo_y)
    if hi_y > ys[-1] + 2 * s.snap:
        ys.append(hi_y)
    sub_h, sub_v = sub_columns(xs, ys, words)
    if sub_v:  # columns the rules leave out; a spanning heading's line may become a row
        hs, vs = hs + sub_h, vs + sub_v
        xs = sorted(xs + cluster([v.at for v in sub_v], s.snap))
        ys = sorted(ys + cluster([h.at for h in sub_h], s.snap))
    if len(xs) >= 3:
        extra = _text_rules(xs, ys, words, s)
        hs = hs + extra
        ys = sorted(ys + [g.at for g in extra])
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 2:
        return None
    tol = s.snap + 0.5
    uf = UnionFind(nr * nc)
    for i in range(nr):
        ymid = (ys[i] + ys[i + 1]) / 2
        for j in range(nc):
            xmid = (xs[j] + xs[j + 1]) / 2
            if j + 1 < nc and not _has(vs, xs[j + 1], ymid, tol):
                uf.union(i * nc + j, i * nc + j + 1)
            if i + 1 < nr and not _has(hs, ys[i + 1], xmid, tol):
                uf.union(i * nc + j, (i + 1) * nc + j)
    placed: dict[int, list[tuple[int, Word]]] = {}
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        if not (xs[0] < cx < xs[-1] and ys[0] < cy < ys[-1]):
            continue
        i, j = bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1
        placed.setdefault(uf.find(i * nc + j), []).append((i * nc + j, w))
    slots: dict[int, list[Word]] = {}
    for root, items in placed.items():
        if _unmerged([w for _, w in items], xs, s):
            for k, w in items:
                slots.setdefault(k, []).append(w)
        else:
            slots[root] = [w for _, w in items]
    if not slots:
        return None
    cells = [[""] * nc for _ in range(nr)]
    row_words: list[list[Word]] = [[] for _ in range(nr)]
    for k, ws in slots.items():
        cells[k // nc][k % nc] = cell_text(ws)
        row_words[k // nc] += ws
    keep = [i for i in range(nr) if row_words[i]]
    rows = rectangular([cells[i] for i in keep])
    if len(rows) < 1 or not rows or len(rows[0]) < s.min_cols:
        return None
    if len(rows) < s.min_rows and len(keep) < s.min_rows:
        return None
    sh = [shaded(xs[0], xs[-1], ys[i], ys[i + 1], page.boxes) for i in keep]
    body_sh = sum(sh[1:]) > 0.5 * max(1, len(sh) - 1)
    head = header_count([row_words[i] for i in keep], sh, body_sh)
    return TableFragment(page=page.number, x0=xs[0], top=ys[0], x1=xs[-1], bottom=ys[-1],
                         rows=rows, header_rows=head, ruled=True)


def _hline_stacks(hs: list[Seg], s: TableSettings, max_gap: float = 120) -> list[list[Seg]]:
    """Horizontal rules of one width stacked under each other (a table ruled only across)."""
    stacks: list[list[Seg]] = []
    for h in sorted(hs, key=lambda g: g.at):
        for st in stacks:
            last = st[-1]
            if abs(last.lo - h.lo) <= 3 and abs(last.hi - h.hi) <= 3 and h.at - last.at < max_gap:
                st.append(h)
                break
        else:
            stacks.append([h])
    return [st for st in stacks if len(st) >= 3 and st[0].hi - st[0].lo > 100]


def _figure_share(lines) -> float:
    """Share of the runs right of the first one that are figures."""
    runs = [seg for ln in lines for seg in ln[1:]]
    return sum(1 for seg in runs if all(FIGURE.fullmatch(w.text) for w in seg)) / len(runs) if runs else 0.0


def _header_band(lines, rest, chans: Sequence[tuple[float, float]]) -> bool:
    """The band above a stack's second rule is the header, one row: its cells wrap over a few
    lines, most of which fill fewer columns than the body (centred or right-set wrapped
    headings) or run across a column channel (a heading wider than its figures); or its
    cells are words over a body of figures."""
    if len(lines) > HEADER_LINES:
        return False
    n_cols = len(chans) + 1
    part = sum(1 for ln in lines if len(ln) < n_cols or any(crosses(seg, chans) for seg in ln))
    return part * 2 > len(lines) or (_figure_share(lines) < 0.5 < _figure_share(rest))


def hline_fragment(page: Page, stack: list[Seg], words: Sequence[Word], s: TableSettings) -> TableFragment | None:
    x0, x1 = min(g.lo for g in stack), max(g.hi for g in stack)
    ys = [g.at for g in stack]
    inside = [w for w in words if x0 - 1 < (w.x0 + w.x1) / 2 < x1 + 1 and ys[0] < (w.top + w.bottom) / 2 < ys[-1]]
    if not inside:
        return None
    bands = [[w for w in inside if a < (w.top + w.bottom) / 2 < b] for a, b in zip(ys, ys[1:])]
    # a band may hold many rows: booktabs rules only the top, the header's foot and the bottom
    lines = [segments(b, s) for b in bands if b]
    chans = body_channels([ln for bl in lines for ln in bl], s)
    head = lines[0] if len(lines) >= 2 and _header_band(lines[0], [ln for bl in lines[1:] for ln in bl], chans) else []
    if any(crosses(seg, chans) for bl in lines[1 if head else 0:] for ln in bl for seg in ln):
        return None  # running text between the rules: not one table
    bounds = [(a + b) / 2 for a, b in chans]
    bands = [[w for ln in head for seg in ln for w in seg]] if head else []
    bands += [row for bl in lines[1 if head else 0:] for row in wrapped_rows(bl, bounds=bounds)]
    grid = grid_from_words(bands, s, chans, head=1 if head else 0)
    if grid is None:
        return None
    rows, row_words = grid
    if len(rows) < s.min_rows:
        return None
    sh = [shaded(x0, x1, min(w.top for w in b), max(w.bottom for w in b), page.boxes) for b in row_words]
    body_sh = sum(sh[1:]) > 0.5 * max(1, len(sh) - 1)
    return TableFragment(page=page.number, x0=x0, top=ys[0], x1=x1, bottom=ys[-1], rows=rows,
                         header_rows=header_count(row_words, sh, body_sh), ruled=True)


def ruled_fragments(page: Page, s: TableSettings) -> list[TableFragment]:
    hs, vs = split_rules(page.rules, s)
    if not hs:
        return []
    out: list[TableFragment] = []
    loose_h: list[Seg] = []
    for chs, cvs in _components(hs, vs, s.snap + 1):
        if len(chs) >= 2 and len(cvs) >= 2:
            f = grid_fragment(page, chs, cvs, page.words, s)
            if f:
                out.append(f)
        elif not cvs or len(chs) == 1:  # a rule with short verticals hanging off it: no grid
            loose_h += chs
    # a long booktabs table leaves a tall gap between the header's rule and the bottom rule;
    # where the long stack is not one table, rules closer together may still be
    for stack in _hline_stacks(loose_h, s, max_gap=page.height):
        f = hline_fragment(page, stack, page.words, s)
        if f:
            out.append(f)
            continue
        for short in _hline_stacks(stack, s):
            f = hline_fragment(page, short, page.words, s)
            if f:
                out.append(f)
    return out
