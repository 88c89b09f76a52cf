"""The per-file unit of work: a PDF path in, canonical rows out.

A pure function of (file, rules), picklable in and out, so the same code runs
in-process, in a process pool or on a dask.distributed worker.
"""
from __future__ import annotations

import dataclasses
import os
import stat
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .dataset.rows import CellRow, FailureRow, ReportRow, SectionRow, TableRow
from .document import Document
from .errors import ExtractionError
from .ingest.files import sha256_file
from .normalise.locate import with_boxes
from .rules import Rules
from .settings import Settings
from .vocab.numbers import parse_number


@dataclass(frozen=True)
class FileResult:
    source_path: str
    sha256: str | None
    status: str  # ok / partial / failed
    n_pages: int
    seconds: float
    rows: dict[str, list] = field(default_factory=dict)  # table name -> canonical rows
    failures: tuple[FailureRow, ...] = ()
    message: str = ""  # one line for stderr when not ok
    replaced_chars: int = 0  # invalid code points (lone surrogates) replaced by U+FFFD in the rows

    @property
    def report_id(self) -> str | None:
        return self.sha256[:12] if self.sha256 else None


def section_id(report_id: str, index: int) -> str:
    return f"{report_id}-s{index:03d}"


def table_id(report_id: str, index: int) -> str:
    return f"{report_id}-t{index:03d}"


def structure_rows(doc: Document) -> dict[str, list]:
    rid = doc.report_id
    sections = [SectionRow(report_id=rid, section_id=section_id(rid, s.index),
                           parent_id=section_id(rid, s.parent) if s.parent is not None else None,
                           level=s.level, number=s.number, title=s.title, kind=s.kind,
                           page_start=s.page_start, page_end=s.page_end, text=s.text)
                for s in doc.sections]
    tables, cells = [], []
    for t in doc.tables:
        tid = table_id(rid, t.index)
        sec = doc.section_of(t.page_start, t.top)
        tables.append(TableRow(report_id=rid, table_id=tid, section_id=section_id(rid, sec.index) if sec else None,
                               page_start=t.page_start, page_end=t.page_end, n_rows=t.n_rows, n_cols=t.n_cols,
                               header_rows=t.header_rows, caption=t.caption or None, kind=t.kind))
        for r, row in enumerate(t.rows):
            for c, text in enumerate(row):
                cells.append(CellRow(report_id=rid, table_id=tid, row=r, col=c, text=text,
                                     number=parse_number(text), is_header=r < t.header_rows))
    return {"sections": sections, "tables": tables, "table_cells": cells}


def _report_row(doc: Document, status: str, facts=None) -> ReportRow:
    def fact(name):
        return getattr(facts, name, None) if facts is not None else None
    no_text = ",".join(str(p) for p in doc.pages_without_text) or None
    return ReportRow(report_id=doc.report_id, source_path=doc.source_path, sha256=doc.sha256,
                     n_pages=doc.n_pages, title=doc.title or None, board_name=fact("board_name"),
                     area=fact("area"), doc_type=fact("doc_type"), report_year=fact("report_year"),
                     period_start=fact("period_start"), period_end=fact("period_end"), chair=fact("chair"),
                     status=status, extractor_version=__version__, n_sections=len(doc.sections),
                     n_tables=len(doc.tables), pages_needing_ocr=no_text,
                     pages_ocr=",".join(str(p) for p in doc.pages_ocr) or None)


def process_file(path: str | Path, rules: Rules, settings: Settings | None = None) -> FileResult:
    """Extract one report; never raises for a bad input (a failed FileResult instead)."""
    t0 = time.perf_counter()
    src = str(path)
    try:
        check_input(path)
        result = _process(path, rules, settings or Settings(), t0)
    except ExtractionError as e:
        if _out_of_memory(e.message):  # every page hit the memory ceiling
            return _failed(src, _sha_or_none(path), "process", "too_large", TOO_LARGE, t0)
        return _failed(src, _sha_or_none(path), e.stage, e.error_type, e.message, t0)
    except MemoryError:
        return _failed(src, _sha_or_none(path), "process", "too_large", TOO_LARGE, t0)
    except Exception as e:  # a bug or a PDF the libraries choke on: report it, keep the batch going
        last = traceback.format_exc(limit=2).strip().splitlines()[-1]
        return _failed(src, _sha_or_none(path), "process", type(e).__name__, last[:300], t0)
    return clean_result(result)


TOO_LARGE = "needs more memory than the worker's ceiling (--max-memory): a decompression bomb or a huge page"
# how an allocation past the ceiling reads once the PDF libraries have wrapped the MemoryError
# into a page's error text (pdfplumber's PdfminerException keeps only the message)
MEMORY_SIGNS = ("MemoryError", "Unable to allocate", "Cannot allocate memory", "out of memory")


def _out_of_memory(text: str) -> bool:
    return any(sign in text for sign in MEMORY_SIGNS)


