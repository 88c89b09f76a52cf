"""Report facts, priorities, recommendations, people, funding, attendance and metrics on built Documents
(passages from the corpus)."""
import pytest

from extractor.extract import attendance, funding, metrics, people, priorities, recommendations, report_facts
from extractor.extract.testing import extract_rules, make_doc


@pytest.fixture(scope="module")
def rules():
    return extract_rules()


def test_report_facts_from_cover_and_signature(rules):
    doc = make_doc([
        ["Wolverhampton Safeguarding Children", "Board Annual Report 2016/17"],
        ["Foreword by the Independent Chair", "with the leadership of the new Chair, Linda Sanders the",
         "excellent work will continue.", "Alan Coe, Independent Chair, Wolverhampton Safeguarding Children Board"],
    ], title="Wolverhampton Safeguarding Children Board Annual Report 2016/17",
        headings=("Foreword by the Independent Chair",))
    f = report_facts.extract(doc, rules)
    assert f.board_name == "Wolverhampton Safeguarding Children Board"
    assert f.area == "Wolverhampton"
    assert (f.doc_type, f.report_year) == ("annual_report", "2016/17")
    assert (f.period_start, f.period_end) == ("2016-04-01", "2017-03-31")
    assert f.chair == "Alan Coe"


def test_report_facts_upper_case_cover_and_stated_period(rules):
    doc = make_doc([["WOLVERHAMPTON SAFEGUARDING", "TOGETHER", "Annual Report 2021 / 2022"],
                    ["Our report covers the period 1 April 2021 until 31 March 2022.", "Sally Roberts",
                     "Chair, Wolverhampton Safeguarding Together (WST) Executive Group"]])
    f = report_facts.extract(doc, rules)
    assert f.board_name == "Wolverhampton Safeguarding Together"
    assert f.report_year == "2021/22"
    assert (f.period_start, f.period_end) == ("2021-04-01", "2022-03-31")
    assert f.chair == "Sally Roberts"


def test_arrangements_have_no_period(rules):
    doc = make_doc([["Wolverhampton Safeguarding", "Together", "Our Arrangements for Safeguarding Children"],
                    ["We will explore in 2019 the most effective way.", "Funding formula for 2019-20 agreed."]])
    f = report_facts.extract(doc, rules)
    assert (f.doc_type, f.report_year, f.period_start, f.chair) == ("arrangements", "2019", None, None)


def test_priorities_with_leads(rules):
    doc = make_doc([[
        "Our review has helped us to re-shape our strategic priorities for 2017 to 2019.",
        "Priority 1: Effective Leadership, Challenge and Change", "Priority Lead: Emma Bennett",
        "We will operate an effective LSCB.",
        "Priority 2: Communicate and Engage", "Priority Lead: Stephen Dodd",
    ]], headings=("Priority 1: Effective Leadership, Challenge and Change", "Priority 2: Communicate and Engage"))
    rows = priorities.extract(doc, rules, None)
    assert [(r.priority_id, r.title, r.lead) for r in rows] == [
        ("testdoc00001-p01", "Effective Leadership, Challenge and Change", "Emma Bennett"),
        ("testdoc00001-p02", "Communicate and Engage", "Stephen Dodd")]
    assert rows[0].quote == "Effective Leadership, Challenge and Change"


def test_priorities_in_a_table_cell(rules):
    doc = make_doc([["The Priorities are as follows:"]],
                   tables=[(1, [["Priority", "Aim"], ["Priority 1: Exploitation", "To improve..."],
                                ["Priority 2: Mental Health", "To explore..."]])])
    assert [r.title for r in priorities.extract(doc, rules, None)] == ["Exploitation", "Mental Health"]


def test_recommendations_sources_and_ids(rules):
    doc = make_doc([[
        "Ofsted Recommendations 2017",
        "1. Further develop the board’s risk register to include those risks.",
        "2. Develop a robust training strategy (para. 129).",
        "Additional Areas of Focus",
        "1. Continue to strengthen the voice of the child.",
        "2. Publish a revised Thresholds to Support.",
    ]], headings=("Ofsted Recommendations 2017", "Additional Areas of Focus"))
    rows = recommendations.extract(doc, rules)
    assert [(r.recommendation_id, r.source, r.number) for r in rows] == [
        ("testdoc00001-r01", "Ofsted", "1"), ("testdoc00001-r02", "Ofsted", "2"),
        ("testdoc00001-r03", "Board", "1"), ("testdoc00001-r04", "Board", "2")]
    assert rows[2].text == "Continue to strengthen the voice of the child."


