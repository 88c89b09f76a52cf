"""Literal anchors of a regex: a cheap, exact test that a text cannot match it.

Most of the extractors' regexes (metric phrasings, partner names and name shapes) are run
over every line or block, and most texts hold none of their fixed words. `anchors(rx)` reads
the compiled pattern's parse tree and returns strings of which one at least must occur in
any text the pattern matches (a run of literal characters every match contains, or one run per
branch of a mandatory alternation); `Prefilter.possible(text)` tests that with `in`, which is
far cheaper than the regex engine trying the pattern at every position. It is a necessary
condition only, so a text that passes still goes through the regex: the matches are the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C  # type: ignore
    import sre_parse as P  # type: ignore


REPEATS = tuple(getattr(C, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(C, n))
ATOMIC = getattr(C, "ATOMIC_GROUP", None)


@dataclass(frozen=True)
class Anchor:
    """Strings one of which every match contains; `fold`: compare lower-cased (an IGNORECASE pattern)."""
    strings: frozenset[str]
    fold: bool


def _best(cands: list[tuple[str, ...] | None]) -> tuple[str, ...] | None:
    """The most selective candidate: the longest shortest string, then the fewest strings."""
    kept = [c for c in cands if c and min(map(len, c)) >= 2]
    return max(kept, key=lambda c: (min(map(len, c)), -len(c)), default=None)


def _seq(items) -> tuple[str, ...] | None:
    """Anchors of a sequence of parse items (every item must match, in order)."""
    cands: list[tuple[str, ...] | None] = []  # None: an item with no anchor (dropped by _best)
    run: list[str] = []

    def close():
        if run:
            cands.append(("".join(run),))
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        close()
        if op is C.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            if not add_flags and not del_flags:  # a scoped flag changes how its literals compare
                cands.append(_seq(sub))
        elif op is C.BRANCH:
            alts = [_seq(a) for a in av[1]]
            if all(alts):
                cands.append(tuple(sorted({s for a in alts if a for s in a})))
        elif op in REPEATS:
            lo, _, sub = av
            if lo >= 1:
                cands.append(_seq(sub))
        elif op is ATOMIC:
            cands.append(_seq(av))
    close()
    return _best(cands)


@lru_cache(maxsize=None)
def anchors(rx: re.Pattern) -> Anchor | None:
    """The literal anchors of a compiled pattern, or None when it has none worth testing."""
    if rx.flags & re.VERBOSE or not isinstance(rx.pattern, str):
        return None
    try:
        tree = P.parse(rx.pattern, rx.flags)
    except Exception:  # never fail a pattern that compiled: just no prefilter
        return None
    fold = bool(tree.state.flags & re.IGNORECASE)
    best = _seq(list(tree))
    if best is None or (fold and not all(s.isascii() for s in best)):
        return None  # (a non-ASCII letter can match an ASCII one under IGNORECASE: no prefilter)
    return Anchor(frozenset(s.lower() for s in best) if fold else frozenset(best), fold)


def _caseless_safe(text: str) -> bool:
    """Whether lower-casing `text` keeps every case-insensitive match: no cased non-ASCII letter
    (the Kelvin sign, a long s or a dotted I match ASCII letters under IGNORECASE)."""
    return text.isascii() or not any(c.lower() != c.upper() for c in set(text) if ord(c) > 127)


class Prefilter:
    """The anchors of many patterns, tested together: each distinct anchor string is looked for
    once per text, and only the patterns holding a string that is there are kept."""

    def __init__(self, patterns: list[re.Pattern]):
        self.anchors = [anchors(rx) for rx in patterns]
        self.base = [a is None for a in self.anchors]  # no anchor: always run
        self.folding = [i for i, a in enumerate(self.anchors) if a is not None and a.fold]
        self.exact: dict[str, list[int]] = {}  # anchor string -> the patterns it stands for
        self.folded: dict[str, list[int]] = {}
        for i, a in enumerate(self.anchors):
            if a is None:
                continue
            for s in sorted(a.strings):
                (self.folded if a.fold else self.exact).setdefault(s, []).append(i)

    def possible(self, text: str) -> list[bool]:
        """For each pattern, in order: False only when it cannot match `text`."""
        out = self.base.copy()
        for s, idx in self.exact.items():
            if s in text:
                for i in idx:
                    out[i] = True
        if self.folded:
            if _caseless_safe(text):
                low = text.lower()
                for s, idx in self.folded.items():
                    if s in low:
                        for i in idx:
                            out[i] = True
            else:  # lower-casing could lose a match: the case-insensitive patterns all run
                for i in self.folding:
                    out[i] = True
        return out
