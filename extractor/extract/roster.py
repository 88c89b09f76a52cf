"""Rosters: tables that list members (attendance, membership). Which column names the person and
which the agency/role is decided per table, not per cell: a header naming people ("Name", "Member")
and, above all, how many cells of a column look like a person's name (name shape, honorific, no
organisation words). A cell such as "District Councils" next to "Kevin Dicks" is then read the right way
round even when both are capitalised pairs."""
from __future__ import annotations

import re
from typing import Sequence

from .common import ws

PAREN = re.compile(r"\s*\((?:[^()]*)\)\s*$")
TRAIL = re.compile(r"[\s*†‡,;:]+$")
NUMERIC = re.compile(r"^[\d\s,.%/£()✓✔√✗✘xX-]*$")
DATE = re.compile(r"^(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+"
                  r"(?:19|20)\d\d$|^\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d\d$", re.I)


def clean_person(text: str) -> str:
    """A name cell without its trailing notes: "Jo Bloggs (deputising for ...)" -> "Jo Bloggs"."""
    t = ws(text)
    for _ in range(2):
        t = TRAIL.sub("", PAREN.sub("", t))
    return t


def person_like(text: str, ctx, lenient: bool = False) -> bool:
    """The cell reads as a person's name (the people rules decide name shape and non-name words);
    `lenient` once the column is known to hold names."""
    t = clean_person(text)
    return bool(t) and ctx.is_name(t, lenient=lenient)


def _is_text(c: str) -> bool:
    """A cell of words: not a number, a tick or a date ("June 2017" in a revision history is no role)."""
    return bool(c) and not NUMERIC.match(c) and not DATE.match(c)


def share(rows: Sequence[Sequence[str]], j: int, ctx) -> float:
    """The share of a column's text cells that read as a person's name."""
    vals = [ws(r[j]) for r in rows if j < len(r) and _is_text(ws(r[j]))]
    return sum(person_like(v, ctx) for v in vals) / len(vals) if vals else 0.0


def columns(rows: Sequence[Sequence[str]], header: Sequence[Sequence[str]], ctx, head_re: re.Pattern | None = None,
            min_share: float = 0.5) -> tuple[int, int | None] | None:
    """(person column, agency/role column or None) of a roster table, or None when no column holds
    mostly people. The agency column is the nearest text column before the person column, else after."""
    if not rows:
        return None
    n = max(len(r) for r in rows)
    best, best_score = None, 0.0
    for j in range(n):
        vals = [ws(r[j]) for r in rows if j < len(r) and _is_text(ws(r[j]))]
        if len(vals) < 2:
            continue
        share = sum(person_like(v, ctx) for v in vals) / len(vals)
        named = any(head_re is not None and j < len(h) and head_re.search(ws(h[j])) for h in header)
        score = share + (0.25 if named else 0.0)
        if share >= min_share * (0.6 if named else 1.0) and score > best_score:
            best, best_score = j, score
    if best is None:
        return None
    texty = [j for j in range(n) if j != best
             and sum(1 for r in rows if j < len(r) and _is_text(ws(r[j]))) >= max(2, len(rows) // 3)]
    before = [j for j in texty if j < best]
    after = [j for j in texty if j > best]
    # a column after the people is theirs only right beside them (not a description beyond a number column)
    agency = before[-1] if before else (after[0] if after and after[0] == best + 1 else None)
    return best, agency


def fill_down(row: Sequence[str], cols: list[int], above: dict[int, str]) -> tuple[str, ...]:
    """A roster row with its empty agency/role cells filled from the rows above: a cell merged over
    several rows (an agency heading row, then its people with the cell empty) is empty in all but the
    first. `above` keeps each column's last text across the table's rows."""
    out = list(row)
    for j in cols:
        text = ws(out[j]) if j < len(out) else ""
        if _is_text(text):
            above[j] = text
        elif j < len(out) and j in above:
            out[j] = above[j]
    return tuple(out)
