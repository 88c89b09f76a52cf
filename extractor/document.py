"""The Document: one report as it passes through the stages, with one typed slot per stage.

    source, pages                          ingest     (pages stream: OCR, table fragments, lines)
    layouts, furniture, lines, body,       layout     (reading order, running headers/footers,
      paragraphs                                       the body style, paragraphs built once)
    headings, sections, tables             structure
    records                                extract    (Extracted: the rows of every extractor)

The stages that fill them are registered, in order, in `extractor/stages.py`; `pipeline.py` runs
them. A slot a stage has not filled yet holds its empty default. The flat attributes every
extractor reads (`report_id`, `title`, `page_words`, ...) are views of the slots.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .ingest.records import OutlineEntry, Source, Word
from .layout.paragraphs import Block
from .layout.records import Line, PageLayout
from .layout.typography import NO_BODY, BodyStyle
from .structure.records import Heading, Section, Table, TableFragment

if TYPE_CHECKING:  # the slot a later stage fills: typed, not imported (no upward import at run time)
    from .extract.registry import Extracted


@dataclass(frozen=True, slots=True)
class PageRead:
    """One page as ingest read it. The PDF streams, so a page's rules, boxes and images are gone
    once it is read; what stays is its size, its words (to locate quotes), and what was found
    on it while it was open: its table fragments and its text lines outside them."""
    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    lines: tuple[Line, ...]
    fragments: tuple[TableFragment, ...]
    n_images: int
    has_text: bool
    error: str = ""
    undecodable: bool = False  # text of glyph codes only: like an image page, it needs OCR

    @property
    def ocr(self) -> bool:
        return bool(self.words) and self.words[0].ocr


@dataclass(frozen=True, slots=True)
class Document:
    """Everything the stages found in one report, slot by slot (see the module's docstring)."""
    source: Source
    # ingest
    pages: tuple[PageRead, ...] = ()
    # layout
    layouts: tuple[PageLayout, ...] = ()  # each page's lines in reading order, furniture removed
    furniture: frozenset[tuple[int, float, str]] = frozenset()  # (page, top, text) of running headers/footers
    lines: tuple[Line, ...] = ()  # the flow: reading order, furniture removed, table text excluded
    body: BodyStyle = NO_BODY  # (size, bold, colour) of the running text
    paragraphs: tuple[Block, ...] = ()  # the flow as paragraphs
    # structure
    headings: tuple[Heading, ...] = ()
    sections: tuple[Section, ...] = ()
    tables: tuple[Table, ...] = ()
    # extract
    records: Extracted | None = field(default=None)

    @property
    def report_id(self) -> str:
        return self.source.report_id

    @property
    def source_path(self) -> str:
        return self.source.path

    @property
    def sha256(self) -> str:
        return self.source.sha256

    @property
    def n_pages(self) -> int:
        return self.source.n_pages

    @property
    def title(self) -> str:
        """From the PDF metadata, may be ''."""
        return self.source.title

    @property
    def outline(self) -> tuple[OutlineEntry, ...]:
        return self.source.outline

    @property
    def body_size(self) -> float:
        return self.body[0]

    @property
    def pages_without_text(self) -> tuple[int, ...]:
        """Pages with images (or glyph codes only) but no text layer: they need OCR. A blank page is just blank."""
        return tuple(p.number for p in self.pages if not p.has_text and (p.n_images or p.undecodable) and not p.error)

    @property
    def bad_pages(self) -> tuple[tuple[int, str], ...]:
        """(page, why) of the pages that could not be read."""
        return tuple((p.number, p.error) for p in self.pages if p.error)

    @property
    def pages_ocr(self) -> tuple[int, ...]:
        """Pages whose words were read by OCR."""
        return tuple(p.number for p in self.pages if p.ocr)

    @property
    def page_words(self) -> dict[int, tuple[Word, ...]]:
        """page -> its positioned words (text layer or OCR): to find where a quote is printed."""
        return {p.number: p.words for p in self.pages}

    def section_of(self, page: int, top: float) -> Section | None:
        """The innermost section whose heading precedes (page, top)."""
        best = None
        for s in self.sections:
            if (s.page_start, s.top) <= (page, top):
                best = s
            else:
                break
        return best

    def lines_on(self, page: int) -> list[Line]:
        return [ln for ln in self.lines if ln.page == page]
