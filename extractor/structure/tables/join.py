"""Join the fragments of a table continued across a page break."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Mapping, Sequence

from ..records import Table, TableFragment

EDGE = 24.0  # pt: a fragment this close to the body's end (start) ends (starts) the page


def _norm(row) -> tuple[str, ...]:
    return tuple(" ".join(c.split()).lower() for c in row)


CONTINUED = re.compile(r"\(?\bcont(?:inued|'d|d|\.)", re.I)


def _own_caption(head: TableFragment, b: TableFragment) -> bool:
    """b's caption names a new table, not 'Table 2 (continued)' nor the first caption repeated."""
    if not b.caption:
        return False
    fold = lambda t: " ".join(CONTINUED.sub("", t).lower().split()).strip(" ():-")  # noqa: E731
    return not (CONTINUED.search(b.caption) or fold(b.caption) == fold(head.caption))


def _compatible(a: TableFragment, b: TableFragment) -> bool:
    """The same columns, or the same width (a column empty on one page is dropped there) with
    nearly as many: a table of other columns set to the same measure is a new table."""
    same_x = abs(a.x0 - b.x0) <= 12 and abs(a.x1 - b.x1) <= 12
    return a.n_cols == b.n_cols or (same_x and abs(a.n_cols - b.n_cols) <= 1)


def _continues(head: TableFragment, a: TableFragment, b: TableFragment,
               body: Mapping[int, tuple[float, float]]) -> bool:
    """Does b (top of its page) go on with a (end of the page before), a table headed by head?"""
    if b.page != a.page + 1 or not _compatible(a, b) or _own_caption(head, b):
        return False  # a fragment with its own caption is a new table
    if b.header_rows and [_norm(r) for r in b.rows[: b.header_rows]] != \
            [_norm(r) for r in head.rows[: b.header_rows]]:
        return False  # so is one with a header of its own
    ea, eb = body.get(a.page), body.get(b.page)
    ends = ea is None or a.bottom >= ea[1] - EDGE
    starts = eb is None or b.top <= eb[0] + EDGE
    return ends and starts


def _widen(rows, n: int):
    return [tuple(r) + ("",) * (n - len(r)) for r in rows]


def _own_header(a: TableFragment, b: TableFragment) -> bool:
    """Both have header rows and they differ: tables side by side, each under its own heading."""
    k = a.header_rows
    return k > 0 and [_norm(r) for r in a.rows[:k]] != [_norm(r) for r in b.rows[:k]]


def _snake(frags: list[TableFragment]) -> list[TableFragment]:
    """A table set in two page columns side by side (a long glossary) is read left then right."""
    out: list[TableFragment] = []
    for f in frags:
        left = next((g for g in out if g.page == f.page and abs(g.top - f.top) <= 20
                     and (f.x0 >= g.x1 - 2 or g.x0 >= f.x1 - 2) and g.n_cols == f.n_cols
                     and g.header_rows == f.header_rows and not _own_header(g, f)
                     and abs((g.x1 - g.x0) - (f.x1 - f.x0)) <= 0.15 * (g.x1 - g.x0)), None)
        if left is None:
            out.append(f)
            continue
        if left.x0 > f.x0:  # found the right half first
            out[out.index(left)], f, left = f, left, f
        k = f.header_rows if [_norm(r) for r in f.rows[: f.header_rows]] == \
            [_norm(r) for r in left.rows[: f.header_rows]] else 0
        out[out.index(left)] = replace(left, rows=left.rows + f.rows[k:], x1=f.x1,
                                       bottom=max(left.bottom, f.bottom))
    return out


def join_fragments(fragments: Sequence[TableFragment],
                   body_extent: Mapping[int, tuple[float, float]]) -> list[Table]:
    """Tables in document order; body_extent[page] = (top of first, bottom of last body line)."""
    frags = _snake(sorted(fragments, key=lambda f: (f.page, f.top, f.x0)))
    groups: list[list[TableFragment]] = []
    for f in frags:
        # only the last fragment of a page can go on, only into the first of the next
        if groups and groups[-1][-1].page == f.page - 1 and _continues(groups[-1][0], groups[-1][-1], f, body_extent):
            groups[-1].append(f)
        else:
            groups.append([f])
    tables = []
    for i, g in enumerate(groups):
        head = g[0]
        rows = list(head.rows)
        pages = [head.page] * len(head.rows)
        header = [_norm(r) for r in head.rows[: head.header_rows]]
        for f in g[1:]:
            extra = list(f.rows)
            k = 0  # a header row repeated on the new page is read once
            while k < min(len(extra), len(header)) and _norm(extra[k]) == header[k]:
                k += 1
            rows += extra[k:]
            pages += [f.page] * (len(extra) - k)
        n = max(len(r) for r in rows) if rows else 0
        tables.append(Table(index=i, page_start=head.page, page_end=g[-1].page, top=head.top,
                            rows=tuple(_widen(rows, n)), header_rows=head.header_rows,
                            caption=head.caption, row_pages=tuple(pages)))
    return tables
