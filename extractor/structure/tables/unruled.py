"""Tables without ruling lines: zebra-striped stacks, read with whitespace columns.

Filled boxes of one x extent and fill, stacked with regular gaps, are the
shaded rows of one table; the gaps between them are its unshaded rows. The
table then grows up (the first unshaded row, header rows) and down (a last
unshaded row) over lines that fit its columns, stay inside its x extent and
follow at row spacing. A caption, a paragraph or a heading stops it: they
cross a column channel, leave the extent, use another font size or stand
too far away.
"""
from __future__ import annotations

from statistics import median
from typing import Sequence

from ...ingest.records import Box, Page, Word
from ..records import TableFragment
from .cells import header_count, shaded
from .settings import TableSettings
from .whitespace import Seg, channels, crosses, grid_from_words, segments, wrapped_rows

WHITE = {"#ffffff", ""}


def _filled(lo: float, hi: float, x0: float, x1: float, words: Sequence[Word]) -> bool:
    """Text runs down the whole band lo..hi (an unshaded row between stripes), no blank lines."""
    ys = sorted((w.top, w.bottom) for w in words if w.x0 >= x0 - 2 and w.x1 <= x1 + 2
                and lo <= (w.top + w.bottom) / 2 <= hi)
    if not ys:
        return False
    reach = lo
    for t, b in ys:
        if t - reach > 2.5 * (b - t):
            return False
        reach = max(reach, b)
    return hi - reach <= 2.5 * (ys[-1][1] - ys[-1][0])


def _one_row_between(a: Box, b: Box, words: Sequence[Word], s: TableSettings) -> bool:
    """The gap between two stripes holds one table row: text down its height, kept to the
    columns of the stripes around it, not set apart as a header or caption (all bold)."""
    if not _filled(a.bottom, b.top, a.x0, a.x1, words):
        return False
    inside = lambda lo, hi: [w for w in words if w.x0 >= a.x0 - 2 and w.x1 <= a.x1 + 2  # noqa: E731
                             and lo <= (w.top + w.bottom) / 2 <= hi]
    gap = inside(a.bottom, b.top)
    if all(w.bold for w in gap):
        return False
    chans = channels(segments(inside(a.top, a.bottom) + inside(b.top, b.bottom), s), s)
    return not any(crosses(seg, chans) for ln in segments(gap, s) for seg in ln)


def _stacks(page: Page, words: Sequence[Word], s: TableSettings) -> list[list[Box]]:
    """Boxes of one fill and x extent whose gaps are single rows of text: zebra stripes."""
    cand = [b for b in page.boxes if b.fill not in WHITE and b.x1 - b.x0 >= 60
            and 4 <= b.bottom - b.top < 0.4 * page.height]
    stacks: list[list[Box]] = []
    for b in sorted(cand, key=lambda b: b.top):
        for st in stacks:
            last = st[-1]
            gap = b.top - last.bottom
            if (last.fill == b.fill and abs(last.x0 - b.x0) <= s.stripe_align
                    and abs(last.x1 - b.x1) <= s.stripe_align and gap >= 1.0
                    and _one_row_between(last, b, words, s)):
                st.append(b)
                break
        else:
            stacks.append([b])
    return stacks


def _in_x(words: Sequence[Word], x0: float, x1: float, page: Page, s: TableSettings) -> list[Word]:
    """Words inside the table's x extent, running headers and footers (page margins) excepted."""
    lo, hi = s.margin * page.height, (1 - s.margin) * page.height
    return [w for w in words if w.x0 >= x0 - 2 and w.x1 <= x1 + 2 and w.bottom > lo and w.top < hi]


def _median_size(words: Sequence[Word]) -> float:
    return median(w.size for w in words) if words else 10.0


def _line_box(line) -> tuple[float, float, float]:
    ws = [w for seg in line for w in seg]
    return min(w.top for w in ws), max(w.bottom for w in ws), max(w.size for w in ws)


