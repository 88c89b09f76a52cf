"""`extract diff`: rows matched by stable keys, not positions; text, JSON and HTML; exit codes.

The datasets are written from hand-made rows (no PDF needed), so each case
says exactly what changed.
"""
from __future__ import annotations

import json
from dataclasses import replace

from extractor.dataset.rows import CellRow, MetricRow, ReportRow, SectionRow, TableRow
from extractor.store.diff import diff_folders, to_json, to_text
from extractor.store.diff_html import to_html
from extractor.store.writer import write_dataset
from tests.conftest import run_extract

RID = "abcdef123456"


def report() -> ReportRow:
    return ReportRow(report_id=RID, source_path="in/a.pdf", sha256=RID + "0" * 52, n_pages=9, title="Annual",
                     board_name=None, area=None, doc_type="annual_report", report_year="2016/17",
                     period_start=None, period_end=None, chair=None, status="ok", extractor_version="0.1.0")


def section(i: int, title: str, text: str = "body", parent: int | None = None, kind: str = "other") -> SectionRow:
    return SectionRow(report_id=RID, section_id=f"{RID}-s{i:03d}",
                      parent_id=f"{RID}-s{parent:03d}" if parent is not None else None, level=1 if parent is None else 2,
                      number=None, title=title, kind=kind, page_start=i + 1, page_end=i + 1, text=text)


def dataset(folder, sections, cells=(("Agency", "£"), ("Police", "1,000")), metrics=()):
    tid = f"{RID}-t000"
    rows = {"reports": [report()], "sections": list(sections),
            "tables": [TableRow(RID, tid, sections[-1].section_id, 4, 4, len(cells), 2, 1, "Funding", "funding")],
            "table_cells": [CellRow(RID, tid, r, c, text, None, r == 0)
                            for r, row in enumerate(cells) for c, text in enumerate(row)],
            "metrics": list(metrics)}
    write_dataset(folder, rows, {"files": []})
    return folder


BASE = [section(0, "Foreword"), section(1, "Priorities", parent=0), section(2, "Finance")]
METRIC = MetricRow(RID, "referrals", 1200.0, None, "2016/17", 5, "There were 1,200 referrals")


def test_identical_folders(tmp_path):
    a = dataset(tmp_path / "a", BASE, metrics=[METRIC])
    b = dataset(tmp_path / "b", BASE, metrics=[METRIC])
    d = diff_folders(a, b)
    assert d.identical and to_text(d).startswith("identical")
    assert json.loads(to_json(d))["identical"] is True
    r = run_extract(["diff", a, b])
    assert r.returncode == 0, r.stderr


def test_an_inserted_section_is_one_addition_not_a_cascade(tmp_path):
    a = dataset(tmp_path / "a", BASE)
    # a new first section shifts every section id (and the table's section_id) by one
    shifted = [section(0, "Cover", kind="cover")] + [
        replace(s, section_id=f"{RID}-s{int(s.section_id[-3:]) + 1:03d}",
                parent_id=s.parent_id and f"{RID}-s{int(s.parent_id[-3:]) + 1:03d}") for s in BASE]
    b = dataset(tmp_path / "b", shifted)
    d = diff_folders(a, b)
    assert list(d.reports) == [RID]
    assert {name: (len(t.added), len(t.removed), len(t.changed)) for name, t in d.reports[RID].items()} == \
        {"sections": (1, 0, 0)}
    assert d.reports[RID]["sections"].added[0]["title"] == "Cover"


def test_changed_values_side_by_side_with_page_and_quote(tmp_path):
    a = dataset(tmp_path / "a", BASE, metrics=[METRIC])
    changed = [BASE[0], replace(BASE[1], kind="priorities", text="new body"), BASE[2]]
    extra = MetricRow(RID, "child_deaths", 7.0, None, "2016/17", 6, "7 child deaths were reviewed")
    b = dataset(tmp_path / "b", changed, cells=(("Agency", "£"), ("Police", "2,000")), metrics=[METRIC, extra])
    d = diff_folders(a, b)
    tables = d.reports[RID]
    [sec] = tables["sections"].changed
    assert sec.columns == ["kind", "text"] and (sec.old["kind"], sec.new["kind"]) == ("other", "priorities")
    [cell] = tables["table_cells"].changed
    assert (cell.old["text"], cell.new["text"]) == ("1,000", "2,000")
    assert [m["metric"] for m in tables["metrics"].added] == ["child_deaths"]

    text = to_text(d)
    assert "kind: 'other' -> 'priorities'" in text and "'1,000' -> '2,000'" in text
    assert "p.6" in text and "7 child deaths were reviewed" in text  # page and quote
    js = json.loads(to_json(d))
    assert js["reports"][RID]["tables"]["sections"]["changed"][0]["changes"]["kind"] == ["other", "priorities"]
    page = to_html(d)
    assert page.startswith("<!doctype html>") and "child_deaths" in page and "<script" not in page

    html_file = tmp_path / "d.html"
    r = run_extract(["diff", a, b, "--html", html_file])
    assert r.returncode == 1 and "sections: 0 added, 0 removed, 1 changed" in r.stdout
    assert html_file.read_text().startswith("<!doctype html>")
    r = run_extract(["diff", a, b, "--json"])
    assert r.returncode == 1 and json.loads(r.stdout)["identical"] is False


