"""OCR for pages without a text layer: a page image -> the same positioned Words as ingest.

rapidocr-onnxruntime (optional extra `ocr`; its detection and recognition models ship in
the wheel, nothing is downloaded) finds text lines and the position of each character.
Those become Words (`ocr=True`, `confidence` = the line's recognition score) whose
typography is measured on the image, so layout and headings work as on a text page:
size from the line's x-height (ascenders and descenders do not change it), weight from
stroke thickness against the page's median, colour from the darkest ink.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from .records import Rule, Word

SCALE = 1.5  # the recogniser reads 108 dpi: it keeps word spaces here (at 2x it drops many)
MEASURE = 2  # type is measured on a rendering this many times finer
X_HEIGHT = 0.50  # x-height as a share of the font size (Latin text faces: 0.45..0.55, so sizes are +-10%)
MIN_GAP = 6.0  # pixels of the measuring rendering: small type has letter gaps of up to four
SPACE_GAP = 0.45  # x x-height: a blank column this wide inside a recognised word is a space it missed
BOLD_GAIN = 1.3  # stroke thicker than this x the page median: bold
SIZE_STEP = 0.5  # points: measured sizes are rounded to this grid
X_LETTERS = set("acemnorsuvwxz")  # no ascender, no descender: their ink spans the x-height
MIN_X_LETTERS = 3  # fewer in a line: measure on all its letters
SNAP = 0.07  # sizes this close (share of the size) to a size set in more characters are that size
INK = 0.55  # a pixel darker than this share of the local background is ink
FONT = "OCR"
RULE_MIN = 20.0  # points: a run of ink at least this long and
RULE_THICK = 3.0  # at most this thick (points) is a ruling line
RULE_INK = 200  # grey level under which a pixel may belong to a (grey) ruling line


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One recognised line: text, score and, per non-space character, its x-range in pixels."""
    text: str
    score: float
    x0: float
    top: float
    x1: float
    bottom: float
    chars: tuple[tuple[float, float], ...]  # per character (with or without the spaces)


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR
    # upright pages: the angle classifier only costs time
    return RapidOCR(use_cls=False, intra_op_num_threads=1, inter_op_num_threads=1)


def recognise(image: np.ndarray) -> list[OcrLine]:
    """rapidocr over an RGB image: lines with per-character boxes (pixels)."""
    result, _ = _engine()(image, return_word_box=True, use_cls=False)
    out = []
    for item in result or []:
        box, text, score = item[0], item[1], float(item[2])
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        chars = tuple((min(p[0] for p in b), max(p[0] for p in b)) for b in (item[3] if len(item) > 3 else []))
        if text.strip():
            out.append(OcrLine(text.strip(), score, min(xs), min(ys), max(xs), max(ys), chars))
    return out


def render(pdf_path: str, page_number: int, scale: float = SCALE) -> np.ndarray:
    """The page (1-based) as an RGB array, drawn by pdfium."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        bitmap = pdf[page_number - 1].render(scale=scale, rev_byteorder=True)  # RGB(x), not BGR
        return np.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
    finally:
        pdf.close()


def ocr_page(pdf_path: str, page_number: int) -> tuple[Word, ...]:
    """Words of one image-only page, in points from the top-left like ingest's."""
    return read_image_page(pdf_path, page_number)[0]


def read_image_page(pdf_path: str, page_number: int) -> tuple[tuple[Word, ...], tuple[Rule, ...]]:
    """Words and ruling lines of one image-only page, in points from the top-left like
    ingest's. The recogniser reads the page at SCALE; type and lines are measured on a
    rendering MEASURE times finer (x-heights of 8 pixels would make sizes jump by a point)."""
    import cv2

    fine = render(pdf_path, page_number, SCALE * MEASURE)
    coarse = cv2.resize(fine, (round(fine.shape[1] / MEASURE), round(fine.shape[0] / MEASURE)),
                        interpolation=cv2.INTER_AREA)
    lines = [_scaled(ln, fine.shape[1] / coarse.shape[1]) for ln in recognise(coarse)]
    scale = fine.shape[1] / (coarse.shape[1] / SCALE)
    return words_from_lines(lines, fine, scale), rules_from_image(fine, scale)


def rules_from_image(image: np.ndarray, scale: float) -> tuple[Rule, ...]:
    """Ruling lines drawn in the picture (table grids, underlines): long thin runs of ink,
    kept by a morphological opening that letters (shorter than RULE_MIN) do not survive."""
    import cv2

    gray = image.mean(axis=2) if image.ndim == 3 else image
    ink = (gray < RULE_INK).astype(np.uint8)
    length = max(3, int(RULE_MIN * scale))
    out = []
    for kernel, horizontal in ((np.ones((1, length), np.uint8), True), (np.ones((length, 1), np.uint8), False)):
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, w, h, _ in stats[1:n]:
            if (h if horizontal else w) <= RULE_THICK * scale:
                out.append(Rule(float(x) / scale, float(y) / scale, float(x + w) / scale, float(y + h) / scale))
    return tuple(sorted(out, key=lambda r: (r.top, r.x0)))


