"""Read a PDF page by page into plain records (pdfplumber underneath).

Pages are yielded one at a time and pdfplumber's per-page caches are released
after each, so memory stays bounded on very long reports.
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pdfplumber
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral

from ..errors import ExtractionError
from .records import Box, OutlineEntry, Page, Rule, Source, Word

RULE_THICKNESS = 2.5  # a filled rectangle thinner than this is a ruling line
WHITE = {"#ffffff", ""}


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def to_hex(color) -> str:
    """pdfminer colour (gray, rgb or cmyk floats) to '#rrggbb'; '' when not a plain colour."""
    if color is None:
        return ""
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        vals = [float(c) for c in color]
    except (TypeError, ValueError):
        return ""
    if len(vals) == 1:
        vals = vals * 3
    elif len(vals) == 4:
        c, m, y, k = vals
        vals = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    elif len(vals) != 3:
        return ""
    return "#" + "".join(f"{max(0, min(255, round(v * 255))):02x}" for v in vals)


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+")[-1].lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", "demi"))


def _words(page) -> tuple[Word, ...]:
    raw = page.extract_words(extra_attrs=["fontname", "size", "non_stroking_color"],
                             keep_blank_chars=False, use_text_flow=False)
    out = []
    for w in raw:
        if not w.get("upright", True):
            continue
        font = w.get("fontname", "")
        out.append(Word(text=w["text"], x0=w["x0"], x1=w["x1"], top=w["top"], bottom=w["bottom"],
                        font=font.split("+")[-1], size=float(w.get("size", 0.0)),
                        bold=_is_bold(font), color=to_hex(w.get("non_stroking_color"))))
    return tuple(out)


def _graphics(page) -> tuple[tuple[Rule, ...], tuple[Box, ...]]:
    rules, boxes = [], []
    for ln in page.lines:
        rules.append(Rule(min(ln["x0"], ln["x1"]), ln["top"], max(ln["x0"], ln["x1"]), ln["bottom"]))
    for r in page.rects:
        x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
        w, h = x1 - x0, bottom - top
        fill = to_hex(r.get("non_stroking_color")) if r.get("fill") else ""
        if min(w, h) <= RULE_THICKNESS:
            if r.get("fill") or r.get("stroke"):
                rules.append(Rule(x0, top, x1, bottom))
            continue
        if r.get("stroke"):
            rules += [Rule(x0, top, x1, top), Rule(x0, bottom, x1, bottom),
                      Rule(x0, top, x0, bottom), Rule(x1, top, x1, bottom)]
        if r.get("fill") and fill not in WHITE:
            boxes.append(Box(x0, top, x1, bottom, fill))
    return tuple(rules), tuple(boxes)


def read_page(page, number: int) -> Page:
    words = _words(page)
    rules, boxes = _graphics(page)
    return Page(number=number, width=float(page.width), height=float(page.height), words=words,
                rules=rules, boxes=boxes, n_images=len(page.images), n_chars=len(page.chars))


def _dest_target(doc, dest):
    """Resolve an outline destination to (page objid, y in PDF space or None)."""
    dest = resolve1(dest)
    if isinstance(dest, (bytes, str, PSLiteral)):
        name = dest.name if isinstance(dest, PSLiteral) else dest
        try:
            dest = resolve1(doc.get_dest(name))
        except Exception:
            return None
    if isinstance(dest, dict):
        dest = resolve1(dest.get("D"))
    if not isinstance(dest, (list, tuple)) or not dest:
        return None
    ref = dest[0]
    objid = getattr(ref, "objid", None)
    y = None
    kind = getattr(resolve1(dest[1]), "name", None) if len(dest) > 1 else None
    if kind == "XYZ" and len(dest) > 3 and isinstance(resolve1(dest[3]), (int, float)):
        y = float(resolve1(dest[3]))
    elif kind in ("FitH", "FitBH") and len(dest) > 2 and isinstance(resolve1(dest[2]), (int, float)):
        y = float(resolve1(dest[2]))
    return objid, y


def read_outline(pdf) -> tuple[OutlineEntry, ...]:
    """The bookmarks, with physical page numbers and y from the top; () when absent or broken."""
    try:
        items = list(pdf.doc.get_outlines())
    except Exception:  # no outline, or a damaged one: the layout fallback takes over
        return ()
    pages = {p.page_obj.pageid: (i + 1, float(p.height)) for i, p in enumerate(pdf.pages)}
    out = []
    for level, title, dest, action, _ in items:
        if dest is None and action is not None:
            action = resolve1(action)
            if isinstance(action, dict) and getattr(action.get("S"), "name", None) == "GoTo":
                dest = action.get("D")
        target = _dest_target(pdf.doc, dest) if dest is not None else None
        if not target or target[0] not in pages:
            continue
        number, height = pages[target[0]]
        top = height - target[1] if target[1] is not None else None
        out.append(OutlineEntry(level=int(level), title=" ".join(str(title).split()), page=number, top=top))
    return tuple(out)


def _classify_open_error(exc: Exception) -> tuple[str, str]:
    name = type(exc).__name__
    text = str(exc) or name
    if "Password" in name or "Encrypt" in name or "password" in text.lower():
        return "encrypted", "encrypted PDF: a password is needed to read it"
    if "PSEOF" in name or "Unexpected EOF" in text:
        return "truncated", "file ends early (truncated PDF)"
    if "PDFSyntaxError" in name or "No /Root" in text:
        return "not_a_pdf", f"not a readable PDF ({text[:120]})"
    return name, text[:200]


@contextmanager
def open_document(path: str | Path) -> Iterator[tuple[Source, Iterator[Page]]]:
    """Open a PDF: (Source, a generator of Pages). Raises ExtractionError on unreadable input."""
    path = Path(path)
    if not path.exists():
        raise ExtractionError("ingest", "not_found", "no such file")
    if path.is_dir():
        raise ExtractionError("ingest", "is_directory", "is a directory, not a PDF")
    try:
        sha = sha256_of(path)
    except OSError as e:
        raise ExtractionError("ingest", "unreadable", f"cannot read file ({e.strerror or e})")
    if path.stat().st_size == 0:
        raise ExtractionError("ingest", "empty", "empty file (0 bytes)")
    with open(path, "rb") as f:
        head = f.read(1024)
    if b"%PDF" not in head:
        raise ExtractionError("ingest", "not_a_pdf", "not a PDF (no %PDF header)")
    try:
        pdf = pdfplumber.open(path, password="")
        n_pages = len(pdf.pages)
    except Exception as e:
        kind, msg = _classify_open_error(e)
        raise ExtractionError("ingest", kind, msg) from None
    try:
        if n_pages == 0:
            raise ExtractionError("ingest", "no_pages", "the PDF has no pages")
        meta_title = pdf.metadata.get("Title", "") if isinstance(pdf.metadata, dict) else ""
        if isinstance(meta_title, bytes):
            meta_title = meta_title.decode("utf-8", "replace")
        source = Source(path=str(path), sha256=sha, n_pages=n_pages, title=str(meta_title or ""),
                        outline=read_outline(pdf))

        def pages() -> Iterator[Page]:
            for i, p in enumerate(pdf.pages):
                try:
                    yield read_page(p, i + 1)
                except ExtractionError:
                    raise
                except Exception as e:
                    raise ExtractionError("ingest", "bad_page", f"page {i + 1}: {type(e).__name__}: {str(e)[:150]}")
                finally:
                    p.close()

        yield source, pages()
    finally:
        pdf.close()
