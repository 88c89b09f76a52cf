"""Tables: found on each page (ruled grids, zebra-striped or whitespace-aligned
blocks), joined across page breaks, and classified by their vocabulary."""
from __future__ import annotations

from dataclasses import replace

from ...ingest.records import Page
from ..records import TableFragment
from .aligned import aligned_fragments
from .cells import body_style, find_caption
from .classify import classify_table
from .join import join_fragments
from .ruled import ruled_fragments
from .settings import TableSettings
from .unruled import stripe_fragments

__all__ = ["TableSettings", "find_fragments", "join_fragments", "classify_table"]


def _inside(w, f: TableFragment, pad: float = 1.0) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return f.x0 - pad <= cx <= f.x1 + pad and f.top - pad <= cy <= f.bottom + pad


def find_fragments(page: Page, settings: TableSettings = TableSettings()) -> list[TableFragment]:  # noqa: B008 (frozen)
    """Every table on one page, top to bottom, each with its caption and header row count."""
    s = settings
    found = ruled_fragments(page, s)
    free = [w for w in page.words if not any(_inside(w, f) for f in found)]
    for f in stripe_fragments(page, free, s):
        if not any(_overlap(f, g) for g in found):
            found.append(f)
    free = [w for w in page.words if not any(_inside(w, f) for f in found)]
    for f in aligned_fragments(page, free, s):
        if not any(_overlap(f, g) for g in found):
            found.append(f)
    free = [w for w in page.words if not any(_inside(w, f) for f in found)]
    body = body_style(page.words)
    out = []
    for f in sorted(found, key=lambda f: (f.top, f.x0)):
        out.append(replace(f, caption=find_caption(free, f.x0, f.x1, f.top, body, s, page.height)))
    return out


def _overlap(a: TableFragment, b: TableFragment) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 1 and min(a.bottom, b.bottom) - max(a.top, b.top) > 1
