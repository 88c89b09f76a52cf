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


def test_roster_columns_map_to_role_and_organisation_by_their_headers(tmp_path, rules):
    from extractor.extract import people
    doc = build_document(B.roster_report(tmp_path / "roster.pdf"), rules)
    got = {p.name: (p.role, p.organisation) for p in people.extract(doc, rules)}
    assert got["Priya Raman"] == ("Head of Safeguarding", "Northmoor Hospitals NHS Trust")
    assert got["Tom Oduya"] == ("Detective Superintendent", "Northmoor Constabulary")
    assert got["Gareth Lowe"] == ("Assistant Director", "Northmoor County Council")
    # one "Role, Organisation" cell: the organisation is the segment ending in a kind word, wherever it stands;
    # a trailing segment ending in a role word stays in the role, an address is dropped
    assert got["Rosa Kettle"] == ("Principal, Colleges Representative", "Northmoor Sixth Form College")
    assert got["Ian Brodie"] == ("Service Manager, Quality Assurance", "Northmoor County Council")
    assert got["Sue Patel"] == ("Head of Community Safety", None)
