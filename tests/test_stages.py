"""The Document's slots are filled by the registered stages in order; paragraphs are built once,
by layout; every extractor reads only what it declares (Document slots, earlier extractors' fields)."""
from __future__ import annotations

import dataclasses

import pytest
import record_builders as B

from extractor.document import Document
from extractor.extract import common
from extractor.extract.registry import EXTRACTORS
from extractor.layout.paragraphs import paragraphs_of
from extractor.pipeline import build_document
from extractor.stages import STAGES

# Document attributes that are views of a slot
VIEW = {"report_id": "source", "source_path": "source", "sha256": "source", "n_pages": "source", "title": "source",
        "outline": "source", "body_size": "body", "section_of": "sections", "lines_on": "lines",
        "page_words": "pages", "pages_without_text": "pages", "bad_pages": "pages", "pages_ocr": "pages"}


class Recording:
    """A Document that notes which slots are read."""

    def __init__(self, doc: Document, seen: set[str]):
        object.__setattr__(self, "_doc", doc)
        object.__setattr__(self, "_seen", seen)

    def __getattr__(self, name: str):
        self._seen.add(VIEW.get(name, name))
        return getattr(self._doc, name)


class RecordingFound(dict):
    def __init__(self, data, seen: set[str]):
        super().__init__(data)
        self.seen = seen

    def get(self, key, default=None):
        self.seen.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.seen.add(key)
        return super().__getitem__(key)


@pytest.fixture(scope="module")
def doc(tmp_path_factory, rules):
    return build_document(B.priorities_report(tmp_path_factory.mktemp("stages") / "prio.pdf"), rules)


def test_each_stage_reads_only_slots_filled_before_it():
    filled = {"source"}
    for st in STAGES:
        assert set(st.reads) <= filled, f"{st.name} reads {set(st.reads) - filled} before any stage fills it"
        filled |= set(st.fills)
    slots = {f.name for f in dataclasses.fields(Document)}
    assert filled == slots, f"slots no stage fills: {slots - filled}"


def test_the_stages_fill_their_slots(doc):
    assert doc.pages and doc.layouts and doc.lines and doc.paragraphs and doc.sections and doc.records is None
    assert doc.body_size > 0 and doc.report_id == doc.source.sha256[:12]


def test_paragraphs_are_built_once_by_layout_and_read_from_the_document(doc):
    assert doc.paragraphs == paragraphs_of(doc.lines, doc.body_size)
    assert common.paragraphs(doc) == list(doc.paragraphs)
    assert not hasattr(common, "_CACHE")
    fewer = dataclasses.replace(doc, paragraphs=doc.paragraphs[:1])  # the extractors see the slot, nothing cached
    assert common.paragraphs(fewer) == [doc.paragraphs[0]]


def test_every_extractor_reads_only_what_it_declares(doc, rules):
    slots = {f.name for f in dataclasses.fields(Document)}
    found: dict = {}
    for ex in EXTRACTORS:
        seen: set[str] = set()
        value = ex.run(Recording(doc, seen), rules, RecordingFound(found, seen))  # type: ignore[arg-type]
        assert seen <= set(ex.reads), f"{ex.name} reads {sorted(seen - set(ex.reads))} it does not declare"
        assert all(r in slots or r in found for r in ex.reads), f"{ex.name} reads a field no earlier extractor produces"
        found.update(zip(ex.produces, value if len(ex.produces) > 1 else (value,)))
    assert found["priorities"] and found["facts"] is not None  # the built report has records to read