def _scaled(ln: OcrLine, f: float) -> OcrLine:
    return OcrLine(ln.text, ln.score, ln.x0 * f, ln.top * f, ln.x1 * f, ln.bottom * f,
                   tuple((a * f, b * f) for a, b in ln.chars))


# ---------------------------------------------------------------------------------------------
# pure: recognised lines + the image -> Words


def words_from_lines(lines: Sequence[OcrLine], image: np.ndarray, scale: float) -> tuple[Word, ...]:
    gray = image.astype(np.float32).mean(axis=2) if image.ndim == 3 else image.astype(np.float32)
    measured = [(ln, _measure(ln, gray, image)) for ln in lines]
    strokes = [m.stroke for _, m in measured if m.stroke > 0]
    median_stroke = statistics.median(strokes) if strokes else 0.0
    sizes = [max(SIZE_STEP, round(m.x_height / X_HEIGHT / scale / SIZE_STEP) * SIZE_STEP) for _, m in measured]
    snap = snap_sizes([(sz, len(ln.text)) for sz, (ln, _) in zip(sizes, measured)])
    out: list[Word] = []
    for (ln, m), size in zip(measured, sizes):
        size = snap.get(size, size)
        bold = bool(median_stroke > 0 and m.stroke > BOLD_GAIN * median_stroke)
        base = float(m.baseline) / scale
        top = base - 0.78 * size  # the box pdfminer gives a word: ascent above, descent below
        bottom = base + 0.22 * size
        for text, (x0, x1) in _split_words(ln, m.gaps, m.blanks):
            out.append(Word(text=text, x0=float(x0) / scale, x1=float(x1) / scale, top=top, bottom=bottom, font=FONT,
                            size=float(size), bold=bold, color=m.color, ocr=True, confidence=round(float(ln.score), 4)))
    return tuple(out)


def snap_sizes(sized: Sequence[tuple[float, int]]) -> dict[float, float]:
    """Measured size -> the size it stands for. The x-height of a line moves with its share
    of capitals, so one style reads as sizes up to ~7% apart: the size set in most
    characters takes the sizes within SNAP of it, then the next heaviest of those left..."""
    weight: dict[float, int] = {}
    for size, n in sized:
        weight[size] = weight.get(size, 0) + n
    out: dict[float, float] = {}
    for size in sorted(weight, key=lambda s: (-weight[s], s)):
        if size in out:
            continue
        for other in weight:
            if other not in out and abs(other - size) <= SNAP * size:
                out[other] = size
    return out


def _split_words(ln: OcrLine, gaps: Sequence[float] = (),
                 blanks: Sequence[tuple[float, float]] = ()) -> list[tuple[str, tuple[float, float]]]:
    """The line's words with their x-ranges, edges on the ink (`blanks`: blank column runs)."""
    return [(t, _to_ink(a, b, blanks)) for t, (a, b) in _word_spans(ln, gaps)]


