"""Ruling lines as merged horizontal and vertical segments.

Word-processor exports draw each cell border separately (and often twice), so
collinear pieces that touch are merged into one line before the grid is read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from ...ingest.records import Rule
from .settings import TableSettings


@dataclass(frozen=True, slots=True)
class Seg:
    """An axis-parallel line: `at` is its y (horizontal) or x (vertical); lo..hi its extent."""
    at: float
    lo: float
    hi: float

    def covers(self, v: float, tol: float) -> bool:
        return self.lo - tol <= v <= self.hi + tol


def merge_segments(segs: Iterable[Seg], s: TableSettings) -> list[Seg]:
    """Collinear segments within `snap` of each other whose extents touch become one."""
    out: list[Seg] = []
    for seg in sorted(segs, key=lambda g: (g.at, g.lo)):
        out.append(seg)
    # group by coordinate, then merge extents inside each group
    groups: list[list[Seg]] = []
    for seg in out:
        if groups and seg.at - groups[-1][-1].at <= s.snap:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    merged: list[Seg] = []
    for g in groups:
        at = sum(x.at for x in g) / len(g)
        runs: list[list[float]] = []
        for x in sorted(g, key=lambda x: x.lo):
            if runs and x.lo <= runs[-1][1] + s.join_gap:
                runs[-1][1] = max(runs[-1][1], x.hi)
            else:
                runs.append([x.lo, x.hi])
        merged += [Seg(at, lo, hi) for lo, hi in runs]
    return merged


def split_rules(rules: Sequence[Rule], s: TableSettings) -> tuple[list[Seg], list[Seg]]:
    """(horizontal, vertical) merged segments; dots and thick bars are dropped."""
    hs, vs = [], []
    for r in rules:
        w, h = r.x1 - r.x0, r.bottom - r.top
        if h <= s.max_rule_width and w > s.max_rule_width:
            hs.append(Seg((r.top + r.bottom) / 2, r.x0, r.x1))
        elif w <= s.max_rule_width and h > s.max_rule_width:
            vs.append(Seg((r.x0 + r.x1) / 2, r.top, r.bottom))
    return merge_segments(hs, s), merge_segments(vs, s)


def cluster(values: Iterable[float], tol: float) -> list[float]:
    """Sorted values with near-equal ones (a chain within `tol`) replaced by their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        by: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            by.setdefault(self.find(i), []).append(i)
        return list(by.values())
