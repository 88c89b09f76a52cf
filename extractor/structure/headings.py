"""Find headings in the line flow: from the PDF outline when it has one,
otherwise from typography (size, weight, colour against the body text) and
numbering (`1.`, `2.2`, `Chapter 3:`, `Section 2.`, `Appendix B`).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import AbstractSet, Sequence

from rapidfuzz import fuzz

from ..ingest.records import OutlineEntry
from ..layout.records import Line
from ..layout.typography import BodyStyle, body_style
from .records import Heading

NUMBERED = re.compile(
    r"^(?:(?P<word>chapter|section|part|appendix|annex|priority)\s+(?P<wnum>[0-9]+|[a-z]|[ivx]+)\b[.:)]?"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})[.)]?(?=\s))\s*", re.I)
SENTENCE_END = re.compile(r"[.;,]$")


@dataclass(frozen=True)
class HeadingSettings:
    min_size_gain: float = 0.8  # points above the body size that make a line a heading
    max_words: int = 18
    max_level: int = 3
    merge_gap: float = 0.8  # x size: wrapped heading lines closer than this are one heading


def split_number(title: str) -> tuple[str | None, str]:
    """('2.2', 'Title') for '2.2 Title'; ('Chapter 3', ...) style numbers keep their word."""
    m = NUMBERED.match(title)
    if not m:
        return None, title
    if m.group("num"):
        rest = title[m.end():].strip()
        return (m.group("num"), rest) if rest else (None, title)
    return None, title  # 'Chapter 3: X' keeps its words: the gold and readers use the full form


def _is_candidate(ln: Line, body: tuple[float, bool, str], s: HeadingSettings) -> bool:
    size, bold, color = ln.style
    text = ln.text.strip()
    if not text or len(text.split()) > s.max_words or not re.match(r"[\w(‘'\"“]", text):
        return False
    if sum(c.isalpha() for c in text) < 2:
        return False
    bigger = size >= body[0] + s.min_size_gain
    return bigger or (_emphasised(ln, body) and not SENTENCE_END.search(text))


def _emphasised(ln: Line, body: tuple[float, bool, str]) -> bool:
    """Body-size text set apart by weight or by colour alone (house styles that colour their
    minor headings instead of bolding them)."""
    size, bold, color = ln.style
    if size < body[0] - 0.3:
        return False
    return (bold and not body[1]) or (bool(color) and bool(body[2]) and color != body[2])


def _heading_shaped(group: list[Line], body: tuple[float, bool, str], s: HeadingSettings) -> bool:
    """A wrapped run is a heading only while it stays short; emphasised body-size text that
    runs on for lines (call-outs, bold lead-in paragraphs) is not a heading."""
    words = sum(len(ln.text.split()) for ln in group)
    if words > s.max_words * 1.5 or _quotation(group):
        return False
    bigger = group[0].size >= body[0] + s.min_size_gain
    return bigger or (len(group) <= 2 and not SENTENCE_END.search(group[-1].text.strip()))


QUOTED = re.compile(r"^[\"“‘'].{12,}[\"”’'][.!?,]?$", re.S)


def _quotation(group: list[Line]) -> bool:
    """A pull quote -- large display type, but a quoted sentence from the text -- is no heading."""
    text = " ".join(ln.text.strip() for ln in group)
    return len(text.split()) >= 5 and bool(QUOTED.match(text))


def _inside_block(i: int, n: int, flow: Sequence[Line], body: tuple[float, bool, str], s: HeadingSettings) -> bool:
    """Body-size emphasised lines run on into (or on from) more lines of their style: a
    call-out or bold paragraph whose other lines end in punctuation, not a heading."""
    first, last = flow[i], flow[i + n - 1]
    if first.size >= body[0] + s.min_size_gain:
        return False
    for j, edge, below in ((i + n, last, True), (i - 1, first, False)):
        if 0 <= j < len(flow):
            ln = flow[j]
            gap = ln.top - edge.bottom if below else edge.top - ln.bottom
            if (ln.page == edge.page and ln.style == edge.style and 0 <= gap <= s.merge_gap * ln.size
                    and abs(ln.x0 - edge.x0) < 3 * ln.size):
                return True
    return False


def _merge_wrapped(cands: list[tuple[int, Line]], flow: Sequence[Line],
                   s: HeadingSettings) -> list[tuple[int, list[Line]]]:
    """Consecutive candidate lines of one style directly below each other are one heading."""
    out: list[tuple[int, list[Line]]] = []
    for i, ln in cands:
        if out:
            j, group = out[-1]
            last = group[-1]
            if (j + len(group) == i and last.page == ln.page and last.style == ln.style
                    and 0 <= ln.top - last.bottom <= s.merge_gap * ln.size and abs(ln.x0 - group[0].x0) < 3 * ln.size):
                group.append(ln)
                continue
        out.append((i, [ln]))
    for i, group in out:  # a wrapped heading's last line may be no candidate alone ('2019-20')
        j = i + len(group)
        if j < len(flow) and all(j != k for k, _ in out):
            last, ln = group[-1], flow[j]
            if (ln.page == last.page and ln.style == last.style and ln.n_words <= 3
                    and 0 <= ln.top - last.bottom <= s.merge_gap * ln.size and abs(ln.x0 - group[0].x0) < 3 * ln.size):
                group.append(ln)
    return out


def _levels(groups: list[tuple[int, list[Line]]], s: HeadingSettings) -> dict[tuple, int]:
    """Heading styles ranked by size then weight; rare styles join the nearest common one."""
    counts = Counter(g[0].style for _, g in groups)
    common = sorted({st for st, n in counts.items() if n >= 2} or set(counts), key=lambda st: (-st[0], not st[1]))
    rank: dict[tuple, int] = {}
    level, prev = 0, None
    for st in common:
        key = (round(st[0] * 2) / 2, st[1])
        if key != prev:
            level += 1
            prev = key
        rank[st] = min(level, s.max_level)
    smallest = min(st[0] for st in common)
    for st in counts:
        if st in rank:
            continue
        if st[0] < smallest - 0.25:  # below every common style: one level deeper
            rank[st] = min(level + 1, s.max_level)
        else:  # between common styles: a variant of the nearest one
            nearest = min(common, key=lambda c: (abs(c[0] - st[0]), c[1] != st[1]))
            rank[st] = rank[nearest]
    return rank


def _deepen(level: int, number: str | None, s: HeadingSettings) -> int:
    """A dotted number deeper than the style's level wins: '2.1' under '2.' in one type style."""
    depth = len(number.split(".")) if number else 0
    return min(max(level, depth), s.max_level)


