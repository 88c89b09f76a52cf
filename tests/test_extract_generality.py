"""General mechanisms of the extract stage, on short passages shaped like other boards' reports
(not the gold reports): priorities' lead-ins and titles, recommendations in bullets and action-plan
tables, income vs spending in finance tables, rosters read by column, names vs place words."""
import pytest

from extractor.extract import attendance, entities, funding, people, priorities, recommendations
from extractor.extract.report_facts import ReportFacts
from extractor.extract.testing import extract_rules, make_doc


@pytest.fixture(scope="module")
def rules():
    return extract_rules()


def test_priority_title_is_the_whole_wrapped_sentence(rules):
    doc = make_doc([["Summary of performance against 2016/17 strategic priorities",
                     "5.1 Strategic Priority 1: The Board communicates effectively to ensure that the work of the",
                     "Board is well publicised, that learning is disseminated and that the voice of children is heard.",
                     "5.2 Whilst the peer review commented on improvements, more was done."]],
                   headings=("Summary of performance against 2016/17 strategic priorities",))
    rows = priorities.extract(doc, rules)
    assert [r.title for r in rows] == ["The Board communicates effectively to ensure that the work of the Board is "
                                       "well publicised, that learning is disseminated and that the voice of children is heard"]


def test_priority_list_needs_priorities_as_the_object_of_its_lead_in(rules):
    doc = make_doc([["The group has responsibility for data in respect of strategic priorities and is mandated by the board to:",
                     "• Produce a performance dashboard.", "• Identify trends from data.",
                     "Some prose in between.",
                     "2. The Board's activities during the year focussed on its priorities:",
                     "• Young people at the point of transition", "• Children with disabilities", "• Early Help"]])
    rows = priorities.extract(doc, rules)
    assert [r.title for r in rows] == ["Young people at the point of transition", "Children with disabilities", "Early Help"]


def test_bulleted_recommendations_after_a_lead_in_take_the_heading_source(rules):
    doc = make_doc([["Ofsted Review of the Board", "The inspectors reviewed the board in October.",
                     "The recommendations were:",
                     "• The board should ensure that there is an agreed governance structure in place.",
                     "• The board should strengthen its case file audit programme."],
                    ["At the Board meeting in March the action plan was approved."]],
                   headings=("Ofsted Review of the Board",))
    rows = recommendations.extract(doc, rules)
    assert [(r.source, r.text) for r in rows] == [
        ("Ofsted", "The board should ensure that there is an agreed governance structure in place."),
        ("Ofsted", "The board should strengthen its case file audit programme.")]


def test_action_plan_table_rows_are_the_boards_recommendations(rules):
    doc = make_doc([["Looking Ahead", "Detailed below is the Board's plan to drive forward areas of development."]],
                   tables=[(1, [["Ref.", "Action", "Board Priority", "Completion Date"],
                                ["1", "Develop a Safeguarding Board Communications Strategy", "Priority 1", "Mar 2018"],
                                ["2", "Refresh the threshold document with partners", "Priority 2", "Dec 2017"],
                                ["3", "No recommendation required", "Priority 3", "Dec 2017"]])],
                   headings=("Looking Ahead",))
    rows = recommendations.extract(doc, rules)
    assert [(r.source, r.number, r.text) for r in rows] == [
        ("Board", "1", "Develop a Safeguarding Board Communications Strategy"),
        ("Board", "2", "Refresh the threshold document with partners")]


def test_funding_keeps_income_rows_and_drops_the_spending_part(rules):
    doc = make_doc([["Financial Statement"]], tables=[(1, [
        ["", "Board Budget", "Total"],
        ["", "Expenditure £", ""],
        ["Independent Chair", "19,178", "19,178"],
        ["Serious Case Reviews", "2,335", "2,335"],
        ["Total Expenditure", "21,513", "21,513"],
        ["", "Income £", ""],
        ["Agency Contributions", "", ""],
        ["County Council - 50%", "(122,647)", "(122,647)"],
        ["Police (10%)", "(24,529)", "(24,529)"],
        ["Total income", "(147,176)", "(147,176)"]])])
    rows = funding.extract(doc, rules)
    assert [(r.agency, r.amount_gbp, r.kind) for r in rows] == [
        ("County Council", 122647.0, "contribution"), ("Police", 24529.0, "contribution"),
        ("Total income", 147176.0, "total")]
    assert rows[0].quote == "County Council - 50%"  # verbatim


def _roster_doc():
    return make_doc([["Appendix 3 Attendance at Board Meetings"]], tables=[(1, [
        ["Agency or sector", "Name", "Meetings attended"],
        ["Independent Chair", "Derek Smith", "4/4"],
        ["District Councils", "Kevin Jones", "3/4"],
        ["", "Judith Brown (deputising)", "1/4"],
        ["First Schools", "Tracey O'Keefe Pullen", "3/4"],
        ["Further Education Colleges", "Anna Place", "2/4"],
        ["Fortis Living (representing Housing Providers)", "Clare Jackson", "3/4"]])],
        headings=("Appendix 3 Attendance at Board Meetings",))


def test_attendance_reads_the_column_of_people_not_each_cell(rules):
    rows = [(r.name, r.agency, r.attended, r.possible) for r in attendance.extract(_roster_doc(), rules)]
    assert rows == [("Derek Smith", "Independent Chair", 4, 4), ("Kevin Jones", "District Councils", 3, 4),
                    ("Judith Brown", "District Councils", 1, 4), ("Tracey O'Keefe Pullen", "First Schools", 3, 4),
                    ("Anna Place", "Further Education Colleges", 2, 4),
                    ("Clare Jackson", "Fortis Living (representing Housing Providers)", 3, 4)]


def test_roster_people_come_with_their_role(rules):
    got = {p.name: (p.role, p.organisation) for p in people.extract(_roster_doc(), rules)}
    # the "Agency or sector" column holds organisations; a role written there stays a role
    assert got["Kevin Jones"] == (None, "District Councils")
    # (a note in brackets after the agency is no part of its name: issue 14b)
    assert got["Clare Jackson"] == (None, "Fortis Living")
    assert got["Derek Smith"] == ("Independent Chair", None)
    assert "District Councils" not in got and "First Schools" not in got


def test_place_words_come_from_the_report_not_a_list(rules):
    doc = make_doc([["The report was shared with Dudley Smith, Chair of the Panel.",
                     "Thanks go to Barset Council, Chair of the Forum, for hosting."]])
    facts = ReportFacts(board_name="Barset Safeguarding Children Board", area="Barset")
    names = [p.name for p in people.extract(doc, rules, facts)]
    assert "Dudley Smith" in names          # a first name that is also a town
    assert "Barset Council" not in names    # the report's own area is a place


def test_a_phrase_before_a_place_is_not_part_of_the_organisation(rules):
    doc = make_doc([["Members of the Board include:", "• Barset County Council",
                     "The Development of West Mercia Police capabilities continued."]])
    ps, _ = entities.find_partners(doc, rules)
    names = {p.canonical_name for p in ps}
    assert "West Mercia Police" in names and not any(n.startswith("Development") for n in names)


def test_national_bodies_named_in_passing_are_not_partners(rules):
    doc = make_doc([["Guidance from NHS England was published in May and the NSPCC ran a campaign."]])
    ps, _ = entities.find_partners(doc, rules)
    assert {p.canonical_name for p in ps} == set()
