"""The section tree: headings cut the reading-order flow into sections.

Each section's `text` is its own text (up to its first subsection), its
page_end the last page of its whole subtree. Text before the first heading on
the opening page(s) is the cover.
"""
from __future__ import annotations

from typing import Sequence

from ..ingest.records import OutlineEntry
from ..layout.records import Line, PageLayout
from ..layout.typography import BodyStyle
from .contents import ContentsSettings, contents_entries, headings_from_contents
from .headings import HeadingSettings, heading_line_count, headings_from_outline, headings_from_typography
from .kinds import classify
from .records import Heading, Section

MIN_OUTLINE = 3  # fewer bookmarks than this is no table of contents
DEFAULT_HEADINGS, DEFAULT_CONTENTS = HeadingSettings(), ContentsSettings()


def cover_pages(layouts: Sequence[PageLayout]) -> set[int]:
    """The first page is a cover when it holds little text."""
    if layouts and len(layouts) > 2 and sum(len(ln.text) for ln in layouts[0].lines) < 400:
        return {layouts[0].number}
    return set()


def find_headings(flow: Sequence[Line], outline: Sequence[OutlineEntry], layouts: Sequence[PageLayout],
                  body: BodyStyle, headings: HeadingSettings = DEFAULT_HEADINGS,
                  contents: ContentsSettings = DEFAULT_CONTENTS) -> list[Heading]:
    """The headings of the flow: from the PDF outline when it has one, else from typography
    plus the entries of a contents page that typography missed."""
    if len(outline) >= MIN_OUTLINE:
        return headings_from_outline(outline, flow)
    found = headings_from_typography(flow, cover_pages(layouts), headings, body)
    return found + headings_from_contents(contents_entries(flow, contents), flow, found)


def _kind(title: str, level: int, parent_kind: str | None, kinds: dict) -> str:
    kind = classify(title, kinds)
    if kind == "other" and parent_kind in ("appendix", "partner_statements", "learning_reviews", "finance"):
        return parent_kind  # a subsection inherits what kind of chapter it sits in
    return kind


def build_sections(flow: Sequence[Line], headings: Sequence[Heading], kinds: dict,
                   n_pages: int, cover_title: str = "") -> list[Section]:
    heads = sorted(headings, key=lambda h: h.flow_index)
    sections: list[Section] = []
    if not flow:
        return sections
    first = heads[0].flow_index if heads else len(flow)
    # the cover: whatever stands before the first heading
    if first > 0:
        pre = flow[:first]
        title = cover_title or pre[0].text
        sections.append(Section(index=0, parent=None, level=1, number=None, title=title, kind="cover",
                                page_start=pre[0].page, page_end=pre[-1].page,
                                text="\n".join(ln.text for ln in pre), top=pre[0].top))
    stack: list[Section] = []
    raw: list[tuple[Heading, int, int]] = []  # heading, first text line, end (exclusive)
    for k, h in enumerate(heads):
        start = h.flow_index + heading_line_count(h, flow)
        end = heads[k + 1].flow_index if k + 1 < len(heads) else len(flow)
        raw.append((h, min(start, end), end))
    base = len(sections)
    for k, (h, start, end) in enumerate(raw):
        while stack and stack[-1].level >= h.level:
            stack.pop()
        parent = stack[-1] if stack else None
        body = flow[start:end]
        # page_end: the last page before the next heading at this level or above
        stop = len(flow)
        for h2, _, _ in raw[k + 1:]:
            if h2.level <= h.level:
                stop = h2.flow_index
                break
        last_page = flow[stop - 1].page if stop > h.flow_index else h.page
        sec = Section(index=base + k, parent=parent.index if parent else None, level=h.level,
                      number=h.number, title=h.title,
                      kind=_kind(h.title, h.level, parent.kind if parent else None, kinds),
                      page_start=h.page, page_end=max(h.page, last_page),
                      text="\n".join(ln.text for ln in body), top=h.top)
        sections.append(sec)
        stack.append(sec)
    return sections