def test_a_removed_report_and_errors(tmp_path):
    a = dataset(tmp_path / "a", BASE)
    b = tmp_path / "b"
    write_dataset(b, {}, {"files": []})
    d = diff_folders(a, b)
    assert len(d.reports[RID]["reports"].removed) == 1 and len(d.reports[RID]["sections"].removed) == 3

    r = run_extract(["diff", a, tmp_path / "missing"])
    assert r.returncode == 2 and "no such folder" in r.stderr
    (tmp_path / "empty").mkdir()
    r = run_extract(["diff", tmp_path / "empty", a])
    assert r.returncode == 2 and "not a dataset" in r.stderr


def test_report_scale_summary_notes_and_collapsed_sections(tmp_path):
    a = dataset(tmp_path / "a", BASE, metrics=[METRIC])
    changed = [BASE[0], replace(BASE[1], kind="priorities"), BASE[2]]
    extra = MetricRow(RID, "child_deaths", 7.0, None, "2016/17", 6, "7 child deaths were reviewed")
    b = tmp_path / "b"
    rows = {"reports": [report()], "sections": changed, "metrics": [METRIC, extra]}
    write_dataset(b, rows, {"files": [], "rules_fingerprint": "new", "extractor_version": "0.1.0"})
    write_dataset(a, {"reports": [report()], "sections": BASE, "metrics": [METRIC]},
                  {"files": [], "rules_fingerprint": "old", "extractor_version": "0.1.0"})
    d = diff_folders(a, b)
    assert d.totals() == {"sections": {"added": 0, "removed": 0, "changed": 1},
                          "metrics": {"added": 1, "removed": 0, "changed": 0}}
    assert d.notes == ["rules fingerprint differs: old -> new"]  # the version is the same: no note

    text = to_text(d)
    assert "note: rules fingerprint differs: old -> new" in text
    assert any(line.split() == ["sections", "0", "0", "1"] for line in text.splitlines())  # the summary table

    js = json.loads(to_json(d))
    assert js["summary"]["metrics"] == {"added": 1, "removed": 0, "changed": 0} and js["notes"] == d.notes
    [added] = js["reports"][RID]["tables"]["metrics"]["added"]
    assert added["page"] == 6 and added["row"]["metric"] == "child_deaths"
    assert js["reports"][RID]["tables"]["sections"]["changed"][0]["page"] == 2

    page = to_html(d, review="review.html")
    assert page.count("<details>") == 3  # the report, and each of its two tables, collapsed
    assert "rules fingerprint differs" in page and "<td class=n>1</td>" in page
    assert f'href="review.html#report={RID}&amp;table=metrics&amp;q=7%20child%20deaths%20were%20reviewed">p.6<' in page
    assert "<script" not in page
    r = run_extract(["diff", a, b, "--html", tmp_path / "d.html", "--review", "rev.html"])
    assert r.returncode == 1 and f'"rev.html#report={RID}&amp;table=sections">p.2<' in (tmp_path / "d.html").read_text()


def test_html_stays_small_for_a_large_diff(tmp_path):
    """Thousands of changed cells: the page shows the first rows of each table and counts the
    rest (all are in --json); a report only in one run is counted, not listed."""
    big = tuple((f"Agency {i}", f"{i},000") for i in range(2000))
    a = dataset(tmp_path / "a", BASE, cells=big)
    b = dataset(tmp_path / "b", BASE, cells=tuple((x, v + "0") for x, v in big))
    d = diff_folders(a, b)
    assert d.totals()["table_cells"]["changed"] == 2000
    page = to_html(d)
    assert len(page) < 60_000 and "1900 more row(s)" in page
    assert len(json.loads(to_json(d))["reports"][RID]["tables"]["table_cells"]["changed"]) == 2000

    empty = tmp_path / "empty"
    write_dataset(empty, {}, {"files": []})
    page = to_html(diff_folders(empty, b))
    assert "report added" in page and "table_cells 4000 row(s)" in page and len(page) < 5_000
