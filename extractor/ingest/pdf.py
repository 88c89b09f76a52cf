"""Read a PDF page by page into plain records (pdfplumber underneath).

Pages are yielded one at a time and pdfplumber's per-page caches are released
after each, so memory stays bounded on very long reports.
"""
from __future__ import annotations

import hashlib
import io
import logging
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pdfplumber
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral

from ..errors import ExtractionError
from .glyphs import join_tracked, spell_out
from .records import Box, OutlineEntry, Page, Rule, Source, Word
from .text_quality import is_undecodable

# pdfminer warns on stderr (through logging's last-resort handler) about every odd operator
# of a damaged content stream, dozens of lines per file. A NullHandler keeps that off stderr,
# whose lines are one per problem file; an application that configures logging still gets them.
for _name in ("pdfminer", "pdfplumber", "pypdf"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

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


def fill_hex(color, space) -> str:
    """to_hex, except that a Separation or DeviceN colour is a tint of an ink: 1.0 is full ink,
    read as the darkness of a grey (pdfminer gives the tint alone; it is not a grey level)."""
    name = str(getattr(space, "name", space) or "")
    if ("Separation" in name or "DeviceN" in name) and color is not None:
        tints = color if isinstance(color, (list, tuple)) else (color,)
        try:
            return to_hex(1.0 - max(float(t) for t in tints))
        except (TypeError, ValueError):
            return ""
    return to_hex(color)


def _words(page) -> tuple[Word, ...]:
    raw = page.extract_words(extra_attrs=["fontname", "size", "non_stroking_color", "ncs"],
                             keep_blank_chars=False, use_text_flow=False)
    out = []
    for w in raw:
        if not w.get("upright", True):
            continue
        font = w.get("fontname", "")
        out.append(Word(text=spell_out(w["text"]), x0=w["x0"], x1=w["x1"], top=w["top"], bottom=w["bottom"],
                        font=font.split("+")[-1], size=float(w.get("size", 0.0)),
                        bold=_is_bold(font), color=fill_hex(w.get("non_stroking_color"), w.get("ncs"))))
    return tuple(join_tracked(out))


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
    chars = page.chars
    undecodable = is_undecodable("".join(c["text"] for c in chars))
    words = () if undecodable else _words(page)
    rules, boxes = _graphics(page)
    return Page(number=number, width=float(page.width), height=float(page.height), words=words,
                rules=rules, boxes=boxes, n_images=len(page.images), n_chars=len(chars),
                undecodable=undecodable)


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


MAX_OUTLINE = 100_000  # bookmarks read at most (a damaged outline may loop or never end)


def _outline_items(doc):
    """(level, title, dest, action, se) of every bookmark, depth first, like pdfminer's
    get_outlines but without recursion: pdfminer recurses once per sibling, so a flat outline
    of ~1,000 entries raises RecursionError and was lost. Loops are cut by object id."""
    from pdfminer.pdftypes import dict_value
    from pdfminer.utils import decode_text

    root = doc.catalog.get("Outlines")
    if root is None:
        return []
    out, seen, stack = [], set(), [(root, 0)]
    while stack and len(out) < MAX_OUTLINE:
        ref, level = stack.pop()
        objid = getattr(ref, "objid", None)
        if objid is not None:
            if objid in seen:
                continue
            seen.add(objid)
        entry = dict_value(ref)
        if "Title" in entry and ("A" in entry or "Dest" in entry):
            title = resolve1(entry["Title"])
            title = decode_text(title) if isinstance(title, bytes) else str(title)
            out.append((level, title, entry.get("Dest"), entry.get("A"), entry.get("SE")))
        if "Next" in entry:
            stack.append((entry["Next"], level))
        if "First" in entry and "Last" in entry:
            stack.append((entry["First"], level + 1))
    return out


def read_outline(pdf) -> tuple[OutlineEntry, ...]:
    """The bookmarks, with physical page numbers and y from the top; () when absent or broken."""
    try:
        items = _outline_items(pdf.doc)
    except Exception:  # a damaged outline: the layout fallback takes over
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


TAIL = 1024              # bytes at the end of a file searched for the %%EOF marker
MAX_REPAIR_BYTES = 256 << 20  # larger damaged files are not loaded into memory to be repaired


def _unwrap(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's errors in PdfminerException(original): the original."""
    seen = 0
    while type(exc).__name__ == "PdfminerException" and exc.args and isinstance(exc.args[0], BaseException) \
            and seen < 5:
        exc, seen = exc.args[0], seen + 1
    return exc


def _is_password_error(exc: BaseException) -> bool:
    name = type(exc).__name__
    return name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning") or \
        "Password" in name or "Encrypt" in name or "password" in str(exc).lower()


def _ends_with_eof(path: Path) -> bool:
    """Whether the file ends with a %%EOF marker (a cut-off download does not)."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        f.seek(max(0, size - TAIL))
        tail = f.read()
    return b"%%EOF" in tail


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:160]


def _classify_open_error(exc: BaseException, truncated: bool = False) -> tuple[str, str]:
    """(error_type, message) for a PDF that pdfminer could not open, even after repair.

    `truncated` is decided by the missing %%EOF marker, not by pdfminer's PSEOF, which
    also comes from any object that runs into garbage (then the file is `damaged`)."""
    exc = _unwrap(exc)
    if _is_password_error(exc):
        if type(exc).__name__ == "PDFPasswordIncorrect":
            return "encrypted", "encrypted PDF: a password is needed to open it"
        return "encrypted", f"encrypted PDF that cannot be decrypted ({_describe(exc)})"
    if truncated:
        return "truncated", "file ends early (truncated PDF: no %%EOF marker at the end)"
    return "damaged", f"damaged PDF that could not be repaired ({_describe(exc)})"


class _Unreadable(Exception):
    """The raw reason a PDF could not be opened; classified by open_document."""


def _open_with_pages(opener) -> tuple[Any, int]:
    """Open with `opener` and count the pages; (pdf, n) or raise. Closes the PDF on failure."""
    pdf = opener()
    try:
        n = len(pdf.pages)
    except BaseException:
        pdf.close()
        raise
    return pdf, n


def _rebuilt_xref(path: Path):
    """Open ignoring the cross-reference table: pdfminer's fallback scans the file for objects.

    Every `startxref` keyword is blanked (same length, so no offset moves); pdfminer
    then finds no xref and rebuilds one from the `N 0 obj` markers and the trailer."""
    data = path.read_bytes().replace(b"startxref", b"startxre_")
    return pdfplumber.open(io.BytesIO(data), password="")


def _rewritten_by_pypdf(path: Path):
    """Last resort for damaged files pdfminer cannot rebuild (e.g. broken xref streams)."""
    from pypdf import PdfReader, PdfWriter

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # pypdf logs every object it repairs
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(path), strict=False)
            if reader.is_encrypted:
                raise _Unreadable("encrypted and damaged")
            writer = PdfWriter(clone_from=reader)
            buf = io.BytesIO()
            writer.write(buf)
    finally:
        quiet.setLevel(level)
    buf.seek(0)
    return pdfplumber.open(buf, password="")


def _open_pdf(path: Path) -> tuple[Any, int]:
    """(pdfplumber PDF, n_pages), repairing a damaged cross-reference table when needed.

    Raises ExtractionError with a specific error_type when the file cannot be read."""
    first_error: BaseException | None = None
    try:
        pdf, n = _open_with_pages(lambda: pdfplumber.open(path, password=""))
        if n > 0:
            return pdf, n
        pdf.close()  # no pages found: a broken xref often looks like this; try to repair
    except Exception as e:
        first_error = _unwrap(e)
        if _is_password_error(first_error):
            kind, msg = _classify_open_error(first_error)
            raise ExtractionError("ingest", kind, msg) from None
    truncated = not _ends_with_eof(path)
    if truncated and first_error is not None:  # a cut-off file: do not pass off its first half as the report
        kind, msg = _classify_open_error(first_error, truncated=True)
        raise ExtractionError("ingest", kind, msg)
    if path.stat().st_size <= MAX_REPAIR_BYTES:
        for opener in (_rebuilt_xref, _rewritten_by_pypdf):
            try:
                pdf, n = _open_with_pages(lambda: opener(path))  # noqa: B023  (called in this iteration)
            except Exception:  # the repair failed too: the first open's error is the verdict
                continue
            if n > 0:
                return pdf, n
            pdf.close()
    if first_error is None:  # it opened, but neither it nor a repair has a page
        if truncated:
            raise ExtractionError("ingest", "truncated",
                                  "file ends early (truncated PDF: no %%EOF marker, no pages found)")
        raise ExtractionError("ingest", "no_pages", "the PDF has no pages")
    kind, msg = _classify_open_error(first_error, truncated=truncated)
    raise ExtractionError("ingest", kind, msg)


def check_file(path: Path) -> str:
    """The file's sha256 once it is known to be a readable, non-empty regular file with a
    %PDF header; ExtractionError otherwise."""
    try:
        if not path.exists():
            raise ExtractionError("ingest", "not_found", "no such file")
        if path.is_dir():
            raise ExtractionError("ingest", "is_directory", "is a directory, not a PDF")
        if not path.is_file():
            raise ExtractionError("ingest", "not_a_file", "not a regular file (device, pipe or socket)")
        sha = sha256_of(path)
        if path.stat().st_size == 0:
            raise ExtractionError("ingest", "empty", "empty file (0 bytes)")
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError as e:
        raise ExtractionError("ingest", "unreadable", f"cannot read file ({e.strerror or e})") from None
    if b"%PDF" not in head:
        raise ExtractionError("ingest", "not_a_pdf", "not a PDF (no %PDF header)")
    return sha


@contextmanager
def open_document(path: str | Path) -> Iterator[tuple[Source, Iterator[Page]]]:
    """Open a PDF: (Source, a generator of Pages). Raises ExtractionError on unreadable input."""
    path = Path(path)
    sha = check_file(path)
    try:
        pdf, n_pages = _open_pdf(path)
    except ExtractionError:
        raise
    except OSError as e:
        raise ExtractionError("ingest", "unreadable", f"cannot read file ({e.strerror or e})") from None
    except RecursionError:
        raise ExtractionError("ingest", "damaged", "damaged PDF (objects nested or referenced in a loop)") from None
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
                    page = read_page(p, i + 1)
                except Exception as e:  # one broken page: keep the others, say which one failed
                    page = Page(number=i + 1, width=float(p.width or 0), height=float(p.height or 0), words=(),
                                rules=(), boxes=(), error=_describe(e))
                finally:
                    p.close()
                yield page

        yield source, pages()
    finally:
        pdf.close()
