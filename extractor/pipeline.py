"""One report, end to end: the Document's stages (stages.STAGES) run in order.

`build_document` runs every stage before `extract` (the worker checks the pages it read before
extracting); `extract` runs the rest; `run` does both.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .document import Document
from .rules import Rules
from .settings import Settings
from .stages import STAGES, Stage, new_document

EXTRACT = next(i for i, s in enumerate(STAGES) if s.package == "extract")


def run_stages(doc: Document, rules: Rules, settings: Settings, stages: Sequence[Stage]) -> Document:
    for stage in stages:
        doc = stage(doc, rules, settings)
    return doc


def build_document(path: str | Path, rules: Rules, settings: Settings | None = None) -> Document:
    """Ingest, layout and structure: the Document every extractor reads."""
    return run_stages(new_document(path), rules, settings or Settings(), STAGES[:EXTRACT])


def extract(doc: Document, rules: Rules, settings: Settings | None = None) -> Document:
    """The stages from `extract` on: `doc.records` filled."""
    return run_stages(doc, rules, settings or Settings(), STAGES[EXTRACT:])


def run(path: str | Path, rules: Rules, settings: Settings | None = None) -> Document:
    return extract(build_document(path, rules, settings), rules, settings)
