"""The report's own contents page as a heading signal (when there is no outline).

A contents page is a page near the front where many lines end in dot leaders
or a page number. Each entry's title, found later in the flow as a line of its
own and in contents order, is a heading; its level is the entry's indentation
rank. Typography finds most headings; this recovers those set in body type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..layout.records import Line
from .headings import split_number
from .records import Heading

LEADER = re.compile(r"\s*(?:\.\s?){4,}\s*\d{0,4}\s*$|\s*…+\s*\d{0,4}\s*$|\s+\d{1,3}\s*$")


@dataclass(frozen=True)
class ContentsSettings:
    max_page: int = 6  # the contents page stands among the first pages
    min_entries: int = 4
    indent_tolerance: float = 4.0  # points: entries this close in x share a level


@dataclass(frozen=True, slots=True)
class Entry:
    title: str
    level: int
    flow_index: int


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def contents_entries(flow: Sequence[Line], s: ContentsSettings = ContentsSettings()) -> list[Entry]:
    """Entries of the first contents page (titles without leaders and page numbers)."""
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(flow):
        if ln.page <= s.max_page and LEADER.search(ln.text) and re.search(r"[A-Za-z]{2}", ln.text):
            by_page.setdefault(ln.page, []).append(i)
    pages = sorted(p for p, idx in by_page.items() if len(idx) >= s.min_entries)
    if not pages:
        return []
    idx = [i for p in pages[:2] for i in by_page[p]]  # a contents list may run over two pages
    xs = sorted({round(flow[i].x0) for i in idx})
    ranks: list[float] = []
    for x in xs:
        if not ranks or x - ranks[-1] > s.indent_tolerance:
            ranks.append(x)
    entry_set = set(idx)
    out = []
    for i in idx:
        title = LEADER.sub("", flow[i].text).strip()
        prev = flow[i - 1] if i > 0 else None
        if (prev is not None and i - 1 not in entry_set and prev.page == flow[i].page
                and 0 <= flow[i].top - prev.bottom < 0.6 * prev.size and abs(prev.x0 - flow[i].x0) < 30):
            title = f"{prev.text.strip()} {title}"  # an entry wrapped over two lines
        level = 1 + max(k for k, x in enumerate(ranks) if flow[i].x0 >= x - s.indent_tolerance)
        if title:
            out.append(Entry(title=title, level=min(level, 3), flow_index=i))
    return out


def _find(title: str, flow: Sequence[Line], start: int, limit: int = 400) -> tuple[int, int] | None:
    """(index, n lines) of the first line(s) from `start` that read exactly `title`."""
    want = _fold(title)
    for i in range(start, min(len(flow), start + limit)):
        have = _fold(flow[i].text)
        if have == want:
            return i, 1
        if have and want.startswith(have + " ") and i + 1 < len(flow):
            if _fold(flow[i].text + " " + flow[i + 1].text) == want:
                return i, 2
    return None


def headings_from_contents(entries: Sequence[Entry], flow: Sequence[Line],
                           found: Sequence[Heading]) -> list[Heading]:
    """Headings the contents page names that typography missed, in contents order."""
    if not entries:
        return []
    known = {_fold(h.title): h for h in found}
    # the level typography gave the entries it also found, per indentation level
    learnt: dict[int, int] = {}
    for e in entries:
        h = known.get(_fold(e.title))
        if h is not None:
            learnt.setdefault(e.level, h.level)
    pos = entries[-1].flow_index + 1
    out = []
    for e in entries:
        h = known.get(_fold(e.title))
        if h is not None:
            pos = max(pos, h.flow_index + 1)
            continue
        hit = _find(e.title, flow, pos)
        if hit is None:
            continue
        i, _ = hit
        if any(i - 1 <= h.flow_index <= i + 2 for h in found):
            pos = i + 1  # typography has this heading already (wrapped or worded a little differently)
            continue
        number, _ = split_number(e.title)
        out.append(Heading(title=e.title, level=learnt.get(e.level, e.level), page=flow[i].page,
                           top=flow[i].top, number=number, flow_index=i))
        pos = i + 1
    return out
