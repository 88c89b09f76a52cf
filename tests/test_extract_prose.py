"""General mechanisms on made-up passages: people named in prose beside a role in any case, council
departments as partners, the report's own fullest spelling as a partner's name, initials folded into
the full name, numbered lists broken across columns, recommendations written in prose, metric phrasings."""
import pytest

from extractor.extract import entities, metrics, people, recommendations
from extractor.extract.report_facts import ReportFacts
from extractor.extract.testing import extract_rules, make_doc, with_lines
from extractor.vocab.partners import registry_from


@pytest.fixture(scope="module")
def rules():
    return extract_rules()


def test_people_in_prose_with_lower_case_roles(rules):
    doc = make_doc([["The year was hard as Peter Quinlan, the previous independent chair left in May and the post",
                     "was vacant. In the interim the deputy chair, Maria Okafor, covered the post for the Board.",
                     "Northfield Council, the lead agency for housing, agreed the plan with partners."]])
    rows = people.extract(doc, rules)
    assert {r.name: r.role for r in rows} == {"Peter Quinlan": "previous independent chair", "Maria Okafor": "deputy chair"}


def test_prose_role_needs_a_head_noun_and_a_person(rules):
    doc = make_doc([["We thank Dorset Lakes, the senior partnership forum, and Green Valley, the new service.",
                     "Thanks go to Jane Smith, the new arrangements for training were hers."]])
    assert people.extract(doc, rules) == []


def test_council_departments_are_partners_of_their_own(rules):
    doc = make_doc([["Partner Organisations", "• Borsetshire County Council, Adult Social Care",
                     "• Borsetshire County Council - Education Services", "• Borsetshire County Council"]],
                   headings=("Partner Organisations",))
    ps, _ = entities.find_partners(doc, rules)
    assert {p.canonical_name for p in ps} == {"Borsetshire County Council, Adult Social Care",
                                             "Borsetshire County Council - Education Services",
                                             "Borsetshire County Council"}


def test_canonical_name_is_the_reports_own_fullest_spelling(rules):
    doc = make_doc([["Our partners include CAFCASS and the West Midlands Ambulance Service Foundation Trust.",
                     "West Midlands Police attended every meeting."]])
    ps, ms = entities.find_partners(doc, rules)
    by = {p.canonical_name: p for p in ps}
    assert set(by) == {"CAFCASS", "West Midlands Ambulance Service Foundation Trust", "West Midlands Police"}
    # the registry's id of the organisation stays the same whatever the spelling
    assert by["CAFCASS"].registry_id == "children-and-family-court-advisory-and-support-service"
    assert by["CAFCASS"].partner_id == "cafcass"


def test_initials_fold_into_the_full_name_and_names_split_at_inner_type_words(rules):
    reg = registry_from(rules)
    assert reg.same_org("BC and WB Clinical Commissioning Group", "Black Country and West Birmingham Clinical Commissioning Group")
    assert not reg.same_org("SWB CCG", "Sandwell and West Birmingham Hospitals NHS Trust")
    found = [m.surface for m in reg.find("NHS Redditch and Bromsgrove CCG Wyre Forest CCG and South Worcestershire CCG")]
    assert found == ["NHS Redditch and Bromsgrove CCG", "Wyre Forest CCG", "South Worcestershire CCG"]


def test_local_police_units_count_only_in_partner_lists(rules):
    doc = make_doc([["During 2020, Northfield Police have received more referrals, as West Midlands Police reported."]])
    ps, _ = entities.find_partners(doc, rules)
    assert [p.canonical_name for p in ps] == ["West Midlands Police"]


def test_numbered_list_set_in_two_columns_continues_past_a_heading(rules):
    doc = make_doc([["Areas of focus for the Board", "1. Strengthen the voice of the child in our work.",
                     "2. Publish revised thresholds guidance for partners.", "Contact details for the Board",
                     "3. Maintain scrutiny of services for vulnerable children.", "Some other text follows here."]],
                   headings=("Areas of focus for the Board", "Contact details for the Board"))
    # the second column's item sits above the heading on the page
    lines = list(doc.lines)
    head, third = lines[3], lines[4]
    from dataclasses import replace
    lines[4] = replace(third, top=head.top - 40, bottom=head.top - 29, x0=320.0)
    doc = with_lines(doc, lines)  # the paragraphs follow the moved line
    rows = recommendations.extract(doc, rules)
    assert [r.number for r in rows] == ["1", "2", "3"]


def test_recommendation_in_prose_from_a_peer_review(rules):
    doc = make_doc([["A peer review of the Board by the Local Government Association found duties were met.",
                     "The Peer Review identified the need for the Board to evaluate its impact on multi-agency "
                     "practice as a key next step and considered that there was good capacity for improvement.",
                     "Ofsted made a recommendation to the local authority about the need for the council to "
                     "improve its recording of the voice of the child."]])
    rows = recommendations.extract(doc, rules)
    assert [(r.source, r.text) for r in rows] == [("LGA", "The Board to evaluate its impact on multi-agency practice")]


def test_single_action_under_an_actions_required_heading(rules):
    doc = make_doc([["Section 11", "Partners were asked to submit assurance.", "Actions Required",
                     "• The Board has initiated the biennial Section 11 Audit for the coming year"]],
                   headings=("Section 11", "Actions Required"))
    rows = recommendations.extract(doc, rules)
    assert [(r.source, r.text) for r in rows] == [("Board", "The Board has initiated the biennial Section 11 Audit for the coming year")]


def test_headline_figure_phrasings(rules):
    doc = make_doc([["Safeguarding context",
                     "61,250 children and young people under the age of 18 live in Borsetshire",
                     "88 children identified being at risk of CSE",
                     "75 incidents of children going missing from care",
                     "990 referrals to CSC",
                     "300 children on CP plan as at March 2017",
                     "120 children in need with a disability"]])
    facts = ReportFacts(report_year="2016/17") if "report_year" in ReportFacts.__dataclass_fields__ else None
    rows = metrics.extract(doc, rules, facts)
    got = {(r.metric, r.value) for r in rows}
    assert got == {("children_population", 61250.0), ("cse_at_risk", 88.0), ("missing_episodes", 75.0),
                   ("referrals", 990.0), ("child_protection_plans", 300.0)}
    assert next(r.as_of for r in rows if r.metric == "child_protection_plans") == "2017-03"
