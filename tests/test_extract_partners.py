"""Partner registry and mentions: registry names, name shapes, folding of spellings, partner lists."""
import pytest

from extractor.extract.entities import find_partners
from extractor.extract.testing import extract_rules, make_doc
from extractor.vocab.partners import registry_from, slug


@pytest.fixture(scope="module")
def rules():
    return extract_rules()


@pytest.fixture(scope="module")
def reg(rules):
    return registry_from(rules)


def test_registry_aliases_and_abbreviations_fold_to_one_partner(reg):
    found = reg.find("West Midlands Police Service and WMP worked with West Midlands Police.")
    assert [m.canonical for m in found] == ["West Midlands Police"] * 3
    assert found[0].surface == "West Midlands Police Service"


def test_shapes_generalise_to_any_place(reg):
    (m,) = reg.find("Kirklees Clinical Commissioning Group (KCCG) is the leader of the local NHS.")
    assert m.canonical == "Kirklees Clinical Commissioning Group" and m.category == "health"
    (m,) = reg.find("funded by Black Country and West Birmingham CCG")
    assert m.canonical == "Black Country and West Birmingham Clinical Commissioning Group"


def test_two_names_joined_by_and_are_split(reg):
    names = [m.canonical for m in reg.find("The Local Authority and Wolverhampton Clinical Commissioning Group agreed")]
    assert names == ["Wolverhampton Clinical Commissioning Group"]


def test_boards_and_regulators_are_not_partners(reg):
    assert reg.find("the Wolverhampton Safeguarding Children Board (WSCB)") == []
    assert reg.is_excluded("Ofsted")
    assert reg.is_excluded("Health and Wellbeing Board")


def test_spelling_variants_of_one_report_are_one_partner(reg):
    assert reg.same_org("The Royal Wolverhampton NHS Trust", "Royal Wolverhampton Hospital Trust")
    assert reg.same_org("Wolverhampton City Council", "City of Wolverhampton Council")
    assert not reg.same_org("Wolverhampton Clinical Commissioning Group", "Black Country and West Birmingham CCG")


def test_slug_is_stable():
    assert slug("Children and Family Court Advisory and Support Service") == "children-and-family-court-advisory-and-support-service"
    assert slug("West Midlands Coroner’s Office") == "west-midlands-coroners-office"


def test_partner_list_keeps_unknown_organisations_and_context_only_ones(rules):
    doc = make_doc([[
        "Appendix 1 Relevant Agencies",
        "Wolverhampton Safeguarding Together will comprise of the agencies listed below:",
        "• Adoption at Heart",
        "• Care Quality Commission (CQC)",
        "• Housing Providers",
        "• West Midlands Coroner’s Office",
        "• West Midlands Police",
    ], ["The Care Quality Commission inspected a care home."]], headings=("Appendix 1 Relevant Agencies",))
    partners, mentions = find_partners(doc, rules)
    names = {p.canonical_name: p for p in partners}
    assert "West Midlands Police" in names and names["West Midlands Police"].in_registry
    assert "Care Quality Commission" in names  # named in the partner list
    assert "West Midlands Coroner’s Office" in names and not names["West Midlands Coroner’s Office"].in_registry
    assert "Housing Providers" not in names
    cqc = [m for m in mentions if m.partner_id == "care-quality-commission"]
    assert sum(m.count for m in cqc) == 3 and min(m.first_page for m in cqc) == 1


def test_regulator_named_only_in_passing_is_not_a_partner(rules):
    doc = make_doc([["The Care Quality Commission inspected the home; West Midlands Police attended."]])
    partners, _ = find_partners(doc, rules)
    assert [p.canonical_name for p in partners] == ["West Midlands Police"]
