"""Layout records: text lines in reading order, with their page and typography."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """A run of words on one baseline, not crossing a column gutter or a wide gap."""
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # dominant font size (by characters)
    bold: bool
    color: str
    n_words: int

    @property
    def style(self) -> tuple[float, bool, str]:
        return (round(self.size, 1), self.bold, self.color)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class PageLayout:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]  # reading order, running furniture removed
    n_columns: int
    has_text: bool
    n_images: int
