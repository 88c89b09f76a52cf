"""One report, end to end: ingest -> layout -> structure (-> extract, in worker.py).

Pages stream through ingest and table detection one at a time; only the light
layout lines and table fragments are kept for the document-level passes
(running furniture, headings, tables continued over page breaks).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from .errors import ExtractionError
from .ingest import open_document
from .ingest.records import Page, Word
from .layout.columns import reading_order
from .layout.furniture import find_furniture
from .layout.lines import lines_of
from .layout.records import Line, PageLayout
from .rules import Rules
from .structure.contents import contents_entries, headings_from_contents
from .structure.headings import body_style, headings_from_outline, headings_from_typography
from .structure.records import Document, Table, TableFragment
from .structure.sections import build_sections
from .structure.tables import classify_table, find_fragments, join_fragments
from .structure.tables.carry import carried_rows
from .structure.tables.join import EDGE

MIN_OUTLINE = 3  # fewer bookmarks than this is no table of contents
FOOTNOTE_SIZE = 0.85  # x body size: smaller lines are notes, not the page's running text


@dataclass(frozen=True, slots=True)
class _PageParts:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    fragments: tuple[TableFragment, ...]
    n_images: int
    has_text: bool
    error: str = ""
    undecodable: bool = False  # text of glyph codes only: like an image page, it needs OCR


def _outside(words: Sequence[Word], frags: Sequence[TableFragment]) -> list[Word]:
    if not frags:
        return list(words)
    out = []
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        if not any(f.x0 - 1 <= cx <= f.x1 + 1 and f.top - 1 <= cy <= f.bottom + 1 for f in frags):
            out.append(w)
    return out


def _is_caption(ln: Line, frags: Sequence[TableFragment]) -> bool:
    """A line just above a table that is (part of) that table's caption: it belongs to the
    table, not to the running text (nor is it a heading)."""
    for f in frags:
        if (f.caption and ln.text in f.caption and ln.bottom <= f.top + 1
                and f.top - ln.bottom < 4 * ln.size * 1.2 and min(ln.x1, f.x1) > max(ln.x0, f.x0)):
            return True
    return False


def read_page_parts(page: Page) -> _PageParts:
    frags = tuple(find_fragments(page))
    lines = tuple(ln for ln in lines_of(_outside(page.words, frags), page.number) if not _is_caption(ln, frags))
    return _PageParts(page.number, page.width, page.height, lines, frags, page.n_images,
                      has_text=bool(page.words), error=page.error, undecodable=page.undecodable)


def layout_pages(parts: Sequence[_PageParts]) -> list[PageLayout]:
    furniture = find_furniture([(p.height, p.lines) for p in parts])
    out = []
    for p in parts:
        kept = [ln for ln in p.lines if (ln.page, ln.top, ln.text) not in furniture]
        wide = [(f.top, f.bottom) for f in p.fragments if f.x1 - f.x0 > 0.5 * p.width]
        ordered, n_cols = reading_order(kept, p.width, breaks=wide)
        out.append(PageLayout(number=p.number, width=p.width, height=p.height, lines=tuple(ordered),
                              n_columns=n_cols, has_text=p.has_text, n_images=p.n_images))
    return out


def _cover_pages(layouts: Sequence[PageLayout]) -> set[int]:
    """The first page is a cover when it holds little text."""
    if layouts and len(layouts) > 2 and sum(len(ln.text) for ln in layouts[0].lines) < 400:
        return {layouts[0].number}
    return set()


def _extent(parts: Sequence[_PageParts], layouts: Sequence[PageLayout]) -> dict[int, tuple[float, float]]:
    """page -> (top of the first, bottom of the last body line or table)."""
    extent = {}
    body = body_style([ln for pl in layouts for ln in pl.lines])[0]
    for pl, pp in zip(layouts, parts):
        # footnotes (small type below the text) do not stop a table from ending the page
        lines = [ln for ln in pl.lines if ln.size >= FOOTNOTE_SIZE * body]
        tops = [ln.top for ln in lines] + [f.top for f in pp.fragments]
        bottoms = [ln.bottom for ln in lines] + [f.bottom for f in pp.fragments]
        if tops:
            extent[pl.number] = (min(tops), max(bottoms))
    return extent


def _carry_over(parts: list[_PageParts], layouts: list[PageLayout]) -> None:
    """A rule-less table ending a page takes the lines at the top of the next page that keep
    to its columns (rows carried over with no header), as a fragment of that page."""
    extent = _extent(parts, layouts)
    for i in range(len(parts) - 1):
        a, b = parts[i], parts[i + 1]
        if not a.fragments or b.number != a.number + 1 or a.number not in extent:
            continue
        last = max(a.fragments, key=lambda f: f.bottom)
        if last.bottom < extent[a.number][1] - EDGE:
            continue
        first = min((f.top for f in b.fragments), default=b.height)
        frag, used = carried_rows(last, [ln for ln in layouts[i + 1].lines if ln.bottom <= first], b.number)
        if frag is not None:
            taken = {id(ln) for ln in used}
            parts[i + 1] = replace(b, fragments=(frag,) + b.fragments)
            layouts[i + 1] = replace(layouts[i + 1], lines=tuple(ln for ln in layouts[i + 1].lines
                                                                 if id(ln) not in taken))


def _tables(parts: Sequence[_PageParts], layouts: Sequence[PageLayout], rules: Rules) -> list[Table]:
    extent = _extent(parts, layouts)
    frags = [f for p in parts for f in p.fragments]
    kinds = rules.table_kinds.kinds
    joined = join_fragments(frags, extent)
    return [replace(t, kind=classify_table(t, kinds)) for t in joined]


def _with_ocr(page: Page, path: str | Path) -> Page:
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


def _same_ocr_sizes(parts: list[_PageParts], ocr_pages: set[int]) -> list[_PageParts]:
    """Type sizes measured by OCR, made one across the document's OCR'd pages (a heading
    style must read as one size on every page for its level to come out right)."""
    if not ocr_pages:
        return parts
    from .ingest.ocr import snap_sizes
    snap = snap_sizes([(ln.size, len(ln.text)) for p in parts if p.number in ocr_pages for ln in p.lines])
    return [replace(p, lines=tuple(replace(ln, size=snap.get(ln.size, ln.size)) for ln in p.lines))
            if p.number in ocr_pages else p for p in parts]


def build_document(path: str | Path, rules: Rules) -> Document:
    with open_document(path) as (source, pages):
        parts, words = [], {}
        for page in pages:
            page = _with_ocr(page, path)
            parts.append(read_page_parts(page))
            words[page.number] = page.words
    ocr_pages = tuple(n for n, ws in words.items() if ws and ws[0].ocr)
    parts = _same_ocr_sizes(parts, set(ocr_pages))
    layouts = layout_pages(parts)
    _carry_over(parts, layouts)
    flow = [ln for pl in layouts for ln in pl.lines]
    if len(source.outline) >= MIN_OUTLINE:
        headings = headings_from_outline(source.outline, flow)
    else:
        headings = headings_from_typography(flow, _cover_pages(layouts))
        headings += headings_from_contents(contents_entries(flow), flow, headings)
    kinds = rules.section_kinds.kinds
    sections = build_sections(flow, headings, kinds, source.n_pages, cover_title=source.title)
    tables = _tables(parts, layouts, rules)
    # a page with images but no text layer needs OCR; a blank page is just blank
    no_text = tuple(p.number for p in parts if not p.has_text and (p.n_images or p.undecodable) and not p.error)
    bad = tuple((p.number, p.error) for p in parts if p.error)
    if bad and len(bad) == len(parts):
        raise ExtractionError("ingest", "bad_page", f"no page could be read (page 1: {bad[0][1]})")
    return Document(report_id=source.report_id, source_path=source.path, sha256=source.sha256,
                    n_pages=source.n_pages, title=source.title, lines=tuple(flow),
                    sections=tuple(sections), tables=tuple(tables), outline=source.outline,
                    pages_without_text=no_text, bad_pages=bad, page_words=words,
                    pages_ocr=ocr_pages)
