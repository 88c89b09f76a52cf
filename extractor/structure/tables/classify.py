"""The kind of a table, from the words of its caption and header cells.

The vocabularies are data (rules/table_kinds.yml): kind -> keywords/phrases.
"""
from __future__ import annotations

import re
from typing import Mapping, Sequence

from ..records import Table


def _text(table: Table) -> str:
    head = table.rows[: max(table.header_rows, 1)]
    cells = " | ".join(c for r in head for c in r)
    return " ".join(f"{table.caption} | {cells}".lower().split())


def classify_table(table: Table, kinds: Mapping[str, Sequence[str]]) -> str:
    """The kind whose keywords hit the caption + header text most often; 'other' if none."""
    text = _text(table)
    best, score = "other", 0
    for kind, words in kinds.items():
        n = sum(1 for k in words if re.search(r"(?<!\w)" + re.escape(k.lower()) + r"(?!\w)", text))
        if n > score:
            best, score = kind, n
    return best
