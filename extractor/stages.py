"""The stage registry: every component that fills a slot of the Document, in the order they run
(the way spaCy lists a pipeline's components). This is the one place that wires the stages:
each entry names its stage, the slots it reads and the slots it fills, and a plain function
`(doc, rules, settings) -> Document`; the work itself is in the stage packages.

    read        ingest      -> source, pages (each page: OCR, table fragments, its lines)
    lay_out     layout      -> layouts, furniture
    carry_over  structure   -> pages[].fragments, layouts  (table rows carried over a page break)
    flow        layout      -> lines, body, paragraphs
    sections    structure   -> headings, sections
    tables      structure   -> tables
    extract     extract     -> records
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from .document import Document, PageRead
from .errors import ExtractionError
from .ingest import Page, Source, open_document
from .layout.pages import lay_out, page_lines, same_ocr_sizes
from .layout.paragraphs import paragraphs_of
from .layout.typography import body_style
from .rules import Rules
from .settings import Settings
from .structure.pages import carry_over, document_tables
from .structure.sections import build_sections, find_headings
from .structure.tables import find_fragments


@dataclass(frozen=True)
class Stage:
    name: str
    package: str  # ingest | layout | structure | extract: the stage package that does the work
    reads: tuple[str, ...]  # Document slots
    fills: tuple[str, ...]
    run: Callable[[Document, Rules, Settings], Document]

    def __call__(self, doc: Document, rules: Rules, settings: Settings) -> Document:
        return self.run(doc, rules, settings)


# ---------------------------------------------------------------- ingest

def _with_ocr(page: Page, path: str) -> Page:
    """A page with images and no text layer gets its words by OCR (when the `ocr` extra is
    installed); every other page is returned as it is."""
    if page.words or not page.n_images or page.error:
        return page
    from .ingest import ocr
    if not ocr.available():
        return page
    try:
        words, rules = ocr.read_image_page(str(path), page.number)
        return replace(page, words=words, rules=page.rules + rules)
    except Exception as e:  # an image the renderer or the recogniser cannot take: page stays unread
        return replace(page, error=f"ocr: {type(e).__name__}: {str(e)[:120]}")


def read_page(page: Page, settings: Settings) -> PageRead:
    """One page while it is open: its table fragments, then its lines outside them."""
    frags = tuple(find_fragments(page, settings.tables))
    lines = page_lines(page.words, frags, page.number, settings.lines)
    return PageRead(page.number, page.width, page.height, page.words, lines, frags, page.n_images,
                    has_text=bool(page.words), error=page.error, undecodable=page.undecodable)


def read(doc: Document, rules: Rules, settings: Settings) -> Document:
    """Pages stream through ingest and table detection one at a time; only the light lines,
    table fragments and words are kept. Raises when no page could be read."""
    path = doc.source.path
    with open_document(path, settings.ingest.backend) as (source, pages):
        read_pages = tuple(read_page(_with_ocr(page, path), settings) for page in pages)
    bad = [p for p in read_pages if p.error]
    if bad and len(bad) == len(read_pages):
        raise ExtractionError("ingest", "bad_page", f"no page could be read (page 1: {bad[0].error})")
    return replace(doc, source=source, pages=read_pages)


# ---------------------------------------------------------------- layout

def _lay_out(doc: Document, rules: Rules, settings: Settings) -> Document:
    ocr = {p.number for p in doc.pages if p.ocr}
    snapped = same_ocr_sizes([(p.number, p.lines) for p in doc.pages], ocr)
    pages = tuple(replace(p, lines=snapped[p.number]) if p.number in snapped else p for p in doc.pages)
    layouts, furniture = lay_out(pages, settings.furniture, settings.columns)
    return replace(doc, pages=pages, layouts=tuple(layouts), furniture=frozenset(furniture))


def _flow(doc: Document, rules: Rules, settings: Settings) -> Document:
    lines = tuple(ln for pl in doc.layouts for ln in pl.lines)
    body = body_style(lines)
    return replace(doc, lines=lines, body=body, paragraphs=paragraphs_of(lines, body[0]))


# ---------------------------------------------------------------- structure

def _carry_over(doc: Document, rules: Rules, settings: Settings) -> Document:
    body = body_style([ln for pl in doc.layouts for ln in pl.lines])[0]
    frags, layouts = carry_over([p.fragments for p in doc.pages], doc.layouts, body)
    pages = tuple(replace(p, fragments=f) if f is not p.fragments else p for p, f in zip(doc.pages, frags))
    return replace(doc, pages=pages, layouts=tuple(layouts))


def _sections(doc: Document, rules: Rules, settings: Settings) -> Document:
    heads = find_headings(doc.lines, doc.outline, doc.layouts, doc.body, settings.headings, settings.contents)
    sections = build_sections(doc.lines, heads, rules.section_kinds.kinds, doc.n_pages, cover_title=doc.title)
    return replace(doc, headings=tuple(heads), sections=tuple(sections))


def _tables(doc: Document, rules: Rules, settings: Settings) -> Document:
    tables = document_tables([p.fragments for p in doc.pages], doc.layouts, doc.body_size, rules.table_kinds.kinds)
    return replace(doc, tables=tuple(tables))


# ---------------------------------------------------------------- extract

def _extract(doc: Document, rules: Rules, settings: Settings) -> Document:
    from .extract.registry import run_extractors  # spaCy and the extractors load only when needed
    return replace(doc, records=run_extractors(doc, rules))


STAGES: tuple[Stage, ...] = (
    Stage("read", "ingest", ("source",), ("source", "pages"), read),
    Stage("lay_out", "layout", ("pages",), ("layouts", "furniture"), _lay_out),
    Stage("carry_over", "structure", ("pages", "layouts"), ("pages", "layouts"), _carry_over),
    Stage("flow", "layout", ("layouts",), ("lines", "body", "paragraphs"), _flow),
    Stage("sections", "structure", ("lines", "layouts", "body", "source"), ("headings", "sections"), _sections),
    Stage("tables", "structure", ("pages", "layouts", "body"), ("tables",), _tables),
    Stage("extract", "extract", ("lines", "paragraphs", "sections", "tables"), ("records",), _extract),
)


def new_document(path: str | Path) -> Document:
    """An empty Document for `path` (the `read` stage fills in its source)."""
    return Document(source=Source(path=str(path), sha256="", n_pages=0, title=""))