def _to_ink(a: float, b: float, blanks: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The recogniser places characters to a column of its own grid: move a word's edges out
    or in to where its ink starts and ends (the blank runs around the middles of its ends)."""
    if not blanks:
        return a, b
    first_mid, last_mid = (a + min(b, a + 4)) / 2, (max(a, b - 4) + b) / 2
    left = max((e for s, e in blanks if s < first_mid), default=None)
    right = min((s for s, e in blanks if e > last_mid), default=None)
    a2 = left if left is not None and a - left < (b - a) else a
    b2 = right if right is not None and right - b < (b - a) else b
    return (a2, b2) if a2 < b2 else (a, b)


def _word_spans(ln: OcrLine, gaps: Sequence[float] = ()) -> list[tuple[str, tuple[float, float]]]:
    """The line's words with their x-ranges: from the character boxes when there is one per
    non-space character (a word is also split where a blank column of the image, `gaps`,
    falls between two of its characters), else by sharing the line's width out by count."""
    words = ln.text.split()
    n = sum(len(w) for w in words)
    out = []
    chars = list(ln.chars)
    if len(chars) == len(ln.text):  # one box per character, spaces included
        chars = [c for c, ch in zip(chars, ln.text) if not ch.isspace()]
    if len(chars) == n and n:
        i = 0
        for w in words:
            span = chars[i:i + len(w)]
            i += len(w)
            start = 0
            for k in range(1, len(w)):
                a, b = (sum(span[k - 1]) / 2, sum(span[k]) / 2)
                if any(a < g < b for g in gaps):
                    out.append((w[start:k], (span[start][0], span[k - 1][1])))
                    start = k
            out.append((w[start:], (span[start][0], span[-1][1])))
        return out
    per = (ln.x1 - ln.x0) / max(1, len(ln.text))
    pos = 0
    for w in words:
        start = ln.text.index(w, pos)
        out.append((w, (ln.x0 + start * per, ln.x0 + (start + len(w)) * per)))
        pos = start + len(w)
    return out


@dataclass(frozen=True, slots=True)
class _Measure:
    x_height: float  # pixels
    baseline: float  # pixels from the top of the image
    stroke: float  # mean run of ink across a stroke, in pixels per pixel of x-height
    color: str
    gaps: tuple[float, ...] = ()  # x (pixels) of the middle of each blank column run wide as a space
    blanks: tuple[tuple[float, float], ...] = ()  # every run of blank columns between ink (pixels)


def _measure(ln: OcrLine, gray: np.ndarray, image: np.ndarray) -> _Measure:
    h, w = gray.shape
    y0, y1 = max(0, int(ln.top)), min(h, int(ln.bottom) + 1)
    x0, x1 = max(0, int(ln.x0)), min(w, int(ln.x1) + 1)
    crop = gray[y0:y1, x0:x1]
    height = max(1.0, ln.bottom - ln.top)
    if crop.size == 0:
        return _Measure(0.55 * height, ln.bottom, 0.0, "")
    background = float(np.percentile(crop, 90))
    ink = crop < INK * background if background > 40 else crop > 0.5 * 255
    rows = _x_letters(ln, x0, ink.shape[1], ink).mean(axis=1)
    if not rows.any():
        rows = ink.mean(axis=1)
    if not rows.any():
        return _Measure(0.55 * height, ln.bottom, 0.0, "")
    # the x-height band: rows holding ink of most letters (ascenders and descenders hold little);
    # the rows at its edges count by their share of ink (sub-pixel, against anti-aliasing)
    half = 0.5 * rows.max()
    band = np.nonzero(rows >= half)[0]
    x_top, x_bottom = band.min(), band.max()
    edges = [rows[i] for i in (x_top - 1, x_bottom + 1) if 0 <= i < len(rows)]
    x_height = float(x_bottom - x_top + 1) + sum(min(1.0, e / half) for e in edges)
    stroke = _stroke(ink[x_top:x_bottom + 1]) / x_height
    pixels = image[y0:y1, x0:x1][ink] if image.ndim == 3 else None
    blanks = tuple((x0 + a, x0 + b) for a, b in _blank_runs(np.asarray(ink.any(axis=0))))
    wide = max(MIN_GAP, SPACE_GAP * x_height)
    gaps = tuple((a + b) / 2 for a, b in blanks if b - a >= wide)
    return _Measure(x_height, y0 + x_bottom + 1, stroke, _ink_color(pixels), gaps, blanks)


def _x_letters(ln: OcrLine, left: int, width: int, ink: np.ndarray) -> np.ndarray:
    """The columns of the line's letters that stand between baseline and x-height (a, c, e,
    m, n, ...): capitals, digits, ascenders and descenders would stretch the measured band."""
    chars = list(ln.chars)
    text = ln.text if len(chars) == len(ln.text) else "".join(ln.text.split())
    if len(chars) != len(text):
        return ink
    keep = np.zeros(width, dtype=bool)
    n = 0
    for ch, (a, b) in zip(text, chars):
        if ch in X_LETTERS:
            keep[max(0, int(a) - left):max(0, int(b) - left)] = True
            n += 1
    return ink[:, keep] if n >= MIN_X_LETTERS else ink


def _blank_runs(columns: np.ndarray) -> list[tuple[int, int]]:
    """(first, past-last) x of each run of inkless columns between ink."""
    out, start = [], None
    for x, has_ink in enumerate(columns):
        if not has_ink and start is None:
            start = x
        elif has_ink and start is not None:
            if start > 0:
                out.append((start, x))
            start = None
    return out


def _stroke(ink: np.ndarray) -> float:
    """Mean length of horizontal ink runs: how thick the vertical strokes are."""
    if ink.size == 0:
        return 0.0
    padded = np.pad(ink.astype(np.int8), ((0, 0), (1, 1)))
    d = np.diff(padded, axis=1)
    starts, ends = np.count_nonzero(d == 1), int(ink.sum())
    return ends / starts if starts else 0.0


def _ink_color(pixels: np.ndarray | None) -> str:
    """The text colour: '#000000' for black or grey ink, else the darkest ink snapped to
    web-safe steps (anti-aliased edges and scan noise must not split one style in many)."""
    if pixels is None or len(pixels) == 0:
        return ""
    px = pixels.astype(np.float32)
    dark = px[px.sum(axis=1) <= np.percentile(px.sum(axis=1), 30)]
    r, g, b = np.median(dark, axis=0)
    if max(r, g, b) - min(r, g, b) < 48:
        return "#000000"
    return "#" + "".join(f"{int(round(v / 51.0)) * 51:02x}" for v in (r, g, b))