def test_rec_labels_in_a_table_cell(rules):
    doc = make_doc([["Overview", "There was 1 Safeguarding Adult Review during the period."]],
                   tables=[(1, [["Finding", "Recommendation"],
                                ["1 Pathway", "Rec 1: Agencies should develop a pathway. Rec 2: Police to use DAPOs."]])])
    rows = recommendations.extract(doc, rules)
    assert [(r.number, r.source, r.text) for r in rows] == [
        ("1", "SAR", "Agencies should develop a pathway."), ("2", "SAR", "Police to use DAPOs.")]


def test_people_from_membership_table_and_text(rules):
    doc = make_doc([["Chief Superintendent Richard Fisher will chair the group."]], tables=[(1, [
        ["Member Details", "Group / Role"],
        ["DCI Derek Lambert", "Detective Chief Inspector, West Midlands Police"],
        ["Andrea Dill- Russell", "Student Services Director, Wolverhampton College"],
        ["Whitburn Close", "Email:"]])])
    rows = {p.name: p for p in people.extract(doc, rules)}
    assert set(rows) == {"Derek Lambert", "Andrea Dill-Russell", "Richard Fisher"}
    assert rows["Derek Lambert"].organisation == "West Midlands Police"
    assert rows["Andrea Dill-Russell"].role == "Student Services Director"
    assert rows["Richard Fisher"].role == "Chief Superintendent"


def test_funding_table(rules):
    doc = make_doc([["The WSCB receives the following contributions from partners:"]], tables=[(1, [
        ["Contributing Agency", "WSCB"], ["West Midlands Police", "14,923"], ["Fees (numerous)", "2,610"],
        ["Use of Reserves", "35,538"], ["TOTAL", "268,445"]])])
    rows = funding.extract(doc, rules, ())
    assert [(r.agency, r.amount_gbp, r.kind) for r in rows] == [
        ("West Midlands Police", 14923.0, "contribution"), ("Fees (numerous)", 2610.0, "fees"),
        ("Use of Reserves", 35538.0, "reserves"), ("TOTAL", 268445.0, "total")]
    assert rows[0].partner_id == "west-midlands-police"


def test_small_count_table_is_not_funding(rules):
    doc = make_doc([["Number of child deaths:"]], tables=[(1, [["Neonatal", "12"], ["Expected", "6"], ["Total", "26"]])])
    assert funding.extract(doc, rules, ()) == []


def test_attendance_fractions_and_ticks(rules):
    doc = make_doc([["Board attendance 2016/17"]], tables=[(1, [
        ["Agency", "Name", "Attendance"], ["West Mercia Police", "Kevin Dicks", "3/4"], ["CAFCASS", "", "1 of 4"]]),
        (1, [["Member", "Attendance Jun", "Sep", "Dec"], ["Jane Stanley", "✓", "✓", "x"]])])
    rows = [(r.name, r.agency, r.attended, r.possible) for r in attendance.extract(doc, rules)]
    assert rows == [("Kevin Dicks", "West Mercia Police", 3, 4), (None, "CAFCASS", 1, 4), ("Jane Stanley", None, 2, 3)]


def test_metrics_from_sentences_with_earlier_values(rules):
    doc = make_doc([[
        "2,042 children and young people were identified through assessment as being formally in need of a",
        "specialist children’s service as of September 2016, this is down from 2,225 in March 2016 and 2817 in",
        "March 2015. 40 children were adopted.",
        "We published two Serious Case Reviews in 2016 – 17.",
        "Of the 3,806 concerns reported, some 440 cases led to s42 enquiries (or 11.5% of total).",
    ]])
    facts = report_facts.ReportFacts(report_year="2016/17")
    got = {(m.metric, m.value, m.as_of) for m in metrics.extract(doc, rules, facts)}
    assert ("children_in_need", 2042.0, "2016-09") in got
    assert ("children_in_need", 2225.0, "2016-03") in got
    assert ("children_in_need", 2817.0, "2015-03") in got
    assert ("serious_case_reviews", 2.0, "2016/17") in got
    assert ("s42_enquiries", 440.0, "2016/17") in got
    assert not any(v == 11.5 or v == 40.0 for _, v, _ in got)


def test_metrics_from_quarterly_table(rules):
    doc = make_doc([["The following table shows Early Help Assessments."]], tables=[(1, [
        ["Measure", "Period", "Quarter 1", "Quarter 2", "Quarter 3", "Quarter 4"],
        ["Number of EHAs Initiated", "2016-17", "525", "354", "406", "1830"],
        ["Number of EHAs Completed", "2016-17", "213", "116", "1724", "1219"]])])
    facts = report_facts.ReportFacts(report_year="2016/17")
    got = [(m.value, m.as_of) for m in metrics.extract(doc, rules, facts) if m.metric == "early_help_assessments"]
    assert got == [(525.0, "2016-06"), (354.0, "2016-09"), (406.0, "2016-12"), (1830.0, "2017-03")]
