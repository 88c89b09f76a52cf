"""Tables across page breaks: rows carried onto the next page, then the fragments of every page
joined into whole tables and classified. `fragments[i]` are the table fragments of `layouts[i]`'s
page (found per page while the PDF streamed)."""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..layout.records import PageLayout
from .records import Table, TableFragment
from .tables import classify_table, join_fragments
from .tables.carry import carried_rows
from .tables.join import EDGE

FOOTNOTE_SIZE = 0.85  # x body size: smaller lines are notes, not the page's running text
Fragments = Sequence[tuple[TableFragment, ...]]


def page_extent(fragments: Fragments, layouts: Sequence[PageLayout], body: float) -> dict[int, tuple[float, float]]:
    """page -> (top of the first, bottom of the last body line or table)."""
    extent = {}
    for pl, frags in zip(layouts, fragments):
        # footnotes (small type below the text) do not stop a table from ending the page
        lines = [ln for ln in pl.lines if ln.size >= FOOTNOTE_SIZE * body]
        tops = [ln.top for ln in lines] + [f.top for f in frags]
        bottoms = [ln.bottom for ln in lines] + [f.bottom for f in frags]
        if tops:
            extent[pl.number] = (min(tops), max(bottoms))
    return extent


def carry_over(fragments: Fragments, layouts: Sequence[PageLayout], body: float
               ) -> tuple[list[tuple[TableFragment, ...]], list[PageLayout]]:
    """A rule-less table ending a page takes the lines at the top of the next page that keep
    to its columns (rows carried over with no header), as a fragment of that page: the new
    fragments of each page, and its layout without the lines taken."""
    frags, pages = list(fragments), list(layouts)
    extent = page_extent(frags, pages, body)
    for i in range(len(pages) - 1):
        a, b = pages[i], pages[i + 1]
        if not frags[i] or b.number != a.number + 1 or a.number not in extent:
            continue
        last = max(frags[i], key=lambda f: f.bottom)
        if last.bottom < extent[a.number][1] - EDGE:
            continue
        first = min((f.top for f in frags[i + 1]), default=b.height)
        frag, used = carried_rows(last, [ln for ln in b.lines if ln.bottom <= first], b.number)
        if frag is not None:
            taken = {id(ln) for ln in used}
            frags[i + 1] = (frag,) + frags[i + 1]
            pages[i + 1] = replace(b, lines=tuple(ln for ln in b.lines if id(ln) not in taken))
    return frags, pages


def document_tables(fragments: Fragments, layouts: Sequence[PageLayout], body: float,
                    kinds: dict) -> list[Table]:
    """Every table of the document, fragments joined across page breaks, each with its kind."""
    extent = page_extent(fragments, layouts, body)
    joined = join_fragments([f for frags in fragments for f in frags], extent)
    return [replace(t, kind=classify_table(t, kinds)) for t in joined]