def check_input(path: str | Path) -> None:
    """Only regular files are read: a FIFO, a device (a symlink to /dev/zero) or a socket would
    block or never end. A folder reaching here holds no PDF (folders are expanded before)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ExtractionError("ingest", "not_found", "no such file") from None
    except OSError as e:
        raise ExtractionError("ingest", "unreadable", f"cannot read file ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ExtractionError("ingest", "no_pdf_files", f"no PDF files in {display_path(str(path))}")
    if not stat.S_ISREG(st.st_mode):
        raise ExtractionError("ingest", "not_a_file", "not a regular file (device, pipe or socket)")


def _process(path: str | Path, rules: Rules, settings: Settings, t0: float) -> FileResult:
    # heavy imports (spaCy, pdfplumber) stay out of the parent process, which may only reuse rows
    from .pipeline import build_document, extract

    src = str(path)
    doc = build_document(path, rules, settings)
    sha = doc.sha256
    if any(_out_of_memory(why) for _, why in doc.bad_pages):
        raise MemoryError  # a page over the memory ceiling: the file is too large, not partly read
    failures: list[FailureRow] = []
    status = "ok"
    message = ""
    if doc.pages_without_text:
        status = "partial"
        pages = ",".join(str(p) for p in doc.pages_without_text)
        message = f"needs_ocr: no text layer on page(s) {pages}"
        failures.append(FailureRow(src, sha, "ingest", "needs_ocr", message))
    for page, why in doc.bad_pages:
        status = "partial"
        message = message or f"bad_page: page {page} could not be read ({why})"
        failures.append(FailureRow(src, sha, "ingest", "bad_page", f"page {page}: {why}"))
    rows = structure_rows(doc)
    extracted = extract(doc, rules, settings).records  # a failing extractor loses only its own records
    if extracted is None:  # the extract stage always fills it
        raise ExtractionError("extract", "no_records", "the extract stage filled no records")
    for err in extracted.errors:
        status = "partial"
        message = message or f"extract:{err.extractor}: {err.error_type}"
        failures.append(FailureRow(src, sha, f"extract:{err.extractor}", err.error_type, err.message))
    facts = extracted.facts
    rows.update(extracted.tables())
    rows = with_boxes(rows, doc.page_words)  # where each quote is printed
    rows["reports"] = [_report_row(doc, status, facts)]
    return FileResult(src, sha, status, doc.n_pages, time.perf_counter() - t0, rows, tuple(failures), message)


# ---------------------------------------------------------------- text that cannot be stored

def display_path(path: str) -> str:
    """A path as stored and printed: bytes of a file name that are not UTF-8 (held by Python as
    lone surrogates) are written as `\\xff` escapes, so the name is text and still says which file."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def clean_text(s: str) -> tuple[str, int]:
    """(s with every code point UTF-8 cannot encode, i.e. a lone surrogate, replaced by U+FFFD, count)."""
    try:
        s.encode("utf-8")
        return s, 0
    except UnicodeEncodeError:
        bad = sum(1 for c in s if 0xD800 <= ord(c) <= 0xDFFF)
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in s), bad


def _clean_row(row):
    changes, n = {}, 0
    for f in dataclasses.fields(row):
        v = getattr(row, f.name)
        if isinstance(v, str):
            c, k = clean_text(v)
            if k:
                changes[f.name], n = c, n + k
    return (dataclasses.replace(row, **changes) if changes else row), n


def clean_result(result: FileResult) -> FileResult:
    """The result with its source path escaped and invalid code points replaced in every row:
    one PDF's text (a ToUnicode map to U+D800) must never stop the dataset from being written.
    A report with replacements becomes `partial`, with an `invalid_text` failure that counts them."""
    src = display_path(result.source_path)
    rows, n = {}, 0
    for name, items in result.rows.items():
        cleaned = []
        for r in items:
            if name == "reports" and r.source_path != src:
                r = dataclasses.replace(r, source_path=src)
            r2, k = _clean_row(r)
            cleaned.append(r2)
            n += k
        rows[name] = cleaned
    failures = []
    for f in result.failures:
        f2, _ = _clean_row(dataclasses.replace(f, source_path=src))
        failures.append(f2)
    message, _ = clean_text(result.message)
    status = result.status
    if n:
        note = f"{n} invalid code point(s) in the text replaced with U+FFFD"
        failures.append(FailureRow(src, result.sha256, "ingest", "invalid_text", note))
        if status == "ok":
            status, message = "partial", f"invalid_text: {note}"
        if rows.get("reports"):
            rows["reports"] = [dataclasses.replace(r, status=status) for r in rows["reports"]]
    return dataclasses.replace(result, source_path=src, rows=rows, failures=tuple(failures), message=message,
                               status=status, replaced_chars=result.replaced_chars + n)


def _sha_or_none(path) -> str | None:
    return sha256_file(str(path))


def _failed(src: str, sha: str | None, stage: str, error_type: str, message: str, t0: float) -> FileResult:
    failure = FailureRow(src, sha, stage, error_type, message)
    return clean_result(FileResult(src, sha, "failed", 0, time.perf_counter() - t0, {}, (failure,),
                                   f"{error_type}: {message}"))


def failed_report_row(result: FileResult) -> ReportRow | None:
    """A `reports` row for a file that could not be read (when it has a hash to key it by)."""
    if not result.sha256:
        return None
    return ReportRow(report_id=result.sha256[:12], source_path=result.source_path, sha256=result.sha256,
                     n_pages=result.n_pages, title=None, board_name=None, area=None, doc_type=None,
                     report_year=None, period_start=None, period_end=None, chair=None, status="failed",
                     extractor_version=__version__)
