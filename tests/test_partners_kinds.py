"""Partners by general mechanisms on boards the registry does not list: kind words give the category and
keep "Health and Care NHS Trust" whole, a name joining two partners splits, an organisation list's
unknown items and a paragraph saying what an organisation is name partners."""
import pytest

from extractor.extract.entities import find_partners
from extractor.extract.testing import extract_rules, make_doc
from extractor.vocab.partners import registry_from


@pytest.fixture(scope="module")
def rules():
    return extract_rules()


def _partners(doc, rules):
    ps, ms = find_partners(doc, rules)
    forms: dict[str, set] = {}
    for m in ms:
        forms.setdefault(m.partner_id, set()).add(m.surface_form)
    return {p.canonical_name: (p.category, forms.get(p.partner_id, set())) for p in ps}


def test_health_and_care_nhs_trust_is_found_whole_and_is_health(rules):
    reg = registry_from(rules)
    (m,) = reg.find("Training was attended by the Barset Health and Care NHS Trust in particular.")
    assert (m.surface, m.category) == ("Barset Health and Care NHS Trust", "health")
    # a name of no shape category takes its kind words' category
    assert reg.category_of("Northmoor Ambulance Service", "other") == "health"
    assert reg.category_of("Northmoor Constabulary Cadets", "other") == "police"
    assert reg.category_of("Hope for Families", "other") == "other"


def test_a_name_joining_two_partners_splits_into_both(rules):
    doc = make_doc([[
        "Northmoor Acute Hospitals NHS Trust reviewed its training packages this year.",
        "The Northmoor Health and Care NHS Trust supported the Family Front Door.",
        "Northmoor Acute Hospitals Health and Care Trust To review all training packages.",
    ]])
    got = _partners(doc, rules)
    assert "Northmoor Acute Hospitals Health and Care Trust" not in got
    joined = "Northmoor Acute Hospitals Health and Care Trust"
    assert joined in got["Northmoor Acute Hospitals NHS Trust"][1]
    assert joined in got["Northmoor Health and Care NHS Trust"][1]
    assert got["Northmoor Health and Care NHS Trust"][0] == "health"


def test_unknown_items_of_a_list_of_organisations_are_partners(rules):
    doc = make_doc([["Relevant Agencies", "The agencies below are relevant agencies of the partnership:",
                     "• Hope for Families", "• West Midlands Police", "• Northmoor County Council",
                     "• Northmoor Clinical Commissioning Group", "• Crown Prosecution Service"]],
                   headings=("Relevant Agencies",))
    got = _partners(doc, rules)
    assert "Hope for Families" in got
    # a list mostly of people or topics gives nothing: the registry must know most of its items
    doc = make_doc([["Relevant Agencies", "Our themes this year were:", "• Hope for Families",
                     "• Early Help", "• Neglect and Poverty", "• Northmoor County Council"]],
                   headings=("Relevant Agencies",))
    assert "Hope for Families" not in _partners(doc, rules)


def test_a_paragraph_saying_what_an_organisation_is_names_a_partner(rules):
    doc = make_doc([["Partner statements",
                     "Community Wellbeing and Sport (CWS) is a department that sits within the council, tasked "
                     "with improving the health of the local population.",
                     "CWS staff complete safeguarding training every year.",
                     "The Board is a partnership of the agencies of the area."]], headings=("Partner statements",))
    got = _partners(doc, rules)
    assert got["Community Wellbeing and Sport"][1] == {"Community Wellbeing and Sport", "CWS"}
    assert "The Board" not in got and "Board" not in got
