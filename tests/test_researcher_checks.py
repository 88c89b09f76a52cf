"""What a researcher records from a report, checked on built documents shaped like the Sandwell and
Worcestershire reports (an attendance roster whose agency cells span several rows, a revision-history
table) and on the word-style corpus itself."""
from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from extractor.extract import people
from extractor.extract.testing import extract_rules, make_doc


@pytest.fixture(scope="module")
def rules():
    return extract_rules()


def _people(doc, rules):
    return {p.name: (p.role, p.organisation) for p in people.extract(doc, rules)}


def test_an_agency_cell_spanning_rows_gives_every_person_under_it_the_agency(rules):
    doc = make_doc([["Attendance at Board meetings"]], tables=[(1, [
        ["Agency or sector", "Name", "Meetings attended"],
        ["Northmoor Health and Care NHS Trust", "", ""],
        ["", "Anna Fielding", "3/4"],
        ["", "Ben Crossley", "2/4"],
        ["Northmoor Constabulary", "Carl Dunmore", "4/4"],
        ["", "Dee Ellison", "1/4"],
        ["NHS England (In attendance when appropriate, represented by CCGs)", "Eve Foxton", "1/4"],
        ["Fortis Living (representing Housing Providers)", "Gil Hartley", "3/4"]])])
    got = _people(doc, rules)
    assert got["Anna Fielding"][1] == got["Ben Crossley"][1] == "Northmoor Health and Care NHS Trust"
    assert got["Dee Ellison"][1] == "Northmoor Constabulary"
    # a note in brackets after the agency is no part of its name
    assert got["Eve Foxton"][1] == "NHS England"
    assert got["Gil Hartley"][1] == "Fortis Living"


def test_a_revision_history_gives_no_date_or_description_as_a_role(rules):
    doc = make_doc([["Document control"]], tables=[(1, [
        ["Revision Date", "Editor", "Version", "Description of Revision"],
        ["June 2017", "Raj Bhatti", "1", "Initial version drafted"],
        ["August 2017", "Raj Bhatti", "2", "Additional information provided by partners"],
        ["September 2017", "Lena Ortiz", "3", "Final draft"]])])
    got = _people(doc, rules)
    assert got["Raj Bhatti"] == (None, None)
    assert got["Lena Ortiz"] == (None, None)


def _rows(output, table: str, name: str) -> list[dict]:
    reports = {r["report_id"]: r["source_path"] for r in pq.read_table(output / "reports.parquet").to_pylist()}
    return [r for r in pq.read_table(output / f"{table}.parquet").to_pylist() if name in reports[r["report_id"]]]


@pytest.mark.slow
def test_worcestershire_as_a_researcher_reads_it(word_output):
    ppl = {p["name"]: p for p in _rows(word_output, "people", "worcestershire")}
    # the roster's agency rows: people listed under an agency belong to it
    assert "Health and Care NHS Trust" in (ppl["Michelle Clarke"]["organisation"] or "")
    assert "Acute Hospitals NHS Trust" in (ppl["Lisa Miruszenko"]["organisation"] or "")
    assert ppl["Jason Wells"]["organisation"] == "West Mercia Police"
    assert ppl["Derek Benson"]["role"] == "Independent Chair"
    partners = {p["canonical_name"] for p in pq.read_table(word_output / "partners.parquet").to_pylist()}
    # one heading joining two trusts is not a third organisation
    assert "Worcestershire Acute Hospitals Health and Care Trust" not in partners
    metrics = {(m["metric"], m["value"]) for m in _rows(word_output, "metrics", "worcestershire")}
    assert {("children_in_need", 4067), ("looked_after_children", 764), ("child_protection_plans", 498),
            ("training_events", 70), ("training_attendees", 1983)} <= metrics
    recs = _rows(word_output, "recommendations", "worcestershire")
    assert {r["source"] for r in recs if r["text"].startswith("The board should")} == {"Ofsted"}


@pytest.mark.slow
def test_sandwell_as_a_researcher_reads_it(word_output):
    ppl = {p["name"]: p for p in _rows(word_output, "people", "sandwell")}
    assert ppl["Audrey Williamson"]["role"].endswith("Independent Chair")
    assert not any(p["role"] and p["role"][:3] in ("Jun", "Aug", "Sep") for p in ppl.values())  # no date as a role
    cats = {p["canonical_name"]: p["category"] for p in pq.read_table(word_output / "partners.parquet").to_pylist()}
    assert cats["Sandwell Children's Social Care Trust"] == "local_authority"
    assert cats["Black Country Partnership NHS Foundation Trust"] == "health"
    metrics = {(m["metric"], m["value"]) for m in _rows(word_output, "metrics", "sandwell")}
    assert {("children_population", 76867), ("looked_after_children", 608), ("child_protection_plans", 417),
            ("referrals", 1282), ("missing_episodes", 99), ("child_deaths", 40)} <= metrics
    prios = _rows(word_output, "priorities", "sandwell")
    assert len(prios) == 3 and {p["period"] for p in prios} == {"2016-18"}
