"""Tunable thresholds of table detection, in points or multiples of the font size."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSettings:
    snap: float = 2.0  # rules this close (pt) are the same line
    join_gap: float = 3.0  # collinear rules with a smaller gap are one line
    max_rule_width: float = 3.0  # a rule thicker than this is not a ruling line
    cell_gap: float = 1.2  # x font size: a wider gap between words separates cells
    min_channel: float = 4.0  # pt: narrowest whitespace channel between two columns
    min_rows: int = 2  # a table has at least this many rows ...
    min_cols: int = 2  # ... and columns
    stripe_align: float = 2.0  # pt: zebra stripes of one table share their x extent
    max_caption_words: int = 20
    margin: float = 0.08  # share of the page height at top and bottom: running headers/footers
    unruled_min_rows: int = 3  # rows of a table found from whitespace alone (no rules, no stripes)