def headings_from_typography(flow: Sequence[Line], cover_pages: AbstractSet[int] = frozenset(),
                             s: HeadingSettings = HeadingSettings(), body: BodyStyle | None = None) -> list[Heading]:
    """`body`: the running text's style (doc.body), measured on `flow` when not given."""
    body = body if body is not None else body_style(flow)
    cands = [(i, ln) for i, ln in enumerate(flow) if ln.page not in cover_pages and _is_candidate(ln, body, s)]
    groups = [g for g in _merge_wrapped(cands, flow, s)
              if _heading_shaped(g[1], body, s) and not _inside_block(g[0], len(g[1]), flow, body, s)]
    if not groups:
        return []
    rank = _levels(groups, s)
    out = []
    for i, group in groups:
        title = " ".join(ln.text.strip() for ln in group)
        number, _ = split_number(title)
        level = _deepen(rank[group[0].style], number, s)
        out.append(Heading(title=title, level=level, page=group[0].page, top=group[0].top,
                           number=number, flow_index=i))
    return out


def headings_from_outline(outline: Sequence[OutlineEntry], flow: Sequence[Line]) -> list[Heading]:
    """Place each bookmark on the line(s) it points at, so section text can be cut there."""
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(flow):
        by_page.setdefault(ln.page, []).append(i)
    out = []
    for e in outline:
        idxs = by_page.get(e.page, [])
        best, best_score = None, 0.0
        for i in idxs:
            ln = flow[i]
            text = ln.text
            if len(text) < len(e.title) and i + 1 < len(flow):
                text = text + " " + flow[i + 1].text
            sc = fuzz.partial_ratio(e.title.lower(), text.lower()[: len(e.title) + 10])
            if e.top is not None:
                sc -= min(20.0, abs(ln.top - e.top) / 20)
            if sc > best_score:
                best, best_score = i, sc
        if best is not None and best_score >= 70:
            ln = flow[best]
            index, top = best, ln.top
        else:  # not found in the flow (e.g. a heading drawn as an image): keep the bookmark
            index = idxs[0] if idxs else _first_index_after(flow, e.page)
            top = e.top or 0.0
        number, _ = split_number(e.title)
        out.append(Heading(title=e.title, level=e.level, page=e.page, top=top, number=number, flow_index=index))
    return out


def _first_index_after(flow: Sequence[Line], page: int) -> int:
    for i, ln in enumerate(flow):
        if ln.page >= page:
            return i
    return len(flow)


def heading_line_count(h: Heading, flow: Sequence[Line]) -> int:
    """How many flow lines the heading's own text occupies (wrapped headings)."""
    n, seen = 0, 0
    words = h.title.split()
    while h.flow_index + n < len(flow) and seen < len(words):
        ln = flow[h.flow_index + n]
        if ln.page != h.page:
            break
        seen += len(ln.text.split())
        n += 1
    return max(n, 1)
