"""Running headers, footers and page numbers, found by repetition and position.

A line in the top or bottom margin band whose text (digits folded to '#')
recurs at about the same height on many pages is page furniture, whatever it
says. No list of strings is involved, so any house style's furniture is found.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from .records import Line

DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class FurnitureSettings:
    band: float = 0.11  # share of the page height at top and bottom
    min_pages: int = 3
    min_share: float = 0.25  # of the pages that have any text
    y_tolerance: float = 12.0  # points


def _key(line: Line, fold_up_to: int = 5) -> str:
    """Digits fold to '#' only in short lines ('Page 3 of 29', '- 3 -'): a longer line must
    repeat word for word, so chapter headings that open every page are not furniture."""
    text = re.sub(r"\s+", " ", line.text.strip().lower())
    return DIGITS.sub("#", text) if len(text.split()) <= fold_up_to else text


def in_band(line: Line, height: float, s: FurnitureSettings) -> bool:
    return line.top < s.band * height or line.bottom > (1 - s.band) * height


def find_furniture(pages: Sequence[tuple[float, Sequence[Line]]],
                   settings: FurnitureSettings = FurnitureSettings()) -> set[tuple[int, float, str]]:
    """(page, top, text) of every furniture line; pages = [(page height, lines)]."""
    by_key: dict[tuple[str, bool], list[Line]] = defaultdict(list)
    n_text_pages = 0
    for height, lines in pages:
        if lines:
            n_text_pages += 1
        for ln in lines:
            if in_band(ln, height, settings):
                by_key[(_key(ln), ln.top < height / 2)].append(ln)
    need = max(settings.min_pages, settings.min_share * n_text_pages)
    out: set[tuple[int, float, str]] = set()
    for _, lines in by_key.items():
        # cluster by height on the page; a key recurring at one height is furniture
        lines = sorted(lines, key=lambda ln: ln.top)
        cluster: list[Line] = []
        for nxt in [*lines, None]:
            if nxt is not None and (not cluster or nxt.top - cluster[-1].top <= settings.y_tolerance):
                cluster.append(nxt)
                continue
            if len({c.page for c in cluster}) >= need:
                out.update((c.page, c.top, c.text) for c in cluster)
            cluster = [nxt] if nxt is not None else []
    return out
