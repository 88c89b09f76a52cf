"""Records of reports shaped like other boards' (built PDFs, not the gold reports): attributes decided
by general mechanisms, the same for every row they apply to."""
from __future__ import annotations

import pytest
import record_builders as B

from extractor.extract import recommendations
from extractor.extract.testing import extract_rules
from extractor.pipeline import build_document
from extractor.rules import load_rules


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


def _facts(tmp_path, rules, name, cover, pages):
    from extractor.extract import report_facts
    return report_facts.extract(build_document(B.cover_report(tmp_path / name, cover, pages), rules), rules)


def test_a_stated_july_to_june_period_wins_over_the_label(tmp_path, rules):
    f = _facts(tmp_path, rules, "july.pdf", [("Northmoor Safeguarding Children Partnership", 20),
                                             ("Annual Report 2019/20", 16)],
               [["Foreword", "This report covers the period 1 July 2019 – 30 June 2020 and sets out our work.",
                 "We thank every partner for their commitment over the year."]])
    assert (f.report_year, f.period_start, f.period_end) == ("2019/20", "2019-07-01", "2020-06-30")


def test_a_month_range_period_is_read_and_gives_the_year(tmp_path, rules):
    f = _facts(tmp_path, rules, "sept.pdf", [("Northmoor Safeguarding Children Partnership", 20), ("Yearly Report", 16)],
               [["Introduction", "This annual report covers September 2019 – March 2020, the first months of the",
                 "new arrangements. The partnership was founded in 1998 and met in 2018 to plan."]])
    assert (f.report_year, f.period_start, f.period_end) == ("2019/20", "2019-09-01", "2020-03-31")


def test_no_printed_year_gives_no_year(tmp_path, rules):
    f = _facts(tmp_path, rules, "noyear.pdf", [("Northmoor Safeguarding Children Partnership", 20), ("Annual Report", 16)],
               [["Foreword", "The Board was founded in 1998. In 2018 we reviewed our structure and in 2018 we",
                 "agreed new priorities. Our plans for 2021/22 are set out at the end."]])
    assert (f.doc_type, f.report_year, f.period_start, f.period_end) == ("annual_report", None, None, None)


def test_chair_from_an_upper_case_title_line_and_not_another_boards_chair(tmp_path, rules):
    f = _facts(tmp_path, rules, "chair.pdf", [("NORTHMOOR SAFEGUARDING CHILDREN PARTNERSHIP", 18),
                                              ("ANNUAL REPORT 2019/20", 16),
                                              ("DR JANE ROE, CHAIR OF THE EXECUTIVE AND INDEPENDENT SCRUTINEER", 11)],
               [["Foreword", "We welcomed Tom Hale, Independent Chair of Southby Safeguarding Adults Board, to",
                 "our annual conference in the spring."]])
    assert f.chair == "Jane Roe"


def test_chair_from_a_roster_row(tmp_path, rules):
    from extractor.extract import report_facts
    from extractor.extract.testing import make_doc
    doc = make_doc([["Northmoor Safeguarding Children Board Annual Report 2018/19"], ["Attendance"]],
                   tables=[(2, [["Role", "Name", "Attended"], ["Independent Chair", "Derek Amos", "4/4"],
                                ["Director of Children's Services", "Ann Lowe", "3/4"]])])
    assert report_facts.extract(doc, rules).chair == "Derek Amos"


def test_board_name_from_an_abbreviation_only_cover(tmp_path, rules):
    f = _facts(tmp_path, rules, "abbr.pdf", [("KSCB", 30), ("Annual Report 2018/19", 16)],
               [["The Kentmoor Safeguarding Children Board (KSCB) works with the Kentmoor Safeguarding",
                 "Adults Board. The Kentmoor Safeguarding Adults Board met four times; the Kentmoor Safeguarding",
                 "Adults Board chair attended. The Kentmoor Safeguarding Adults Board agreed a joint plan."]])
    assert (f.board_name, f.area) == ("Kentmoor Safeguarding Children Board", "Kentmoor")


def test_board_name_from_a_lower_case_logo_line_and_split_lscb_lines(tmp_path, rules):
    f = _facts(tmp_path, rules, "logo.pdf", [("northmoor safeguarding children partnership", 20),
                                             ("Annual Report 2019/20", 16)], [["Foreword", "Welcome."]])
    assert (f.board_name, f.area) == ("Northmoor Safeguarding Children Partnership", "Northmoor")
    f = _facts(tmp_path, rules, "split.pdf", [("Barsetshire", 24), ("LSCB", 24), ("Annual Report 2017-18", 16)],
               [["Foreword", "Welcome to our report."]])
    assert (f.board_name, f.area, f.report_year) == ("Barsetshire Local Safeguarding Children Board", "Barsetshire",
                                                     "2017/18")


def test_doc_type_by_the_phrase_printed_first(tmp_path, rules):
    f = _facts(tmp_path, rules, "dt1.pdf", [("Northmoor Safeguarding Children Partnership", 20),
                                            ("Annual Report on Safeguarding Arrangements 2019/20", 14)], [["Welcome."]])
    assert f.doc_type == "annual_report"
    f = _facts(tmp_path, rules, "dt2.pdf", [("NORTHMOOR SAFEGUARDING CHILDREN PARTNERSHIP", 20),
                                            ("OUR NEW ARRANGEMENTS", 18)], [["Welcome."]])
    assert f.doc_type == "arrangements"


