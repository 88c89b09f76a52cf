"""PDF to pages of positioned words, rules, boxes and the outline.

Two backends give the same records: PDFium through pypdfium2 (`pdfium`, the default: several
times faster) and pdfplumber (`pdfplumber`, the reference, also used for files PDFium cannot
open). The environment variable EXTRACT_BACKEND chooses, so a pool's worker processes follow
the CLI's `--backend` without any change to what is passed to them.
"""
from __future__ import annotations

import os
from contextlib import AbstractContextManager
from pathlib import Path

from .records import Box, OutlineEntry, Page, Rule, Source, Word

__all__ = ["BACKENDS", "Box", "OutlineEntry", "Page", "Rule", "Source", "Word", "backend_name", "open_document"]

BACKENDS = ("pdfium", "pdfplumber")
ENV = "EXTRACT_BACKEND"


def backend_name(name: str | None = None) -> str:
    """The backend to use: `name`, else $EXTRACT_BACKEND, else pdfium."""
    name = (name or os.environ.get(ENV) or BACKENDS[0]).strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"unknown ingest backend {name!r} (one of: {', '.join(BACKENDS)})")
    return name


def open_document(path: str | Path, backend: str | None = None) -> AbstractContextManager:
    """Open a PDF with the chosen backend: a context manager giving (Source, pages)."""
    # the backends load only when a PDF is opened: a re-run that reuses every file needs neither
    if backend_name(backend) == "pdfplumber":
        from .pdf import open_document as opener
    else:
        from .pdfium import open_document as opener
    return opener(path)
