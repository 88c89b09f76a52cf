"""Rows of a rule-less table carried over a page break with no header repeated: too few
(one or two) to be found as a table on their own, they are known by lining up with the
columns of the table that ends the page before."""
from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

from ...layout.records import Line
from ..records import TableFragment


def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    """Lines grouped into rows sharing a baseline, top to bottom."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda l: (l.top, l.x0)):
        if rows and abs(ln.top - rows[-1][0].top) <= 0.3 * ln.size:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return rows


def _cells(row: Sequence[Line], bounds: Sequence[float]) -> dict[int, str] | None:
    """Column -> text when every run of the row keeps inside one column of its own."""
    cells: dict[int, str] = {}
    for ln in row:
        k = bisect_right(bounds, ln.x0 + 0.5)
        if k != bisect_right(bounds, ln.x1 - 0.5) or k in cells:
            return None
        cells[k] = ln.text
    return cells if len(cells) >= 2 else None


def carried_rows(last: TableFragment, lines: Sequence[Line], page: int) -> tuple[TableFragment | None, list[Line]]:
    """The rows at the top of `lines` (the next page's body, top to bottom) that go on with
    `last`, as a fragment of that page, and the lines they take; (None, []) if none do."""
    if not last.col_bounds:
        return None, []
    got: list[tuple[list[Line], dict[int, str]]] = []
    for row in _rows(lines):
        cells = _cells(row, last.col_bounds)
        if cells is None or (got and row[0].top - got[-1][0][0].bottom > 1.6 * row[0].size):
            break
        got.append((row, cells))
    if not got:
        return None, []
    used = [ln for row, _ in got for ln in row]
    n = len(last.col_bounds) + 1
    rows = tuple(tuple(c.get(k, "") for k in range(n)) for _, c in got)
    frag = TableFragment(page=page, x0=min(l.x0 for l in used), top=min(l.top for l in used),
                         x1=max(l.x1 for l in used), bottom=max(l.bottom for l in used), rows=rows,
                         header_rows=0, ruled=False, col_bounds=last.col_bounds)
    return frag, used
