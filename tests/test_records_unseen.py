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


def test_a_run_of_priorities_shares_the_period_stated_before_it_and_has_descriptions(tmp_path, rules):
    from extractor.extract import priorities, report_facts
    doc = build_document(B.priorities_report(tmp_path / "prio.pdf"), rules)
    facts = report_facts.extract(doc, rules)
    rows = priorities.extract(doc, rules, facts)
    assert [r.title for r in rows] == ["Neglect and its impact", "Voice of the child", "Contextual safeguarding"]
    assert {r.period for r in rows} == {"2019-2021"}
    assert [r.lead for r in rows] == ["Ruth Okafor", "Sam Whitley", "Jo Ainsley"]
    assert rows[0].description == "We will make sure every practitioner recognises neglect early."
    assert all(r.description and r.description.startswith("We will") for r in rows)


def test_priorities_of_the_year_take_the_reports_year():
    from extractor.extract import priorities
    from extractor.extract.report_facts import ReportFacts
    from extractor.extract.testing import make_doc
    doc = make_doc([["2. The Board's activities during the year focussed on its priorities:",
                     "• Neglect", "• Exploitation outside the home", "• Early help",
                     "3. The inspection of children's services took place in the autumn."]])
    rows = priorities.extract(doc, extract_rules(), ReportFacts(report_year="2018/19", doc_type="annual_report"))
    assert [(r.title, r.period) for r in rows] == [("Neglect", "2018-19"), ("Exploitation outside the home", "2018-19"),
                                                   ("Early help", "2018-19")]
