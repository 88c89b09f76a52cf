"""Read a PDF page by page into plain records with PDFium (pypdfium2): the default backend.

The records are the ones the pdfplumber backend (pdf.py) gives, so every later stage is
unchanged; words are grouped from characters by pdfplumber's own rules (runs of one style,
lines within 3 pt, a new word at a space, a gap over 3 pt or a step back). PDFium's
conventions, measured on the corpora, are taken care of here:

- origin bottom-left, in the page's unrotated space: the page is read in the frame in which
  most of its characters stand upright (so a /Rotate 90 page, or a landscape table drawn
  sideways on a portrait page, is read like any other page);
- the font size a character reports is unscaled: times the vertical scale of its matrix;
- a character's loose box has its top at the font's ascent; its bottom matches pdfminer, whose
  top is bottom - size, so that is the top used;
- bold comes from the font name (the weight PDFium reports is unreliable);
- generated spaces and line breaks have no text object: they are skipped, words split on
  geometry as pdfplumber does; a line-end hyphen comes as U+0002;
- a path object can hold several shapes: each sub-path (split at its move-tos, through the
  object's matrix) is a line, a rectangle or a curve on its own; bounds are taken from the
  points, since PDFium's include the stroke width.

Font, size and colour are read once per text object, not per character: the number of calls
into the library per character decides the speed.
"""
from __future__ import annotations

import ctypes
import logging
import math
import threading
from contextlib import contextmanager
from ctypes import c_float, c_int, c_uint
from collections import Counter
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import pdfium_calls as C
from .glyphs import join_tracked, spell_out
from .pdf import RULE_THICKNESS, WHITE, _describe, _ends_with_eof, _is_bold, check_file
from .pdf import open_document as open_with_pdfplumber
from .records import Box, OutlineEntry, Page, Rule, Source, Word
from .text_quality import is_undecodable

logging.getLogger("pypdfium2").addHandler(logging.NullHandler())

# PDFium is not thread-safe: a process reading PDFs from several threads (a dask worker with
# more than one thread) takes turns; the pool's worker processes are unaffected
_LOCK = threading.RLock()

X_TOLERANCE = Y_TOLERANCE = 3.0  # pdfplumber's defaults for extract_words
NAME_BUF = 256


