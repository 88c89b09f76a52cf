"""The section tree from the outline (word style) and from typography (brochure, built PDFs)."""
from pathlib import Path

import pytest
from builders import contents_report, headed_report, numbered_report

from extractor.pipeline import build_document
from extractor.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
BROCHURE = ROOT.parent / "shared" / "corpus-styles" / "brochure"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_typography_levels_without_outline(tmp_path, rules):
    doc = build_document(headed_report(tmp_path / "h.pdf"), rules)
    got = [(s.level, s.title, s.page_start, s.kind) for s in doc.sections if s.kind != "cover"]
    assert got == [
        (1, "Foreword", 1, "foreword"),
        (2, "Our year in brief", 1, "other"),
        (1, "Chapter 2: Learning from case reviews", 2, "learning_reviews"),
        (2, "Serious Case Reviews", 2, "learning_reviews"),
        (3, "Recommendations for the Board", 2, "learning_reviews"),
        (1, "Appendix A. Finance", 3, "appendix"),
    ]
    by_title = {s.title: s for s in doc.sections}
    chapter = by_title["Chapter 2: Learning from case reviews"]
    assert by_title["Serious Case Reviews"].parent == chapter.index
    assert by_title["Recommendations for the Board"].parent == by_title["Serious Case Reviews"].index
    assert chapter.page_end == 2 and by_title["Appendix A. Finance"].page_end == 3
    # furniture is not section text
    assert "Page 2 of 3" not in chapter.text and "Annual Report" not in by_title["Serious Case Reviews"].text


def test_outline_sections_word_style(rules):
    doc = build_document(ROOT / "corpus" / "wolverhampton-wscb-2016-17.pdf", rules)
    titles = [(s.level, s.title, s.page_start) for s in doc.sections]
    assert (1, "Chapter 1: What Ofsted told us", 4) in titles
    assert (3, "Ofsted Recommendations 2017", 25) in titles
    appendix_d = next(s for s in doc.sections if s.title.startswith("Appendix D"))
    assert appendix_d.kind == "appendix" and appendix_d.page_end == 29
    ofsted = next(s for s in doc.sections if s.title == "Chapter 1: What Ofsted told us")
    assert "Children’s Services in Wolverhampton have been judged" in ofsted.text


def test_brochure_sections_from_typography(rules):
    doc = build_document(BROCHURE / "wolverhampton-wscb-2016-17.pdf", rules)
    assert not doc.outline
    titles = {(s.level, s.title, s.page_start) for s in doc.sections}
    assert (1, "Chapter 1: What Ofsted told us", 4) in titles
    assert (2, "Wolverhampton in numbers:", 7) in titles
    assert (1, "Chapter 8: What we have learnt: the priorities and challenges for next year", 18) in titles
    # a wrapped heading is one section, and running headers are not headings
    assert not any(s.title == "WSCB Annual Report 2016/17" for s in doc.sections)


def test_contents_page_recovers_headings_in_body_type(tmp_path, rules):
    doc = build_document(contents_report(tmp_path / "c.pdf"), rules)
    got = [(s.level, s.title, s.page_start) for s in doc.sections if s.kind not in ("cover", "contents")]
    assert got == [(1, "Introduction", 2), (2, "Our local area", 2),
                   (1, "Learning from reviews", 3), (2, "Case review findings", 3)]
    intro = next(s for s in doc.sections if s.title == "Introduction")
    assert intro.text.startswith("every quarter to review the impact")
    assert "Our local area" not in intro.text  # the subsection starts its own section


def test_numbering_depth_sets_levels_within_one_style(tmp_path, rules):
    doc = build_document(numbered_report(tmp_path / "n.pdf"), rules)
    got = [(s.level, s.number, s.title) for s in doc.sections if s.kind != "cover"]
    assert got == [(1, "1", "1. Introduction"), (2, "1.1", "1.1 Purpose of this report"),
                   (2, "1.2", "1.2 Our area"), (1, "2", "2. Governance"), (2, "2.1", "2.1 Board membership"),
                   (3, "2.1.1", "2.1.1 Lay members")]
