"""Geometry for the PDFium backend: the upright frame of a page, and its ruling lines,
filled boxes and images from path and image objects (form XObjects walked with their matrices).

A path object can hold several shapes: each sub-path (split at its move-tos, through the
object's matrix) is spelt as pdfminer spells it -- 'm', 'l', 'c', 'h' -- and classified as
pdfminer does (a line, an axis-aligned rectangle, or a curve, which ingest does not read).
Bounds come from the points: PDFium's own bounds include the stroke width.
"""
from __future__ import annotations

import ctypes
from ctypes import c_float, c_int, c_uint

from . import pdfium_calls as C
from .pdf import RULE_THICKNESS, WHITE
from .records import Box, Rule


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

def hex_color(r: int, g: int, b: int) -> str:
    return f"#{r:02x}{g:02x}{b:02x}"

def _mul(m1: tuple, m2: tuple) -> tuple:
    """m1 then m2 (PDF row-vector convention)."""
    a, b, c, d, e, f = m1
    A, B, Cc, D, E, F = m2
    return (a * A + b * Cc, a * B + b * D, c * A + d * Cc, c * B + d * D, e * A + f * Cc + E, e * B + f * D + F)


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


class Graphics:
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
            color = hex_color(self.rgba[0].value, self.rgba[1].value, self.rgba[2].value)
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