def stripe_fragment(page: Page, stack: list[Box], words: Sequence[Word], s: TableSettings) -> TableFragment | None:
    x0, x1 = min(b.x0 for b in stack), max(b.x1 for b in stack)
    pool = _in_x(words, x0, x1, page, s)
    mid = lambda w: (w.top + w.bottom) / 2  # noqa: E731
    # bands of the striped part: each stripe and each gap between two stripes
    bands: list[tuple[float, float]] = []
    for a, b in zip(stack, stack[1:] + [None]):
        bands.append((a.top, a.bottom))
        if b is not None:
            bands.append((a.bottom, b.top))
    core = [[w for w in pool if lo <= mid(w) < hi] for lo, hi in bands]
    if len(stack) == 1 and len(wrapped_rows(segments(core[0], s), _median_size(core[0]))) != 1:
        return None  # one shaded panel holding several rows of text: a text box, not a row
    core_lines = [ln for band in core for ln in segments(band, s)]
    chans = channels(core_lines, s)
    if len(chans) + 1 < s.min_cols:
        return None
    sizes = [w.size for band in core for w in band]
    if not sizes:
        return None
    size = median(sizes)
    if max(sizes) > 1.3 * size:
        return None  # banners (headings on coloured bars) between text, not table rows
    gaps = [b.top - a.bottom for a, b in zip(stack, stack[1:])]
    pitch = median(gaps) if gaps else stack[0].bottom - stack[0].top
    fits = lambda ln: (not any(crosses(seg, chans) for seg in ln)  # noqa: E731
                       and _line_box(ln)[2] <= size + 0.3)
    # lines outside the stripes, inside the extent
    top0, bot0 = stack[0].top, stack[-1].bottom
    outside_above = [w for w in pool if mid(w) < top0]
    outside_below = [w for w in pool if mid(w) >= bot0]
    above: list[list[Seg]] = []
    edge = top0
    first = True
    for ln in reversed(segments(outside_above, s)):
        lt, lb, _ = _line_box(ln)
        limit = 0.75 * pitch if first else 1.4 * size
        if edge - lb > limit or not fits(ln):
            break
        above.insert(0, ln)
        edge, first = lt, False
    below: list[list[Seg]] = []
    edge = bot0
    header_only = len(stack) == 1  # a shaded header row over unshaded rows: they run on below
    for ln in segments(outside_below, s):
        lt, lb, _ = _line_box(ln)
        if header_only:
            limit = 1.6 * size
        else:
            limit = 0.45 * size if below else 0.75 * pitch  # one last row, maybe wrapped
        if lt - edge > limit or not fits(ln):
            break
        below.append(ln)
        edge = lb
    # rows: stripe bands as they are; lines outside grouped by vertical gaps
    row_words: list[list[Word]] = []
    for ln_group in wrapped_rows(above, size):
        row_words.append(ln_group)
    row_words += [band for band in core if band]
    for ln_group in wrapped_rows(below, size):
        row_words.append(ln_group)
    if len(row_words) < s.min_rows:
        return None
    # header lines may split a column left empty in the striped rows, never join two
    lines = core_lines + above + below
    final = channels(lines, s)
    final += [c for c in chans if not any(min(c[1], d[1]) > max(c[0], d[0]) for d in final)]
    grid = grid_from_words(row_words, s, sorted(final))
    if grid is None:
        return None
    rows, rw = grid
    all_w = [w for r in rw for w in r]
    top = min(min(w.top for w in all_w), top0)
    bottom = max(max(w.bottom for w in all_w), bot0)
    sh = [shaded(x0, x1, min(w.top for w in r), max(w.bottom for w in r), page.boxes) for r in rw]
    head = header_count(rw, sh, body_shaded=True)
    return TableFragment(page=page.number, x0=x0, top=top, x1=x1, bottom=bottom, rows=rows,
                         header_rows=head, ruled=False)



def stripe_fragments(page: Page, words: Sequence[Word], s: TableSettings) -> list[TableFragment]:
    out = []
    for st in _stacks(page, words, s):
        f = stripe_fragment(page, st, words, s)
        if f:
            out.append(f)
    return out
