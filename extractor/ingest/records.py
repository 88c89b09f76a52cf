"""Plain records of what a PDF page holds; coordinates in points, top-left origin."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str
    size: float
    bold: bool
    color: str  # hex of the fill colour, '' when unknown
    ocr: bool = False  # read by OCR from the page image (no text layer)
    confidence: float = 1.0  # OCR recognition score of the word's line; 1.0 for the text layer

    @property
    def style(self) -> tuple[float, bool, str]:
        return (round(self.size, 1), self.bold, self.color)


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line (a stroked line or a thin rectangle)."""
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(frozen=True, slots=True)
class Box:
    """A filled rectangle (shading, banners, zebra stripes)."""
    x0: float
    top: float
    x1: float
    bottom: float
    fill: str


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # physical, 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[Rule, ...]
    boxes: tuple[Box, ...]
    n_images: int = 0
    n_chars: int = 0
    error: str = ""  # why the page could not be read ('' when it was)
    undecodable: bool = False  # a text layer of glyph codes with no characters: needs OCR


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    level: int
    title: str
    page: int  # physical, 1-based
    top: float | None  # y from the top of the page, when the destination gives one


@dataclass(frozen=True, slots=True)
class Source:
    path: str
    sha256: str
    n_pages: int
    title: str
    outline: tuple[OutlineEntry, ...] = field(default=())

    @property
    def report_id(self) -> str:
        return self.sha256[:12]
