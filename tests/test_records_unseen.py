"""Records of reports shaped like other boards' (built PDFs, not the gold reports): attributes decided
by general mechanisms, the same for every row they apply to."""
from __future__ import annotations

import pytest

from extractor.extract import recommendations
from extractor.extract.testing import extract_rules
from extractor.pipeline import build_document
from extractor.rules import load_rules

import record_builders as B


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_a_review_table_over_a_page_break_has_one_source(tmp_path, rules):
    doc = build_document(B.review_table_report(tmp_path / "sar.pdf"), rules)
    rows = recommendations.extract(doc, extract_rules())
    assert [r.number for r in rows] == [str(i) for i in range(1, 12)]
    assert {r.source for r in rows} == {"SAR"}
    assert {r.page for r in rows} == {1, 2, 3}