class Frame:
    """Maps PDF user space (origin bottom-left) to the page read upright (origin top-left).

    `turn` is the angle (0, 90, 180, 270; counter-clockwise) at which the page's text runs
    in user space: turning the page back by it sets that text upright."""

    __slots__ = ("turn", "w", "h", "ox", "oy", "width", "height")

    def __init__(self, turn: int, box: tuple[float, float, float, float]):
        self.turn = turn
        self.ox, self.oy = box[0], box[1]
        self.w, self.h = box[2] - box[0], box[3] - box[1]
        self.width, self.height = (self.h, self.w) if turn in (90, 270) else (self.w, self.h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.ox, y - self.oy
        t = self.turn
        if t == 0:
            return u, self.h - v
        if t == 90:
            return v, u
        if t == 180:
            return self.w - u, v
        return self.h - v, self.w - u

    def rect(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a user-space rectangle."""
        a, b = self.point(x0, y0)
        c, d = self.point(x1, y1)
        return min(a, c), min(b, d), max(a, c), max(b, d)


def _hex(r: int, g: int, b: int) -> str:
    return f"#{r:02x}{g:02x}{b:02x}"


def _quarter(a: float, b: float) -> int:
    """The direction of a matrix's x axis, to the nearest quarter turn (degrees)."""
    return int(round(math.degrees(math.atan2(b, a)) / 90.0)) % 4 * 90


class _TextReader:
    """The characters of one page: text, user-space loose box and style, skipping generated ones."""

    def __init__(self, textpage: int):
        self.tp = textpage
        self.rect = C.FS_RECTF()
        self.prect = ctypes.pointer(self.rect)
        self.matrix = C.FS_MATRIX()
        self.pmatrix = ctypes.pointer(self.matrix)
        self.name = ctypes.create_string_buffer(NAME_BUF)
        self.flags = c_int()
        self.rgba = [c_uint() for _ in range(4)]
        self.prgba = [ctypes.pointer(v) for v in self.rgba]

    def style(self, i: int) -> tuple:
        """(font name, size, colour, turn, unmapped) of character i's text object."""
        tp = self.tp
        n = C.font_info(tp, i, ctypes.addressof(self.name), NAME_BUF, ctypes.pointer(self.flags))
        name = self.name.raw[:max(0, n - 1)].decode("utf-8", "replace") if n else ""
        C.char_matrix(tp, i, self.pmatrix)
        m = self.matrix
        size = C.font_size(tp, i) * math.hypot(m.c, m.d)
        color = ""
        if C.fill_color(tp, i, *self.prgba):
            color = _hex(self.rgba[0].value, self.rgba[1].value, self.rgba[2].value)
        return name, round(size, 4), color, _quarter(m.a, m.b), bool(C.map_error(tp, i))

    def read(self, text: str) -> tuple[list[tuple], list[tuple], int]:
        """([(text, x0, bottom, x1, top(ascent), style index)], styles, n_chars)."""
        tp, prect, rect = self.tp, self.prect, self.rect
        cache: dict[int, int] = {}
        styles: list[tuple] = []
        chars = []
        n_real = 0
        for i, ch in enumerate(text):
            obj = C.text_object(tp, i)
            if not obj:  # generated by PDFium: a space or line break that is not in the file
                continue
            n_real += 1
            k = cache.get(obj)
            if k is None:
                st = self.style(i)
                k = styles.index(st) if st in styles else len(styles)
                if k == len(styles):
                    styles.append(st)
                cache[obj] = k
            C.loose_box(tp, i, prect)
            chars.append((ch, rect.left, rect.bottom, rect.right, rect.top, k))
        return chars, styles, n_real


def _page_text(textpage, n: int) -> str:
    """All n characters' text in one call (one UTF-16 unit each, unless a pair is present)."""
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = pdfium_c.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[:2 * max(0, got - 1)].decode("utf-16-le", "surrogatepass")
    if len(text) != n:  # characters outside the BMP: ask for each one
        text = "".join(chr(C.get_unicode(C.handle(textpage), i)) for i in range(n))
    return text


def _clean(ch: str) -> str:
    if ch in "\x02\ufffe":  # PDFium's marks for a hyphen at the end of a line
        return "-"
    if "\ud800" <= ch <= "\udfff":  # a lone surrogate cannot be written out
        return "\ufffd"
    return ch


def _looks(styles: list[tuple]) -> tuple[list[int], list[tuple]]:
    """Style index -> index of its look (font, size, colour: what pdfplumber groups words by),
    and the looks as (font without subset prefix, size, bold, colour)."""
    index: dict[tuple, int] = {}
    look_of = [index.setdefault(st[:3], len(index)) for st in styles]
    looks = [(font.split("+")[-1], float(size), _is_bold(font), color) for font, size, color in index]
    return look_of, looks


def _framed_chars(chars: list[tuple], styles: list[tuple], look_of: list[int], frame: Frame) -> list[tuple]:
    """(text, x0, x1, top, bottom, look) of the characters upright in `frame`, top-left origin.

    The loose box's far edge is the ascent; its near edge (the frame's bottom, whichever way
    the page turns) is pdfminer's, whose top is bottom - size."""
    turn = frame.turn
    sizes = [st[1] if st[3] == turn else None for st in styles]
    out = []
    append = out.append
    if turn == 0:  # the common case, inline
        ox, top_y = frame.ox, frame.oy + frame.h
        for ch, left, bottom, right, _, k in chars:
            size = sizes[k]
            if size is not None:
                b = top_y - bottom
                append((_clean(ch) if ch < " " or ch > "\ud7ff" else ch, left - ox, right - ox, b - size, b,
                        look_of[k]))
        return out
    for ch, left, bottom, right, top, k in chars:
        size = sizes[k]
        if size is not None:
            x0, _, x1, b = frame.rect(left, bottom, right, top)
            append((_clean(ch), x0, x1, b - size, b, look_of[k]))
    return out


_X0_X1 = itemgetter(1, 2)
_X1, _TOP, _BOTTOM, _LOOK = itemgetter(2), itemgetter(3), itemgetter(4), itemgetter(5)


def _lines(chars: list[tuple]) -> list[list[tuple]]:
    """pdfplumber's line clustering: distinct tops chained within Y_TOLERANCE (content order
    kept within a line), each line sorted left to right."""
    tops = sorted(set(map(_TOP, chars)))
    if len(tops) == 1:
        return [sorted(chars, key=_X0_X1)]
    cluster, n, last = {}, -1, None
    for t in tops:
        if last is None or t > last + Y_TOLERANCE:
            n += 1
        cluster[t] = n
        last = t
    lines: list[list[tuple]] = [[] for _ in range(n + 1)]
    for c in chars:
        lines[cluster[c[3]]].append(c)
    for line in lines:
        line.sort(key=_X0_X1)
    return lines


def _words_of(chars: list[tuple], looks: list[tuple]) -> list[Word]:
    """pdfplumber's extract_words: runs of one look in content order, their lines, and a new
    word at a space, at a gap over X_TOLERANCE, at a step back, or at a jump of line."""
    words: list[Word] = []
    append = words.append

    def emit(run: list[tuple]) -> None:
        font, size, bold, color = looks[run[0][5]]
        if len(run) == 1:
            c = run[0]
            append(Word(spell_out(c[0]), c[1], c[2], c[3], c[4], font, size, bold, color))
            return
        append(Word(spell_out("".join(c[0] for c in run)), run[0][1], max(map(_X1, run)),
                    min(map(_TOP, run)), max(map(_BOTTOM, run)), font, size, bold, color))

    for _, run in groupby(chars, key=_LOOK):
        for line in _lines(list(run)):
            cur: list[tuple] = []
            prev = None
            for c in line:
                if c[0].isspace():
                    if cur:
                        emit(cur)
                    cur, prev = [], None
                elif prev is not None and (c[1] < prev[1] or c[1] > prev[2] + X_TOLERANCE
                                           or abs(c[3] - prev[3]) > Y_TOLERANCE):
                    emit(cur)
                    cur, prev = [c], c
                else:
                    cur.append(c)
                    prev = c
            if cur:
                emit(cur)
    return words


def _turn_of(chars: list[tuple], styles: list[tuple], rotation: int) -> int:
    """The direction most characters run in; the page's /Rotate turned back when there are none."""
    count: Counter = Counter()
    for k, n in Counter(map(_LOOK, chars)).items():
        count[styles[k][3]] += n
    if not count:
        return (360 - rotation) % 360 if rotation else 0
    return max(count, key=lambda t: (count[t], t == 0))


# ---------------------------------------------------------------------------------------------
# graphics

def _mul(m1: tuple, m2: tuple) -> tuple:
    """m1 then m2 (PDF row-vector convention)."""
    a, b, c, d, e, f = m1
    A, B, Cc, D, E, F = m2
    return (a * A + b * Cc, a * B + b * D, c * A + d * Cc, c * B + d * D, e * A + f * Cc + E, e * B + f * D + F)


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


class _Graphics:
    """Rules, filled boxes and the image count of a page's path and image objects (forms included)."""

    def __init__(self, frame: Frame):
        self.frame = frame
        self.rules: list[Rule] = []
        self.boxes: list[Box] = []
        self.n_images = 0
        self.m = C.FS_MATRIX()
        self.pm = ctypes.pointer(self.m)
        self.fx, self.fy = c_float(), c_float()
        self.pfx, self.pfy = ctypes.pointer(self.fx), ctypes.pointer(self.fy)
        self.fill_mode, self.stroke = c_int(), c_int()
        self.rgba = [c_uint() for _ in range(4)]
        self.prgba = [ctypes.pointer(v) for v in self.rgba]

    def walk(self, count: int, get, parent: tuple, depth: int = 0) -> None:
        for i in range(count):
            obj = get(i)
            if not obj:
                continue
            kind = C.obj_type(obj)
            if kind == C.PATH:
                self.path(obj, parent)
            elif kind == C.IMAGE:
                self.n_images += 1
            elif kind == C.FORM and depth < 12:
                C.obj_matrix(obj, self.pm)
                m = self.m
                here = _mul((m.a, m.b, m.c, m.d, m.e, m.f), parent)
                self.walk(C.form_count(obj), lambda j, o=obj: C.form_object(o, j), here, depth + 1)

    def _subpaths(self, obj, matrix: tuple) -> list[tuple[str, list[tuple[float, float]]]]:
        """[(shape, points in user space)] of each sub-path, spelt as pdfminer does: 'm', 'l',
        'c' per segment, 'h' (at the start point) closing it."""
        out: list[tuple[str, list]] = []
        for s in range(C.n_segments(obj)):
            seg = C.segment(obj, s)
            if not seg:
                continue
            kind = C.seg_type(seg)
            C.seg_point(seg, self.pfx, self.pfy)
            pt = _apply(matrix, self.fx.value, self.fy.value)
            if kind == C.MOVETO or not out:
                out.append(("m", [pt]))
                continue
            shape, pts = out[-1]
            # PDFium spells a closing 'h' as a line back to the start flagged as closing
            op = "c" if kind == C.BEZIERTO else "h" if C.seg_close(seg) else "l"
            out[-1] = (shape + op, pts + [pts[0] if op == "h" else pt])
        return out

    def path(self, obj, parent: tuple) -> None:
        C.obj_matrix(obj, self.pm)
        m = self.m
        matrix = _mul((m.a, m.b, m.c, m.d, m.e, m.f), parent)
        C.draw_mode(obj, ctypes.pointer(self.fill_mode), ctypes.pointer(self.stroke))
        fill, stroke = self.fill_mode.value != 0, bool(self.stroke.value)
        color = ""
        if fill and C.obj_fill(obj, *self.prgba):
            color = _hex(self.rgba[0].value, self.rgba[1].value, self.rgba[2].value)
        for shape, pts in self._subpaths(obj, matrix):
            if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:  # a redundant closing 'l'
                shape = shape[:-2] + "h"
                del pts[-2]
            if shape in ("ml", "mlh"):  # a straight line, whatever paints it (pdfminer's LTLine)
                self.rules.append(Rule(*self.frame.rect(*pts[0], *pts[1])))
            elif shape in ("mlllh", "mllll") and pts[0] == pts[4] and _axis_rect(pts[:4]):
                self.rect(pts[:4], fill, stroke, color)
            # anything else is a curve: pdfplumber's `curves`, which ingest does not read

    def rect(self, pts, fill: bool, stroke: bool, color: str) -> None:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, top, x1, bottom = self.frame.rect(min(xs), min(ys), max(xs), max(ys))
        w, h = x1 - x0, bottom - top
        if min(w, h) <= RULE_THICKNESS:
            if fill or stroke:
                self.rules.append(Rule(x0, top, x1, bottom))
            return
        if stroke:
            self.rules += [Rule(x0, top, x1, top), Rule(x0, bottom, x1, bottom),
                           Rule(x0, top, x0, bottom), Rule(x1, top, x1, bottom)]
        if fill and color not in WHITE:
            self.boxes.append(Box(x0, top, x1, bottom, color))


def _axis_rect(pts) -> bool:
    """Four corners joined by horizontal and vertical sides (either winding)."""
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = pts
    return ((ax == bx and by == cy and cx == dx and dy == ay) or
            (ay == by and bx == cx and cy == dy and dx == ax))


# ---------------------------------------------------------------------------------------------
# pages, outline, document

def _media_box(page) -> tuple[float, float, float, float]:
    """The media box in unrotated user space (the helper's may come turned by /Rotate)."""
    l, b, r, t = c_float(), c_float(), c_float(), c_float()
    if not pdfium_c.FPDFPage_GetMediaBox(page, l, b, r, t):  # absent: PDFium's default page size
        return 0.0, 0.0, float(pdfium_c.FPDF_GetPageWidthF(page)), float(pdfium_c.FPDF_GetPageHeightF(page))
    return min(l.value, r.value), min(b.value, t.value), max(l.value, r.value), max(b.value, t.value)


def read_page(page, number: int) -> Page:
    rotation = page.get_rotation()
    textpage = page.get_textpage()
    try:
        n = pdfium_c.FPDFText_CountChars(textpage)
        text = _page_text(textpage, n) if n > 0 else ""
        chars, styles, n_real = _TextReader(C.handle(textpage)).read(text) if n > 0 else ([], [], 0)
    finally:
        textpage.close()
    frame = Frame(_turn_of(chars, styles, rotation), _media_box(page))
    graphics = _Graphics(frame)
    raw = C.handle(page)
    graphics.walk(C.page_count(raw), lambda j: C.page_object(raw, j), (1, 0, 0, 1, 0, 0))
    if is_undecodable(text, sum(1 for c in chars if styles[c[5]][4] and not c[0].isspace())):
        words: tuple[Word, ...] = ()  # glyph codes with no known characters: only OCR can read it
        undecodable = True
    else:
        look_of, looks = _looks(styles)
        words = tuple(join_tracked(_words_of(_framed_chars(chars, styles, look_of, frame), looks)))
        undecodable = False
    return Page(number=number, width=frame.width, height=frame.height, words=words,
                rules=tuple(graphics.rules), boxes=tuple(graphics.boxes), n_images=graphics.n_images,
                n_chars=n_real, error="", undecodable=undecodable)


def read_outline(pdf, heights: list[float]) -> tuple[OutlineEntry, ...]:
    """The bookmarks, with physical page numbers and y from the top; () when absent or broken."""
    out = []
    try:
        for bm in pdf.get_toc(max_depth=64):
            dest = bm.get_dest()
            if dest is None:
                action = pdfium_c.FPDFBookmark_GetAction(bm)
                raw = pdfium_c.FPDFAction_GetDest(pdf, action) if action else None
                dest = pdfium.PdfDest(raw, pdf) if raw else None
            index = dest.get_index() if dest is not None else None
            if index is None or not 0 <= index < len(heights):
                continue
            mode, pos = dest.get_view()
            y = None
            if mode == pdfium_c.PDFDEST_VIEW_XYZ and len(pos) > 1:
                y = _location_y(dest)
            elif mode in (pdfium_c.PDFDEST_VIEW_FITH, pdfium_c.PDFDEST_VIEW_FITBH) and pos:
                y = float(pos[0])
            top = heights[index] - y if y is not None else None
            out.append(OutlineEntry(level=bm.level + 1, title=" ".join(bm.get_title().split()),
                                    page=index + 1, top=top))
    except Exception:  # a damaged outline: the layout fallback takes over
        return ()
    return tuple(out)


def _location_y(dest) -> float | None:
    """The y of an XYZ destination, only when the file gives one (null keeps the current)."""
    has_x, has_y, has_zoom = pdfium_c.FPDF_BOOL(), pdfium_c.FPDF_BOOL(), pdfium_c.FPDF_BOOL()
    x, y, zoom = pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT()
    if not pdfium_c.FPDFDest_GetLocationInPage(dest, has_x, has_y, has_zoom, x, y, zoom) or not has_y.value:
        return None
    return float(y.value)


def _open_pdfium(path: Path):
    """(PdfDocument, n_pages), or None when PDFium cannot read it (pdfplumber's path decides why)."""
    try:
        pdf = pdfium.PdfDocument(str(path), password="")
    except Exception:
        return None
    try:
        n = len(pdf)
    except Exception:
        pdf.close()
        return None
    if n <= 0:
        pdf.close()
        return None
    return pdf, n


@contextmanager
def open_document(path: str | Path) -> Iterator[tuple[Source, Iterator[Page]]]:
    """Open a PDF: (Source, a generator of Pages). Raises ExtractionError on unreadable input.

    Files PDFium cannot open, or that end early (no %%EOF: a cut-off download whose first half
    must not pass for the report), go to the pdfplumber backend, whose repair and diagnosis of
    damaged files is the reference."""
    path = Path(path)
    sha = check_file(path)
    with _LOCK:
        opened = _open_pdfium(path) if _ends_with_eof(path) else None
    if opened is None:
        with open_with_pdfplumber(path) as got:
            yield got
        return
    pdf, n_pages = opened
    try:
        with _LOCK:
            source = _source(pdf, path, sha, n_pages)

        def pages() -> Iterator[Page]:
            for i in range(n_pages):
                with _LOCK:
                    got = _read_page_at(pdf, i)
                yield got

        yield source, pages()
    finally:
        with _LOCK:
            pdf.close()


def _source(pdf, path: Path, sha: str, n_pages: int) -> Source:
    title = ""
    try:
        title = str(pdf.get_metadata_value("Title") or "")
    except Exception:  # an unreadable info dictionary: no title
        pass
    heights = []
    for i in range(n_pages):
        try:
            h = pdf.get_page_size(i)[1]
        except Exception:
            h = 0.0
        heights.append(float(h))
    return Source(path=str(path), sha256=sha, n_pages=n_pages, title=title, outline=read_outline(pdf, heights))


def _read_page_at(pdf, i: int) -> Page:
    page = None
    try:
        page = pdf[i]
        return read_page(page, i + 1)
    except Exception as e:  # one broken page: keep the others, say which one failed
        return Page(number=i + 1, width=0.0, height=0.0, words=(), rules=(), boxes=(), error=_describe(e))
    finally:
        if page is not None:
            page.close()
