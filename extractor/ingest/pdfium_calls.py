"""PDFium's per-character and per-path calls, bound once with plain C types.

The calls made for every character decide ingest speed. pypdfium2's generated
bindings convert typed pointers on every call; the same C functions re-bound with
`c_void_p` handles skip that, and a text object's handle comes back as a plain int
that keys the per-object cache of font, size and colour.
"""
from __future__ import annotations

import ctypes
from ctypes import POINTER, c_double, c_float, c_int, c_uint, c_ulong, c_void_p

import pypdfium2.raw as pdfium_c

FS_RECTF = pdfium_c.FS_RECTF
FS_MATRIX = pdfium_c.FS_MATRIX


def _rebind(fn, restype, *argtypes):
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, c_void_p).value)


text_object = _rebind(pdfium_c.FPDFText_GetTextObject, c_void_p, c_void_p, c_int)
loose_box = _rebind(pdfium_c.FPDFText_GetLooseCharBox, c_int, c_void_p, c_int, POINTER(FS_RECTF))
char_matrix = _rebind(pdfium_c.FPDFText_GetMatrix, c_int, c_void_p, c_int, POINTER(FS_MATRIX))
font_size = _rebind(pdfium_c.FPDFText_GetFontSize, c_double, c_void_p, c_int)
font_info = _rebind(pdfium_c.FPDFText_GetFontInfo, c_ulong, c_void_p, c_int, c_void_p, c_ulong, POINTER(c_int))
fill_color = _rebind(pdfium_c.FPDFText_GetFillColor, c_int, c_void_p, c_int, POINTER(c_uint), POINTER(c_uint),
                     POINTER(c_uint), POINTER(c_uint))
is_generated = _rebind(pdfium_c.FPDFText_IsGenerated, c_int, c_void_p, c_int)
map_error = _rebind(pdfium_c.FPDFText_HasUnicodeMapError, c_int, c_void_p, c_int)
get_unicode = _rebind(pdfium_c.FPDFText_GetUnicode, c_uint, c_void_p, c_int)
render_mode = _rebind(pdfium_c.FPDFTextObj_GetTextRenderMode, c_int, c_void_p)

obj_type = _rebind(pdfium_c.FPDFPageObj_GetType, c_int, c_void_p)
obj_matrix = _rebind(pdfium_c.FPDFPageObj_GetMatrix, c_int, c_void_p, POINTER(FS_MATRIX))
obj_fill = _rebind(pdfium_c.FPDFPageObj_GetFillColor, c_int, c_void_p, POINTER(c_uint), POINTER(c_uint),
                   POINTER(c_uint), POINTER(c_uint))
form_count = _rebind(pdfium_c.FPDFFormObj_CountObjects, c_int, c_void_p)
form_object = _rebind(pdfium_c.FPDFFormObj_GetObject, c_void_p, c_void_p, c_ulong)
page_count = _rebind(pdfium_c.FPDFPage_CountObjects, c_int, c_void_p)
page_object = _rebind(pdfium_c.FPDFPage_GetObject, c_void_p, c_void_p, c_int)
draw_mode = _rebind(pdfium_c.FPDFPath_GetDrawMode, c_int, c_void_p, POINTER(c_int), POINTER(c_int))
n_segments = _rebind(pdfium_c.FPDFPath_CountSegments, c_int, c_void_p)
segment = _rebind(pdfium_c.FPDFPath_GetPathSegment, c_void_p, c_void_p, c_int)
seg_point = _rebind(pdfium_c.FPDFPathSegment_GetPoint, c_int, c_void_p, POINTER(c_float), POINTER(c_float))
seg_type = _rebind(pdfium_c.FPDFPathSegment_GetType, c_int, c_void_p)
seg_close = _rebind(pdfium_c.FPDFPathSegment_GetClose, c_int, c_void_p)

TEXT, PATH, IMAGE, FORM = (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE,
                           pdfium_c.FPDF_PAGEOBJ_FORM)
MOVETO, LINETO, BEZIERTO = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_BEZIERTO



def handle(obj) -> int:
    """The address of a pypdfium2 object's raw handle."""
    return ctypes.cast(obj.raw if hasattr(obj, "raw") else obj, c_void_p).value or 0