def test_people_in_appositions_appointments_contents_and_upper_case_lines(tmp_path, rules):
    from extractor.extract import people
    path = B.cover_report(tmp_path / "people.pdf", [("NORTHMOOR SAFEGUARDING CHILDREN PARTNERSHIP", 18),
                                                    ("DR HANNAH WREN, CHAIR OF THE EXECUTIVE GROUP AND LEAD NURSE", 11)],
                          [["Contents", "Foreword by Marcus Bell, Independent Chair 3", "Our year 5"],
                           ["The review was led by Oliver Grant, an independent consultant, who reported in March.",
                            "In May the partners appointed Priya Shah as Independent Scrutineer for two years."]])
    doc = build_document(path, rules)
    got = {p.name: p.role for p in people.extract(doc, rules)}
    assert got.get("Marcus Bell", "").startswith("Independent Chair")
    assert got.get("Oliver Grant") == "independent consultant"
    assert got.get("Priya Shah", "").startswith("Independent Scrutineer")
    assert got.get("Hannah Wren", "").startswith("Chair of the Executive Group")


def test_metrics_from_a_performance_table_take_their_column_year(tmp_path, rules):
    from extractor.extract import metrics, report_facts
    doc = build_document(B.performance_report(tmp_path / "perf.pdf"), rules)
    rows = metrics.extract(doc, rules, report_facts.extract(doc, rules))
    got = {(r.metric, r.as_of): r.value for r in rows}
    assert got[("children_in_need", "2016/17")] == 1204 and got[("children_in_need", "2018/19")] == 1287
    assert got[("child_protection_plans", "2017/18")] == 188
    assert got[("looked_after_children", "2018/19")] == 420
    assert got[("referrals", "2017/18")] == 2950
    assert got[("missing_episodes", "2016/17")] == 310
    assert got[("s42_enquiries", "2018/19")] == 160
    assert not [r for r in rows if r.value in (18, 17, 16)]  # a rate is not a count


def test_attendance_keeps_several_agencies_of_one_cell_apart(rules):
    from extractor.extract import attendance
    from extractor.extract.testing import make_doc
    doc = make_doc([["Attendance at Board meetings"]], tables=[(1, [
        ["Agency", "Name", "Meetings attended"],
        ["NHS Barset CCG Southby CCG and North Barset CCG", "Ann Hope", "3/4"],
        ["Barset Health and Care NHS Trust", "Tom Reed", "2/4"]])])
    got = {r.name: r.agency for r in attendance.extract(doc, rules)}
    assert got == {"Ann Hope": "NHS Barset CCG; Southby CCG and North Barset CCG",
                   "Tom Reed": "Barset Health and Care NHS Trust"}


def test_a_childrens_social_care_trust_is_the_local_authoritys_not_health(rules):
    from extractor.vocab.partners import registry_from
    reg = registry_from(rules)
    assert [(m.canonical, m.category) for m in reg.find("Barsetshire Children's Social Care Trust took over")] == [
        ("Barsetshire Children's Social Care Trust", "local_authority")]
    assert [m.category for m in reg.find("Barsetshire Hospitals NHS Trust")] == ["health"]


def test_recommendations_of_a_peer_review_whatever_their_numbering(tmp_path, rules):
    path = B.cover_report(tmp_path / "peer.pdf", [("Northmoor Safeguarding Children Partnership", 20),
                                                  ("Annual Report 2019/20", 16)],
                          [["The peer review of the partnership took place in June and reported in July.",
                            "R1. The partnership should publish its learning from reviews within three months.",
                            "Recommendation Two: The partnership should audit the quality of strategy discussions.",
                            "Recommendation iii - The partners should agree a neglect strategy with schools."]])
    rows = recommendations.extract(build_document(path, rules), extract_rules())
    assert [(r.source, r.number) for r in rows] == [("LGA", "1"), ("LGA", "2"), ("LGA", "3")]
    assert rows[2].text == "The partners should agree a neglect strategy with schools."


def test_funders_named_by_capitals_or_by_kind_point_at_the_reports_partner(tmp_path, rules):
    """'CCC' (never defined) is the one partner whose initials it is; 'Police' is the report's clearly
    leading police partner; 'Health' names a sector of several bodies and stays unlinked."""
    from extractor.extract.registry import run_extractors

    ex = run_extractors(build_document(B.funding_report(tmp_path / "funding.pdf"), rules), rules)
    by_agency = {r.agency: r.partner_id for r in ex.funding if r.kind == "contribution"}
    ids = {p.partner_id for p in ex.partners}
    council = next(p.partner_id for p in ex.partners if p.canonical_name == "Cumbria County Council")
    police = next(p.partner_id for p in ex.partners if p.category == "police")
    assert by_agency == {"CCC": council, "Police": police, "Health": None}
    assert "ccc" not in ids  # the capitals folded into the council, not a partner of their own
    assert {m.surface_form for m in ex.mentions if m.partner_id == council} >= {"CCC", "Cumbria County Council"}
