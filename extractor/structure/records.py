"""Structure records: the section tree and the tables of one report (the Document that carries
them is extractor/document.py)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TableFragment:
    """The part of a table that stands on one page."""
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    rows: tuple[tuple[str, ...], ...]  # rectangular; '' for an empty cell
    header_rows: int
    ruled: bool
    caption: str = ""
    col_bounds: tuple[float, ...] = ()  # x between columns (rule-less tables): to know rows carried over

    @property
    def n_cols(self) -> int:
        return len(self.rows[0]) if self.rows else 0


@dataclass(frozen=True, slots=True)
class Table:
    """A whole table: fragments continued across page breaks are joined."""
    index: int  # 0-based, document order
    page_start: int
    page_end: int
    top: float  # on page_start, to place it in the section tree
    rows: tuple[tuple[str, ...], ...]
    header_rows: int
    caption: str
    kind: str = "other"
    row_pages: tuple[int, ...] = ()  # the page each row stands on (a table may run over pages)

    def page_of_row(self, row: int) -> int:
        """Where row `row` is printed: what a quote taken from that row must cite."""
        return self.row_pages[row] if 0 <= row < len(self.row_pages) else self.page_start

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading found in the text flow (from the outline or from typography)."""
    title: str
    level: int
    page: int
    top: float
    number: str | None = None
    flow_index: int = 0  # position in the document's reading-order line flow


@dataclass(frozen=True, slots=True)
class Section:
    index: int  # 0-based, document order
    parent: int | None
    level: int
    number: str | None
    title: str
    kind: str
    page_start: int
    page_end: int
    text: str
    top: float = 0.0
