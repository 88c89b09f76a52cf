"""A page's lines outside its tables, then the document's pages laid out: running furniture
removed, columns put in reading order.

Table regions come from the structure stage's per-page detector; layout sees them only as boxes
(with a caption) that its lines must keep out of, so it does not depend on structure.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Protocol, Sequence

from ..ingest.records import Word
from .columns import ColumnSettings, reading_order
from .furniture import FurnitureSettings, find_furniture
from .lines import LineSettings, lines_of
from .records import Line, PageLayout

DEFAULT_LINES, DEFAULT_FURNITURE, DEFAULT_COLUMNS = LineSettings(), FurnitureSettings(), ColumnSettings()


class Region(Protocol):
    """Where a table stands on its page, and its caption (a structure TableFragment)."""
    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...
    @property
    def caption(self) -> str: ...


class PageLike(Protocol):
    """What laying out needs of a page as read (document.PageRead)."""
    @property
    def number(self) -> int: ...
    @property
    def width(self) -> float: ...
    @property
    def height(self) -> float: ...
    @property
    def lines(self) -> tuple[Line, ...]: ...
    @property
    def fragments(self) -> Sequence[Region]: ...
    @property
    def n_images(self) -> int: ...
    @property
    def has_text(self) -> bool: ...


def outside(words: Sequence[Word], regions: Sequence[Region]) -> list[Word]:
    """The words whose centre is in no table region (the table's text is the table's)."""
    if not regions:
        return list(words)
    out = []
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        if not any(f.x0 - 1 <= cx <= f.x1 + 1 and f.top - 1 <= cy <= f.bottom + 1 for f in regions):
            out.append(w)
    return out


def is_caption(ln: Line, regions: Sequence[Region]) -> bool:
    """A line just above a table that is (part of) that table's caption: it belongs to the
    table, not to the running text (nor is it a heading)."""
    for f in regions:
        if (f.caption and ln.text in f.caption and ln.bottom <= f.top + 1
                and f.top - ln.bottom < 4 * ln.size * 1.2 and min(ln.x1, f.x1) > max(ln.x0, f.x0)):
            return True
    return False


def page_lines(words: Sequence[Word], regions: Sequence[Region], page: int,
               settings: LineSettings = DEFAULT_LINES) -> tuple[Line, ...]:
    """The page's text lines outside its tables and their captions."""
    return tuple(ln for ln in lines_of(outside(words, regions), page, settings) if not is_caption(ln, regions))


def lay_out(pages: Sequence[PageLike], furniture_settings: FurnitureSettings = DEFAULT_FURNITURE,
            column_settings: ColumnSettings = DEFAULT_COLUMNS
            ) -> tuple[list[PageLayout], set[tuple[int, float, str]]]:
    """Each page's lines in reading order with running furniture removed, and the furniture
    found ((page, top, text) of each line). A wide table breaks the columns around it."""
    furniture = find_furniture([(p.height, p.lines) for p in pages], furniture_settings)
    out = []
    for p in pages:
        kept = [ln for ln in p.lines if (ln.page, ln.top, ln.text) not in furniture]
        wide = [(f.top, f.bottom) for f in p.fragments if f.x1 - f.x0 > 0.5 * p.width]
        ordered, n_cols = reading_order(kept, p.width, column_settings, breaks=wide)
        out.append(PageLayout(number=p.number, width=p.width, height=p.height, lines=tuple(ordered),
                              n_columns=n_cols, has_text=p.has_text, n_images=p.n_images))
    return out, furniture


def same_ocr_sizes(pages: Sequence[tuple[int, tuple[Line, ...]]], ocr_pages: set[int]) -> dict[int, tuple[Line, ...]]:
    """Type sizes measured by OCR, made one across the document's OCR'd pages (a heading
    style must read as one size on every page for its level to come out right): page -> lines."""
    if not ocr_pages:
        return {}
    from ..ingest.ocr import snap_sizes  # OCR's own module loads only for OCR'd pages
    snap = snap_sizes([(ln.size, len(ln.text)) for n, lines in pages if n in ocr_pages for ln in lines])
    return {n: tuple(replace(ln, size=snap.get(ln.size, ln.size)) for ln in lines)
            for n, lines in pages if n in ocr_pages}
