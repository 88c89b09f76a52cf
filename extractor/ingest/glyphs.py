"""Word text as a reader sees it, whatever glyph tricks the typesetter used.

Ligature glyphs (U+FB00-FB06: 'ﬁ', 'ﬂ'...) are spelt out, so 'ﬁnance' matches 'finance'.
Letter-spaced (tracked) display type -- 'C O N T E N T S' -- comes out of pdfplumber as one
word per letter, because the tracking exceeds its gap tolerance; runs of single letters set at
one even spacing, much tighter than the gaps between the words, are joined back into words.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from .records import Word

LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                           "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
MAX_TRACK = 0.6  # x font size: a wider gap between single letters is a word space
MIN_RUN = 3  # single letters in a row before tracking is believed


def spell_out(text: str) -> str:
    return text.translate(LIGATURES)


def _same_row(a: Word, b: Word) -> bool:
    return abs(a.top - b.top) < 0.3 * a.size and abs(a.size - b.size) < 0.5


def _runs(words: Sequence[Word]) -> list[list[Word]]:
    """Consecutive single-character words on one row, closer than MAX_TRACK x size."""
    runs: list[list[Word]] = []
    for w in words:
        if runs and len(w.text) == 1 and len(runs[-1][-1].text) == 1 and _same_row(runs[-1][-1], w) \
                and 0 <= w.x0 - runs[-1][-1].x1 < MAX_TRACK * w.size:
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _even(run: Sequence[Word], track: float) -> bool:
    gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])]
    return all(abs(g - track) <= max(1.0, 0.3 * track) for g in gaps)


def join_tracked(words: Sequence[Word]) -> list[Word]:
    """Words with letter-spaced runs joined; other words untouched (pdfplumber's order kept)."""
    runs = _runs(words)
    tracks: dict[int, float] = {}  # row top -> the spacing of a believable tracked run on it
    for r in runs:
        if len(r) >= MIN_RUN and sum(w.text.isalpha() for w in r) >= 2:
            gap = min(b.x0 - a.x1 for a, b in zip(r, r[1:]))
            if gap > 0.5 and _even(r, gap):
                tracks.setdefault(round(r[0].top), gap)
    if not tracks:
        return list(words)
    out: list[Word] = []
    for r in runs:
        track = tracks.get(round(r[0].top))
        if len(r) >= 2 and track is not None and _even(r, track):  # 'A .' beside 'APPENDIX' joins too
            out.append(replace(r[0], text="".join(w.text for w in r), x1=r[-1].x1,
                               bottom=max(w.bottom for w in r)))
        else:
            out.extend(r)
    return out
